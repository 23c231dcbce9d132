// SubscriptionRemoved v1: the subscription was ended (mailbox removed from scope, unsubscribed).
import Type from 'typebox';

export const SubscriptionRemovedV1 = Type.Object(
  {
    mailbox: Type.String({ minLength: 1 }),
    subscriptionId: Type.String({ minLength: 1 }),
    reason: Type.String({ minLength: 1 }),
  },
  { additionalProperties: true },
);
export type SubscriptionRemovedV1 = Type.Static<typeof SubscriptionRemovedV1>;
