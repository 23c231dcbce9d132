import type { CallbackSettings } from './callbackSettings.ts';
import { ConfigError } from './ConfigError.ts';
import type { ValueSource } from './ConfigError.ts';
import { joinUrlPath } from './joinUrlPath.ts';

export type HealthCheckUrlResult =
  { readonly ok: true; readonly url: string } | { readonly ok: false; readonly error: ConfigError };

/** IdpRootUrl + /healthz: the reachability check for the callback host (the callback has no page). */
export function healthCheckUrl(
  settings: Pick<CallbackSettings, 'IdpRootUrl'>,
  sources: { readonly IdpRootUrl?: ValueSource } = {},
): HealthCheckUrlResult {
  const url = settings.IdpRootUrl === undefined ? undefined : joinUrlPath(settings.IdpRootUrl, '/healthz');
  if (url === undefined) {
    const reason = settings.IdpRootUrl === undefined ? 'required for the health check URL' : 'not an absolute URL';
    return {
      ok: false,
      error: new ConfigError({
        key: 'IdpRootUrl',
        value: settings.IdpRootUrl,
        source: sources.IdpRootUrl ?? 'unset',
        reason,
      }),
    };
  }
  return { ok: true, url };
}
