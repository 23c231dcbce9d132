// ResyncRequested v1: the projector must ask Exchange about a mailbox. `full` (the default): the
// manager lost its event stream (e.g. EWS answered ErrorInvalidWatermark), so the folder is synced
// from scratch. `changes`: notifications may have been lost (a Graph subscription re-created, the
// periodic reconcile), so the projector catches up from its stored sync state.
import Type from 'typebox';

export const ResyncRequestedV1 = Type.Object(
  {
    mailbox: Type.String({ minLength: 1 }),
    /** e.g. `ErrorInvalidWatermark`. */
    reason: Type.String({ minLength: 1 }),
    scope: Type.Optional(Type.Union([Type.Literal('full'), Type.Literal('changes')])),
  },
  { additionalProperties: true },
);
export type ResyncRequestedV1 = Type.Static<typeof ResyncRequestedV1>;
