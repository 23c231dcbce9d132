// The EWS credentials from settings, or the config errors that name what is missing.
import { ConfigError } from '@rooms-sync/config';
import type { SettingsOf, SourcesOf } from '@rooms-sync/config';
import type { EwsAuth } from './EwsClient.ts';
import type { ewsSettings } from './ewsSettings.ts';

type Settings = SettingsOf<typeof ewsSettings>;
type Sources = SourcesOf<typeof ewsSettings>;

export function ewsAuthFromSettings(
  s: Settings,
  sources: Sources,
): { ok: true; auth: EwsAuth } | { ok: false; errors: ConfigError[] } {
  const errors: ConfigError[] = [];
  const need = (key: keyof Settings, value: string | undefined): string => {
    if (value === undefined)
      errors.push(new ConfigError({ key, source: sources[key], reason: `required when EwsAuth=${s.EwsAuth}` }));
    return value ?? '';
  };
  let auth: EwsAuth;
  switch (s.EwsAuth) {
    case 'basic':
      auth = {
        kind: 'basic',
        username: need('EwsUsername', s.EwsUsername),
        password: need('EwsPassword', s.EwsPassword),
      };
      break;
    case 'ntlm':
      auth = {
        kind: 'ntlm',
        username: need('EwsUsername', s.EwsUsername),
        password: need('EwsPassword', s.EwsPassword),
        ...(s.EwsDomain === undefined ? {} : { domain: s.EwsDomain }),
      };
      break;
    case 'bearer':
    case 'oauth':
      // The chart's `bearer` means an OAuth token from client credentials; a fixed
      // EwsBearerToken (tests, a token minted elsewhere) wins when set.
      if (s.EwsAuth === 'bearer' && s.EwsBearerToken !== undefined) {
        const token = s.EwsBearerToken;
        auth = { kind: 'bearer', token: () => Promise.resolve(token) };
        break;
      }
      auth = {
        kind: 'oauth-client-credentials',
        tenantId: need('EwsOAuthTenantId', s.EwsOAuthTenantId),
        clientId: need('EwsOAuthClientId', s.EwsOAuthClientId),
        clientSecret: need('EwsOAuthClientSecret', s.EwsOAuthClientSecret),
      };
      break;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, auth };
}
