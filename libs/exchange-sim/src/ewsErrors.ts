// The EWS error codes the simulator returns, with Exchange's wording.
import type { ResponseError } from './soap.ts';

const MESSAGES = {
  ErrorNonExistentMailbox: 'The SMTP address has no mailbox associated with it.',
  ErrorFolderNotFound: 'The specified folder could not be found in the store.',
  ErrorItemNotFound: 'The specified object was not found in the store.',
  ErrorInvalidIdMalformed: 'Id is malformed.',
  ErrorInvalidSubscription: 'The subscription is invalid.',
  ErrorSubscriptionNotFound: 'The specified subscription was not found.',
  ErrorInvalidSubscriptionRequest: 'The subscription request is invalid.',
  ErrorSubscriptionDelegateAccessNotSupported:
    'Subscription to another user\u2019s mailbox via delegate access is not supported. Use impersonation instead.',
  ErrorInvalidWatermark: 'The watermark used for creating this subscription was not found.',
  ErrorExceededSubscriptionCount: 'You have exceeded the maximum number of subscriptions (EWSMaxSubscriptions).',
  ErrorInvalidPushSubscriptionUrl: 'The push subscription URL is invalid.',
  ErrorInvalidSyncStateData: 'Synchronization state data is corrupt or otherwise invalid.',
  ErrorInvalidArgument: 'An invalid argument was passed.',
  ErrorInvalidRequest: 'The request is invalid.',
  ErrorSchemaValidation: 'The request failed schema validation.',
  ErrorServerBusy: 'The server cannot service this request right now. Try again later.',
  ErrorCalendarViewRangeTooBig: 'The calendar view range is too big.',
  ErrorInvalidServerVersion: 'The specified server version is invalid.',
  ErrorTimeZone: 'The time zone definition is not valid.',
  ErrorInvalidPropertyRequest: 'This property was requested, but it isn\u2019t supported by this operation.',
  ErrorInvalidOperation: 'This operation is not supported by the simulator.',
  ErrorNameResolutionNoResults: 'No results were found.',
  // Error pushes (docs/protocols.md §5); Exchange's text is localized, this is our own wording.
  ErrorReadEventsFailed: 'Events for this subscription cannot be retrieved. Recreate the subscription.',
  ErrorMissedNotificationEvents: 'Events for this subscription were lost. Recreate the subscription.',
} as const;

export type EwsErrorCode = keyof typeof MESSAGES;

export function ewsError(
  code: EwsErrorCode,
  details?: Readonly<Record<string, string>>,
  message?: string,
): ResponseError {
  return { code, message: message ?? MESSAGES[code], ...(details ? { details } : {}) };
}

/** Exchange's wording for a code, if the simulator knows it. */
export function ewsErrorText(code: string): string | undefined {
  return Object.hasOwn(MESSAGES, code) ? MESSAGES[code as EwsErrorCode] : undefined;
}
