// The EWS keys every service that talks to Exchange reads, so the manager and
// the projector share one RoomsAppSettings.config (and one chart ConfigMap).
import { parsers, setting } from '@rooms-sync/config';

export const EWS_AUTH_KINDS = ['basic', 'ntlm', 'bearer', 'oauth'] as const;

export const ewsSettings = {
  EwsUrl: setting(parsers.absoluteUrl(), { default: 'http://127.0.0.1:8090/EWS/Exchange.asmx' }),
  /** basic or ntlm (Exchange Server); oauth or bearer (client credentials for Exchange Online; bearer with EwsBearerToken: that fixed token). */
  EwsAuth: setting(parsers.oneOf(EWS_AUTH_KINDS), { default: 'basic' }),
  EwsUsername: setting(parsers.string()),
  EwsPassword: setting(parsers.string()),
  EwsDomain: setting(parsers.string()),
  EwsBearerToken: setting(parsers.string()),
  EwsOAuthTenantId: setting(parsers.string()),
  EwsOAuthClientId: setting(parsers.string()),
  EwsOAuthClientSecret: setting(parsers.string()),
  EwsTimeoutMs: setting(parsers.int({ min: 1_000, max: 300_000 }), { default: 30_000 }),
  EwsAllowUntrustedCertificate: setting(parsers.bool(), { default: false }),
} as const;
