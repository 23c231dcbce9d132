// SubscriptionRenewed v1: an existing subscription was confirmed or renewed in place.
import Type from 'typebox';

export const SubscriptionRenewedV1 = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    mailbox: Type.String({ minLength: 1 }),
    watermark: Type.Optional(Type.String()),
    /** Graph only: the new expiry Graph granted (ISO 8601 UTC). */
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** Free text on purpose: new reasons must not break older readers. */
    reason: Type.String({ minLength: 1 }),
  },
  { additionalProperties: true },
);
export type SubscriptionRenewedV1 = Type.Static<typeof SubscriptionRenewedV1>;
