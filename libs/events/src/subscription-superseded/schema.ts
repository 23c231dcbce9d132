// SubscriptionSuperseded v1: a new subscription replaced an old one; pushes for the old id
// must be answered with Unsubscribe.
import Type from 'typebox';

export const SubscriptionSupersededV1 = Type.Object(
  {
    mailbox: Type.String({ minLength: 1 }),
    oldSubscriptionId: Type.String({ minLength: 1 }),
    newSubscriptionId: Type.String({ minLength: 1 }),
    reason: Type.String({ minLength: 1 }),
  },
  { additionalProperties: true },
);
export type SubscriptionSupersededV1 = Type.Static<typeof SubscriptionSupersededV1>;
