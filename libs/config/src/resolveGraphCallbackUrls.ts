// The callback URLs registered with Microsoft Graph; the first rule that applies wins:
// 1. override: GraphNotificationEndpointUrl as configured (lifecycle: the same + /lifecycle);
// 2. default: IdpRootUrl + /api/webhooks/graph (lifecycle: + /lifecycle).
// The legacy WCF endpoint never served Graph, so it has no rule here. Graph calls only HTTPS
// URLs; a plain-http one is refused unless GraphAllowInsecureCallback says this is local
// development against the simulator.
import type { CallbackSettings } from './callbackSettings.ts';
import { ConfigError } from './ConfigError.ts';
import type { CallbackSources } from './resolveCallbackUrl.ts';
import { joinUrlPath } from './joinUrlPath.ts';

export const GRAPH_WEBHOOK_PATH = '/api/webhooks/graph';
export const GRAPH_LIFECYCLE_SUFFIX = '/lifecycle';

export type ResolveGraphCallbackUrlsResult =
  | {
      readonly ok: true;
      readonly notificationUrl: string;
      readonly lifecycleNotificationUrl: string;
      readonly rule: 'override' | 'default';
    }
  | { readonly ok: false; readonly error: ConfigError };

export function resolveGraphCallbackUrls(
  settings: CallbackSettings,
  sources: CallbackSources = {},
): ResolveGraphCallbackUrlsResult {
  const override = settings.GraphNotificationEndpointUrl;
  const rule = override === undefined ? 'default' : 'override';
  const key = override === undefined ? 'IdpRootUrl' : 'GraphNotificationEndpointUrl';
  const url = override ?? joinUrlPath(settings.IdpRootUrl ?? '', GRAPH_WEBHOOK_PATH);
  if (url === undefined) {
    const reason = 'required for a Graph connection when no GraphNotificationEndpointUrl is set';
    return {
      ok: false,
      error: new ConfigError({ key, value: settings.IdpRootUrl, source: sources[key] ?? 'unset', reason }),
    };
  }
  if (new URL(url).protocol !== 'https:' && !settings.GraphAllowInsecureCallback) {
    const reason = `Microsoft Graph calls only https callbacks, and ${url} is not one (GraphAllowInsecureCallback=true is for local development against the simulator)`;
    return { ok: false, error: new ConfigError({ key, value: url, source: sources[key] ?? 'unset', reason }) };
  }
  return {
    ok: true,
    notificationUrl: url,
    lifecycleNotificationUrl: `${url.replace(/\/+$/, '')}${GRAPH_LIFECYCLE_SUFFIX}`,
    rule,
  };
}
