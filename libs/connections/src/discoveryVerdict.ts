// A failed room list read → what the operator reads. A token failure is the connection's own
// (connectionVerdict); the rest differ from a mailbox read: the address is a room list, and on
// Graph the permission is Place.Read.All, not Calendars.Read. Codes first, as data.
import { connectionVerdict } from './connectionVerdict.ts';
import type { Verdict } from './connectionVerdict.ts';
import type { ProbeFailure } from './probeConnection.ts';

type Reading = 'missing' | 'denied' | 'credentials' | 'blocked';

const GRAPH_CODES: Readonly<Record<string, Reading>> = {
  ErrorAccessDenied: 'denied',
  Authorization_RequestDenied: 'denied',
  AccessDenied: 'denied',
  ErrorItemNotFound: 'missing',
  ResourceNotFound: 'missing',
  Request_ResourceNotFound: 'missing',
  ErrorInvalidUser: 'missing',
};

const EWS_CODES: Readonly<Record<string, Reading>> = {
  ErrorNameResolutionNoResults: 'missing',
  ErrorInvalidSmtpAddress: 'missing',
  ErrorAccessDenied: 'denied',
  HttpStatus401: 'credentials',
  HttpStatus403: 'blocked',
};

/** docs/exchange-online.md: the one permission discovery needs, and only discovery. */
const PLACE_READ_HINT = (clientId: string | undefined) =>
  [
    'the app needs the application permission Place.Read.All (Microsoft Graph), with admin consent; only room list',
    `discovery uses it: Entra ID > App registrations > ${clientId ?? '<client id>'} > API permissions > Add > Microsoft Graph >`,
    'Application permissions > Place.Read.All, then Grant admin consent',
  ].join('\n');

export interface DiscoveryContext {
  /** The room list asked for; undefined when listing the room lists. */
  readonly roomList: string | undefined;
  readonly clientId: string | undefined;
}

export function discoveryVerdict(failure: ProbeFailure, context: DiscoveryContext): Verdict {
  if (failure.step === 'token') return connectionVerdict(failure, { mailbox: undefined, clientId: context.clientId });
  const codes = failure.via === 'graph' ? GRAPH_CODES : EWS_CODES;
  let reading = Object.hasOwn(codes, failure.code) ? codes[failure.code] : undefined;
  if (reading === undefined && failure.via === 'graph') {
    if (failure.status === 403) reading = 'denied';
    else if (failure.kind === 'not_found') reading = 'missing';
  }
  switch (reading) {
    case 'missing':
      return { reason: `no such room list: ${context.roomList ?? '(none asked for)'}` };
    case 'denied':
      return failure.via === 'graph'
        ? { reason: 'access denied to the room lists', hint: PLACE_READ_HINT(context.clientId) }
        : { reason: 'access denied to the room lists: the account may not read the address book' };
    case 'credentials':
      return { reason: 'EWS refused the credentials (HTTP 401): check the user name and password' };
    case 'blocked':
      return { reason: 'EWS refused the request (HTTP 403): in Exchange Online, discover through a Graph connection' };
    case undefined:
      break;
  }
  const source = failure.via === 'graph' ? 'Graph' : 'EWS';
  if (failure.kind === 'throttled') return { reason: `${source} is throttling: try again later (${failure.message})` };
  if (failure.kind === 'transient')
    return { reason: `${source} could not be reached or failed: ${failure.code}: ${failure.message}` };
  if (failure.via === 'graph' && failure.kind === 'unauthorized')
    return { reason: `Graph refused the token: ${failure.message}`, hint: PLACE_READ_HINT(context.clientId) };
  return { reason: `${source} answered ${failure.code}: ${failure.message}` };
}
