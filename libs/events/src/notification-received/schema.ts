// The payload of NotificationReceived v1: what one accepted SendNotification POST
// carried, as parsed by libs/ews, or (source graph) what one Graph notification POST carried
// for one mailbox (graphSchema.ts). This schema is the single source of the types:
// the parser returns them, the ingress produces them, the consumers read them.
import Type from 'typebox';
import { GraphNotificationReceived } from './graphSchema.ts';

export const EVENT_KINDS = [
  'Status',
  'Created',
  'Modified',
  'Deleted',
  'Moved',
  'Copied',
  'NewMail',
  'FreeBusyChanged',
] as const;

export const EwsId = Type.Object({
  id: Type.String({ minLength: 1 }),
  changeKey: Type.Optional(Type.String()),
});
export type EwsId = Type.Static<typeof EwsId>;

export const NotificationEvent = Type.Object(
  {
    kind: Type.Enum(EVENT_KINDS),
    watermark: Type.Optional(Type.String()),
    timestamp: Type.Optional(Type.String()),
    itemId: Type.Optional(EwsId),
    folderId: Type.Optional(EwsId),
    parentFolderId: Type.Optional(EwsId),
    oldItemId: Type.Optional(EwsId),
    oldFolderId: Type.Optional(EwsId),
    oldParentFolderId: Type.Optional(EwsId),
    unreadCount: Type.Optional(Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: true },
);
export type NotificationEvent = Type.Static<typeof NotificationEvent>;
export type NotificationEventKind = NotificationEvent['kind'];

/** A SendNotification response message with ResponseClass Success or Warning. */
export const NotificationMessage = Type.Object(
  {
    responseClass: Type.Union([Type.Literal('Success'), Type.Literal('Warning')]),
    subscriptionId: Type.String({ minLength: 1 }),
    previousWatermark: Type.Optional(Type.String()),
    moreEvents: Type.Boolean(),
    events: Type.Array(NotificationEvent),
  },
  { additionalProperties: true },
);
export type NotificationMessage = Type.Static<typeof NotificationMessage>;

/**
 * An error push (ResponseClass="Error", e.g. ErrorReadEventsFailed): no
 * Notification element; the subscription id, when present, sits under MessageXml.
 */
export const NotificationErrorMessage = Type.Object(
  {
    responseClass: Type.Literal('Error'),
    responseCode: Type.String({ minLength: 1 }),
    messageText: Type.Optional(Type.String()),
    subscriptionId: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
export type NotificationErrorMessage = Type.Static<typeof NotificationErrorMessage>;

export const SendNotificationMessage = Type.Union([NotificationMessage, NotificationErrorMessage]);
export type SendNotificationMessage = Type.Static<typeof SendNotificationMessage>;

export const EwsNotificationReceived = Type.Object(
  {
    /** Absent on events written before Graph. */
    source: Type.Optional(Type.Literal('ews')),
    /** First subscription id in the message (the one the reply speaks for); absent only for an error push without one. */
    subscriptionId: Type.Optional(Type.String()),
    mailbox: Type.Optional(Type.String()),
    tenant: Type.Optional(Type.String()),
    /** Which callback path Exchange used: the default webhook or the legacy rollback URL. */
    endpoint: Type.Union([Type.Literal('default'), Type.Literal('legacy')]),
    receivedAt: Type.String(),
    messages: Type.Array(SendNotificationMessage, { minItems: 1 }),
  },
  { additionalProperties: true },
);
export type EwsNotificationReceived = Type.Static<typeof EwsNotificationReceived>;

/** One accepted callback POST, from EWS or from Graph (`source` tells them apart). */
export const NotificationReceivedV1 = Type.Union([EwsNotificationReceived, GraphNotificationReceived]);
export type NotificationReceivedV1 = Type.Static<typeof NotificationReceivedV1>;

/** The EWS messages of a NotificationReceived; none for a Graph one. */
export function ewsMessagesOf(data: NotificationReceivedV1): SendNotificationMessage[] {
  return data.source === 'graph' ? [] : data.messages;
}
