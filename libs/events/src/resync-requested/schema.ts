// ResyncRequested v1: the manager lost the event stream of a mailbox (e.g. EWS answered
// ErrorInvalidWatermark) so the projector must resync the folder from scratch.
import Type from 'typebox';

export const ResyncRequestedV1 = Type.Object(
  {
    mailbox: Type.String({ minLength: 1 }),
    /** e.g. `ErrorInvalidWatermark`. */
    reason: Type.String({ minLength: 1 }),
  },
  { additionalProperties: true },
);
export type ResyncRequestedV1 = Type.Static<typeof ResyncRequestedV1>;
