// A Graph error answer (status, error code, Retry-After) → what the caller should do, as data.
// Codes win over statuses: Graph answers several different situations with the same status.
import type { GraphErrorKind } from '@rooms-sync/events';

const CODES: Readonly<Record<string, GraphErrorKind>> = {
  // A mailbox that lives on-premises in a hybrid organization (or has no Exchange Online
  // licence): only EWS on the other side can reach it.
  MailboxNotEnabledForRESTAPI: 'permanent',
  MailboxNotSupportedForRESTAPI: 'permanent',
  // The app lacks Calendars.Read, or RBAC for Applications does not scope it to this mailbox.
  ErrorAccessDenied: 'permanent',
  Authorization_RequestDenied: 'permanent',
  AccessDenied: 'permanent',
  ErrorInvalidUser: 'permanent',
  // The delta link is no longer known: start a full delta round.
  syncStateNotFound: 'invalid_sync_state',
  SyncStateNotFound: 'invalid_sync_state',
  resyncRequired: 'invalid_sync_state',
  // The notification URL did not answer the validation handshake (the ingress down or
  // unreachable): worth retrying, as the ingress usually comes back.
  ValidationError: 'transient',
  InvalidAuthenticationToken: 'unauthorized',
  TokenRequestFailed: 'unauthorized',
  Timeout: 'transient',
  NetworkError: 'transient',
};

export interface GraphErrorAnswer {
  /** undefined when Graph was not reached. */
  status?: number | undefined;
  code: string;
  message: string;
}

export function classifyGraphError(answer: GraphErrorAnswer): GraphErrorKind {
  if (answer.status === 429) return 'throttled';
  if (answer.status === 400 && /expiration/i.test(answer.message) && /minutes?/i.test(answer.message)) {
    return 'expiry_too_long';
  }
  const byCode = CODES[answer.code];
  if (byCode) return byCode;
  const status = answer.status;
  if (status === undefined || status >= 500 || status === 408) return 'transient';
  if (status === 401) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 410) return 'invalid_sync_state';
  return 'permanent';
}

/** Retry-After in milliseconds: seconds or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
