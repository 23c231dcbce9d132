// EWS response codes (and our transport pseudo-codes) → what the caller should do, as data.
// The kinds: throttled = wait backOffMs then retry; transient = retry with backoff;
// permanent = retrying will not help (configuration, permissions, bad input);
// invalid_watermark = subscribe again without the watermark and resync;
// invalid_sync_state = restart SyncFolderItems from scratch; unauthorized = credentials.
import type { EwsErrorKind } from '@rooms-sync/events';

const CODES: Readonly<Record<string, EwsErrorKind>> = {
  // Throttling (docs/protocols.md §10): honour BackOffMilliseconds.
  ErrorServerBusy: 'throttled',
  ErrorTooManyObjectsOpened: 'throttled',
  ErrorExceededConnectionCount: 'throttled',
  ErrorExceededFindCountLimit: 'throttled',

  // The server or its store is briefly unavailable.
  ErrorInternalServerTransientError: 'transient',
  ErrorInternalServerError: 'transient',
  ErrorMailboxStoreUnavailable: 'transient',
  ErrorMailboxMoveInProgress: 'transient',
  ErrorConnectionFailed: 'transient',
  ErrorTimeoutExpired: 'transient',
  ErrorBatchProcessingStopped: 'transient',
  ErrorProxiedSubscriptionCallFailure: 'transient',
  ErrorNotEnoughMemory: 'transient',
  ErrorRpcFailed: 'transient',
  Timeout: 'transient',
  NetworkError: 'transient',

  // Resume point gone (docs/protocols.md §8): one remedy for all of them, a fresh Subscribe
  // without the watermark plus a SyncFolderItems resync. ErrorExpiredSubscription is the
  // GetEvents form of the same loss; should a watermark resubscribe ever answer with it, the
  // watermark is just as unusable.
  ErrorInvalidWatermark: 'invalid_watermark',
  ErrorExpiredSubscription: 'invalid_watermark',
  ErrorMissedNotificationEvents: 'invalid_watermark',
  ErrorReadEventsFailed: 'invalid_watermark',

  ErrorInvalidSyncStateData: 'invalid_sync_state',

  // Mailbox, permissions, configuration, or a request Exchange will never accept.
  ErrorNonExistentMailbox: 'permanent',
  ErrorInvalidSmtpAddress: 'permanent',
  // GetRooms of an address that is no room list (docs/protocols.md §16).
  ErrorNameResolutionNoResults: 'permanent',
  ErrorAccessDenied: 'permanent',
  ErrorImpersonateUserDenied: 'permanent',
  ErrorImpersonationDenied: 'permanent',
  ErrorImpersonationFailed: 'permanent',
  ErrorFolderNotFound: 'permanent',
  ErrorSyncFolderNotFound: 'permanent',
  ErrorItemNotFound: 'permanent',
  ErrorInvalidIdMalformed: 'permanent',
  ErrorInvalidPushSubscriptionUrl: 'permanent',
  ErrorInvalidSubscriptionRequest: 'permanent',
  ErrorInvalidSubscription: 'permanent',
  ErrorSubscriptionNotFound: 'permanent',
  ErrorSubscriptionAccessDenied: 'permanent',
  ErrorSubscriptionDelegateAccessNotSupported: 'permanent',
  // EWSMaxSubscriptions is a budget, not a rate: waiting does not free a slot.
  ErrorExceededSubscriptionCount: 'permanent',
  ErrorCalendarViewRangeTooBig: 'permanent',
  ErrorInvalidArgument: 'permanent',
  ErrorInvalidRequest: 'permanent',
  ErrorInvalidOperation: 'permanent',
  ErrorInvalidPropertyRequest: 'permanent',
  ErrorSchemaValidation: 'permanent',
  ErrorInvalidServerVersion: 'permanent',
  ErrorIncorrectSchemaVersion: 'permanent',
  ErrorMailboxConfiguration: 'permanent',
  ClientError: 'permanent',

  ErrorInvalidLicense: 'unauthorized',
};

const HTTP_STATUS = /^HttpStatus(\d{3})$/;

function classifyHttpStatus(status: number): EwsErrorKind {
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 429 || status === 503) return 'throttled';
  if (status === 408 || status >= 500) return 'transient';
  return 'permanent';
}

/**
 * `code` is an EWS ResponseCode or one of our pseudo-codes ('HttpStatus401', 'Timeout',
 * 'NetworkError', 'ClientError'); `httpStatus` decides when the code alone does not. Unknown
 * codes are permanent: retrying what we do not understand risks hammering a room forever.
 */
export function classifyEwsError(code: string, httpStatus?: number): EwsErrorKind {
  const known = Object.hasOwn(CODES, code) ? CODES[code] : undefined;
  if (known !== undefined) return known;
  const pseudo = HTTP_STATUS.exec(code);
  if (pseudo?.[1] !== undefined) return classifyHttpStatus(Number(pseudo[1]));
  // The token endpoint answered with an error status: 400/401 are configuration or credentials.
  if (code === 'TokenRequestFailed') return httpStatus === undefined ? 'transient' : classifyHttpStatus(httpStatus);
  if (httpStatus !== undefined && httpStatus !== 200 && httpStatus !== 500) return classifyHttpStatus(httpStatus);
  return 'permanent';
}
