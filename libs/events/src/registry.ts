// Event type → schema. Adding a version means adding a folder, a schema and a line here;
// the RoomsEvent union, createEvent, encodeEvent and decodeEvent follow from this table.
import type Type from 'typebox';
import { eventSchema, eventTypeName } from './envelope.ts';
import { NotificationReceivedV1 } from './notification-received/schema.ts';
import { ResyncRequestedV1 } from './resync-requested/schema.ts';
import { SubscriptionCreatedV1 } from './subscription-created/schema.ts';
import { SubscriptionFailedV1 } from './subscription-failed/schema.ts';
import { SubscriptionHeartbeatMissedV1 } from './subscription-heartbeat-missed/schema.ts';
import { SubscriptionRemovedV1 } from './subscription-removed/schema.ts';
import { SubscriptionRenewedV1 } from './subscription-renewed/schema.ts';
import { SubscriptionSupersededV1 } from './subscription-superseded/schema.ts';

export const EventTypes = {
  NotificationReceivedV1: eventTypeName('NotificationReceived', 1),
  SubscriptionCreatedV1: eventTypeName('SubscriptionCreated', 1),
  SubscriptionRenewedV1: eventTypeName('SubscriptionRenewed', 1),
  SubscriptionHeartbeatMissedV1: eventTypeName('SubscriptionHeartbeatMissed', 1),
  SubscriptionFailedV1: eventTypeName('SubscriptionFailed', 1),
  SubscriptionSupersededV1: eventTypeName('SubscriptionSuperseded', 1),
  SubscriptionRemovedV1: eventTypeName('SubscriptionRemoved', 1),
  ResyncRequestedV1: eventTypeName('ResyncRequested', 1),
} as const;

const T = EventTypes;

export const EVENT_SCHEMAS = {
  [T.NotificationReceivedV1]: eventSchema(T.NotificationReceivedV1, NotificationReceivedV1),
  [T.SubscriptionCreatedV1]: eventSchema(T.SubscriptionCreatedV1, SubscriptionCreatedV1),
  [T.SubscriptionRenewedV1]: eventSchema(T.SubscriptionRenewedV1, SubscriptionRenewedV1),
  [T.SubscriptionHeartbeatMissedV1]: eventSchema(T.SubscriptionHeartbeatMissedV1, SubscriptionHeartbeatMissedV1),
  [T.SubscriptionFailedV1]: eventSchema(T.SubscriptionFailedV1, SubscriptionFailedV1),
  [T.SubscriptionSupersededV1]: eventSchema(T.SubscriptionSupersededV1, SubscriptionSupersededV1),
  [T.SubscriptionRemovedV1]: eventSchema(T.SubscriptionRemovedV1, SubscriptionRemovedV1),
  [T.ResyncRequestedV1]: eventSchema(T.ResyncRequestedV1, ResyncRequestedV1),
};

export type EventSchemas = typeof EVENT_SCHEMAS;
export type RoomsEventType = keyof EventSchemas;
/** One event (envelope + data) of the given type. */
export type RoomsEventOf<K extends RoomsEventType> = Type.Static<EventSchemas[K]>;
/** Every known event, discriminated by `type`. */
export type RoomsEvent = { [K in RoomsEventType]: RoomsEventOf<K> }[RoomsEventType];
export type EventData<K extends RoomsEventType> = RoomsEventOf<K>['data'];

export const EVENT_TYPES = Object.keys(EVENT_SCHEMAS) as readonly RoomsEventType[];

export function isRoomsEventType(value: unknown): value is RoomsEventType {
  return typeof value === 'string' && Object.hasOwn(EVENT_SCHEMAS, value);
}
