// One ExchangeService per EWS call. The library keeps impersonation, HttpHeaders and the last
// response headers on the service object, so a shared instance would let two concurrent calls
// for different rooms send each other's ExchangeImpersonation or X-AnchorMailbox.
import { randomUUID } from 'node:crypto';
import {
  ConnectingIdType,
  ExchangeCredentials,
  ExchangeService,
  ExchangeVersion,
  ImpersonatedUserId,
  OAuthCredentials,
  Uri,
  WebCredentials,
} from 'ews-javascript-api';
import { xmlEscape } from '@rooms-sync/ews';
import { ObservingTransport } from './ObservingTransport.ts';

/** Auth resolved for one call: a bearer token has already been fetched. */
export type ResolvedAuth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'ntlm'; username: string; password: string; domain?: string }
  | { kind: 'bearer'; token: string };

export interface ServiceSettings {
  url: string;
  timeoutMs: number;
  allowUntrustedCertificate: boolean;
}

export interface PreparedService {
  service: ExchangeService;
  transport: ObservingTransport;
  clientRequestId: string;
}

/** NtlmProvider writes the Authorization header itself; the service must not add a Basic one. */
class TransportAuthCredentials extends ExchangeCredentials {
  override PrepareWebRequest(): void {
    // Intentionally empty.
  }
}

/** `mailbox` undefined: no impersonation, the account's own context (directory reads such as GetRoomLists). */
export function createExchangeService(
  settings: ServiceSettings,
  auth: ResolvedAuth,
  mailbox: string | undefined,
): PreparedService {
  const transport = new ObservingTransport({
    timeoutMs: settings.timeoutMs,
    allowUntrustedCertificate: settings.allowUntrustedCertificate,
    ...(auth.kind === 'ntlm'
      ? {
          ntlm: { username: auth.domain ? `${auth.domain}\\${auth.username}` : auth.username, password: auth.password },
        }
      : {}),
  });
  const service = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
  service.Url = new Uri(settings.url);
  service.XHRApi = transport;
  service.Credentials = credentialsFor(auth);
  if (mailbox !== undefined) {
    service.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, xmlEscape(mailbox));
    // docs/protocols.md §3: with impersonation, always anchor on the impersonated mailbox (an HTTP
    // header: not escaped).
    service.HttpHeaders.Add('X-AnchorMailbox', mailbox);
  }
  const clientRequestId = randomUUID();
  service.ClientRequestId = clientRequestId;
  service.ReturnClientRequestId = true;
  return { service, transport, clientRequestId };
}

function credentialsFor(auth: ResolvedAuth): ExchangeCredentials {
  switch (auth.kind) {
    case 'basic':
      return new WebCredentials(auth.username, auth.password);
    case 'ntlm':
      return new TransportAuthCredentials();
    case 'bearer':
      // verbatim: the library otherwise insists on a JWT-shaped token; opaque tokens are valid too.
      return new OAuthCredentials(auth.token.replace(/^Bearer\s+/i, ''), true);
  }
}
