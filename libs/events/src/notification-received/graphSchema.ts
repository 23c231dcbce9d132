// What one accepted Microsoft Graph notification POST carried, for one mailbox: the changes (or
// lifecycle notices) of its subscriptions, as the ingress checked them. Graph's clientState is
// the shared secret that proves a notification came from Graph: it is checked and dropped, and
// never recorded.
import Type from 'typebox';

export const GRAPH_CHANGE_TYPES = ['created', 'updated', 'deleted'] as const;
export const GRAPH_LIFECYCLE_EVENTS = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'] as const;

export const GraphChange = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    changeType: Type.Enum(GRAPH_CHANGE_TYPES),
    /** e.g. Users/{id}/Events/{id} */
    resource: Type.String(),
    /** resourceData.id: the event's id. */
    eventId: Type.Optional(Type.String({ minLength: 1 })),
    subscriptionExpirationDateTime: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type GraphChange = Type.Static<typeof GraphChange>;

export const GraphLifecycleNotice = Type.Object(
  {
    subscriptionId: Type.String({ minLength: 1 }),
    lifecycleEvent: Type.Enum(GRAPH_LIFECYCLE_EVENTS),
    subscriptionExpirationDateTime: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type GraphLifecycleNotice = Type.Static<typeof GraphLifecycleNotice>;
export type GraphLifecycleEvent = GraphLifecycleNotice['lifecycleEvent'];

/** The Graph variant of NotificationReceived v1's data. */
export const GraphNotificationReceived = Type.Object(
  {
    source: Type.Literal('graph'),
    /** The first subscription of the batch (the partition's mailbox has one live at a time). */
    subscriptionId: Type.String({ minLength: 1 }),
    mailbox: Type.String({ minLength: 1 }),
    /** The connection of the subscription (from its SubscriptionCreated); absent = `default`. */
    connection: Type.Optional(Type.String({ minLength: 1 })),
    /** Graph's tenantId of the notifications. */
    tenant: Type.Optional(Type.String()),
    /** Which callback Graph used: change notifications or lifecycle notifications. */
    endpoint: Type.Union([Type.Literal('graph'), Type.Literal('graph-lifecycle')]),
    receivedAt: Type.String(),
    changes: Type.Array(GraphChange),
    lifecycle: Type.Array(GraphLifecycleNotice),
  },
  { additionalProperties: true },
);
export type GraphNotificationReceived = Type.Static<typeof GraphNotificationReceived>;
