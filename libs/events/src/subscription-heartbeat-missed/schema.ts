// SubscriptionHeartbeatMissed v1: no notification or status ping arrived before the deadline.
import Type from 'typebox';

export const SubscriptionHeartbeatMissedV1 = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    mailbox: Type.String({ minLength: 1 }),
    /** The last push seen for this subscription, if any. */
    lastContactAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** When the heartbeat was due (last contact + status frequency + grace). */
    deadline: Type.String({ format: 'date-time' }),
    /** The last watermark the reporting manager knew: a successor that never read those pushes resumes from it. */
    lastWatermark: Type.Optional(Type.String({ minLength: 1 })),
  },
  { additionalProperties: true },
);
export type SubscriptionHeartbeatMissedV1 = Type.Static<typeof SubscriptionHeartbeatMissedV1>;
