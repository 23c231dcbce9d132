// SubscriptionFailed v1: subscribing (or renewing) a mailbox failed.
import Type from 'typebox';
import { EWS_ERROR_KINDS } from '../ewsErrorKinds.ts';

export const SubscriptionFailedV1 = Type.Object(
  {
    mailbox: Type.String({ minLength: 1 }),
    /** Absent when no subscription was ever created. */
    subscriptionId: Type.Optional(Type.String()),
    /** The EWS response code (e.g. `ErrorInvalidWatermark`) or a transport code. */
    errorCode: Type.String({ minLength: 1 }),
    errorMessage: Type.String(),
    retriable: Type.Boolean(),
    nextAttemptAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** How the error was classified (libs/ews-client), so a later manager retries the same way. */
    kind: Type.Optional(Type.Enum(EWS_ERROR_KINDS)),
  },
  { additionalProperties: true },
);
export type SubscriptionFailedV1 = Type.Static<typeof SubscriptionFailedV1>;
