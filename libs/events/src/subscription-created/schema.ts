// SubscriptionCreated v1: the manager registered a push subscription for a mailbox folder.
import Type from 'typebox';

const CALLBACK_RULES = ['override', 'legacy', 'default'] as const;

export const SubscriptionCreatedV1 = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    mailbox: Type.String({ minLength: 1 }),
    tenant: Type.Optional(Type.String()),
    /** The subscribed folder, e.g. `calendar`. */
    folder: Type.String({ minLength: 1 }),
    callbackUrl: Type.String({ minLength: 1 }),
    /** Which precedence rule produced `callbackUrl` (ExchangePushNotificationEndpointUrl / legacy / IdpRootUrl). */
    callbackRule: Type.Enum(CALLBACK_RULES),
    statusFrequencyMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
    /** The watermark the subscription started from, when it resumed one. */
    watermark: Type.Optional(Type.String()),
    /** The manager (ManagerName) that created it; a manager only ends its own subscriptions. */
    owner: Type.Optional(Type.String({ minLength: 1 })),
    /** Which API the subscription lives in; absent on events written before Graph (EWS). */
    source: Type.Optional(Type.Union([Type.Literal('ews'), Type.Literal('graph')])),
    /** Graph only: SHA-256 (hex) of the clientState the ingress checks notifications against. */
    clientStateHash: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
    /** The connection (ExchangeConnections) the room belongs to; absent = `default`. */
    connection: Type.Optional(Type.String({ minLength: 1 })),
    /** Graph only: when Graph will end the subscription unless it is renewed (ISO 8601 UTC). */
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: true },
);
export type SubscriptionCreatedV1 = Type.Static<typeof SubscriptionCreatedV1>;
export type CallbackRule = SubscriptionCreatedV1['callbackRule'];
