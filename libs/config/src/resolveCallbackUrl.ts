import type { CallbackSettings } from './callbackSettings.ts';
import { ConfigError } from './ConfigError.ts';
import type { ValueSource } from './ConfigError.ts';
import { joinUrlPath } from './joinUrlPath.ts';

export type CallbackRule = 'override' | 'legacy' | 'default';

export type ResolveCallbackUrlResult =
  | { readonly ok: true; readonly url: string; readonly rule: CallbackRule }
  | { readonly ok: false; readonly error: ConfigError };

/** Where each key came from (loadSettings' `sources`), so errors name it; `unset` when omitted. */
export type CallbackSources = Partial<Record<keyof CallbackSettings, ValueSource>>;

export const WEBHOOK_PATH = '/api/webhooks/exchange';
export const LEGACY_PATH = '/WebServices/SyncNotification.svc';

/**
 * The callback URL to register with Exchange; the first rule that applies wins:
 * 1. override: ExchangePushNotificationEndpointUrl, exactly as configured;
 * 2. legacy (rollback path): https://<IdpRootUrl host[:port]>/WebServices/SyncNotification.svc?<Tenant>;
 * 3. default: IdpRootUrl + /api/webhooks/exchange.
 */
export function resolveCallbackUrl(
  settings: CallbackSettings,
  sources: CallbackSources = {},
): ResolveCallbackUrlResult {
  if (settings.ExchangePushNotificationEndpointUrl !== undefined) {
    return { ok: true, url: settings.ExchangePushNotificationEndpointUrl, rule: 'override' };
  }

  const idp = settings.IdpRootUrl === undefined ? null : URL.parse(settings.IdpRootUrl);
  if (settings.ExchangePushNotificationUseLegacyEndpoint) {
    const because =
      'required when ExchangePushNotificationUseLegacyEndpoint=true and no ExchangePushNotificationEndpointUrl is set';
    if (idp === null)
      return { ok: false, error: missingOrInvalidIdp(settings.IdpRootUrl, sources.IdpRootUrl, because) };
    if (settings.Tenant === undefined) {
      return {
        ok: false,
        error: new ConfigError({ key: 'Tenant', source: sources.Tenant ?? 'unset', reason: because }),
      };
    }
    // The legacy endpoint is always https, so only a port other than 443 is kept (URL#port is
    // already empty for the IdpRootUrl scheme's own default port).
    const port = idp.port === '' || idp.port === '443' ? '' : `:${idp.port}`;
    const url = `https://${idp.hostname}${port}${LEGACY_PATH}?${encodeURIComponent(settings.Tenant)}`;
    return { ok: true, url, rule: 'legacy' };
  }

  const url = joinUrlPath(settings.IdpRootUrl ?? '', WEBHOOK_PATH);
  if (url === undefined) {
    return {
      ok: false,
      error: missingOrInvalidIdp(
        settings.IdpRootUrl,
        sources.IdpRootUrl,
        'required when no ExchangePushNotificationEndpointUrl is set',
      ),
    };
  }
  return { ok: true, url, rule: 'default' };
}

function missingOrInvalidIdp(value: string | undefined, source: ValueSource | undefined, because: string): ConfigError {
  // Validated settings never hold an unparsable IdpRootUrl; this guards hand-built ones.
  const reason = value === undefined ? because : 'not an absolute URL';
  return new ConfigError({ key: 'IdpRootUrl', value, source: source ?? 'unset', reason });
}
