// The pure fold of everything the manager learns: its own lifecycle events (from the
// topic or applied locally right after they were produced) and the ingress's
// NotificationReceived. Replaying the same history always gives the same state, which is
// what lets a restarted or newly elected manager continue without duplicates. Dedupe by
// event id is the caller's job (createStateStore); every branch here is also idempotent.
import { EventTypes } from '@rooms-sync/events';
import { Map as ImmutableMap } from 'immutable';
import type {
  GraphNotificationReceived,
  NotificationReceivedV1,
  RoomsEvent,
  SubscriptionFailedV1,
  SubscriptionHeartbeatMissedV1,
  SubscriptionRenewedV1,
} from '@rooms-sync/events';
import { emptyRoom } from './ManagerState.ts';
import type { CurrentSubscription, ManagerState, RoomState } from './ManagerState.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

/**
 * A failed attempt that is not worth an event (a permanent error already reported with the
 * same code and message): it only moves the back-off, and is never published.
 */
export interface AttemptFailed {
  readonly type: 'local.AttemptFailed';
  readonly data: SubscriptionFailedV1;
}

export type ManagerFact = RoomsEvent | AttemptFailed;

/** Early contacts kept for ids not yet known; beyond this the oldest is forgotten. */
const EARLY_LIMIT = 1000;

const INVALID_WATERMARK = 'ErrorInvalidWatermark';

/** SubscriptionRenewed's reason after a reauthorization at Graph (the others: `renewed`, `checked`). */
export const REAUTHORIZED = 'reauthorized';

export function evolve(state: ManagerState, fact: ManagerFact): ManagerState {
  switch (fact.type) {
    case EventTypes.SubscriptionCreatedV1: {
      const d = fact.data;
      const { subscriptionId } = d;
      if (state.ended.has(subscriptionId)) return state;
      const mailbox = normalizeMailbox(d.mailbox);
      const room = state.rooms.get(mailbox) ?? emptyRoom(mailbox, d.tenant);
      if (room.current?.subscriptionId === subscriptionId) return state;
      const early = state.early.get(subscriptionId);
      const orphans = room.current ? [...room.orphans, room.current.subscriptionId] : room.orphans;
      const createdAt = Date.parse(fact.time);
      const next: RoomState = {
        ...room,
        tenant: d.tenant ?? room.tenant,
        current: {
          subscriptionId,
          callbackUrl: d.callbackUrl,
          callbackRule: d.callbackRule,
          statusFrequencyMinutes: d.statusFrequencyMinutes,
          owner: d.owner,
          createdAt,
          source: d.source ?? 'ews',
          connection: d.connection,
          expiresAt: d.expiresAt === undefined ? undefined : Date.parse(d.expiresAt),
          confirmedAt: createdAt,
          reauthorize: false,
          removedAtGraph: false,
        },
        orphans: orphans.filter((id) => id !== subscriptionId),
        watermark: early?.watermark ?? d.watermark ?? room.watermark,
        // The new subscription starts here: nothing of it was pushed before (early pushes merged).
        watermarkAt: early?.watermark === undefined ? createdAt : Math.max(early.lastContactAt, createdAt),
        lastContactAt: early ? Math.max(early.lastContactAt, createdAt) : undefined,
        heartbeatMissedFor: undefined,
        errorPush: early?.errorCode === undefined ? undefined : { subscriptionId, code: early.errorCode },
        failure: undefined,
      };
      const owners = state.owners.set(subscriptionId, mailbox);
      const earlyLeft = state.early.delete(subscriptionId);
      const graphSubscriptions =
        d.source === 'graph'
          ? (state.graphSubscriptions ?? ImmutableMap<string, string | undefined>()).set(subscriptionId, d.connection)
          : state.graphSubscriptions;
      return {
        ...state,
        rooms: withRoom(state, next),
        owners,
        early: earlyLeft,
        ...(graphSubscriptions === undefined ? {} : { graphSubscriptions }),
      };
    }
    case EventTypes.SubscriptionSupersededV1:
      return end(state, fact.data.mailbox, fact.data.oldSubscriptionId, Date.parse(fact.time));
    case EventTypes.SubscriptionRemovedV1:
      return end(state, fact.data.mailbox, fact.data.subscriptionId, Date.parse(fact.time));
    case EventTypes.SubscriptionHeartbeatMissedV1:
      return updateRoom(state, fact.data.mailbox, (room) =>
        room.current?.subscriptionId === fact.data.subscriptionId ? missed(room, fact.data) : room,
      );
    case EventTypes.SubscriptionRenewedV1: {
      const { watermark } = fact.data;
      const at = Date.parse(fact.time);
      return updateRoom(state, fact.data.mailbox, (room) => {
        if (room.current?.subscriptionId !== fact.data.subscriptionId) return room;
        if (room.current.source === 'graph') return renewedAtGraph(room, room.current, fact.data, at);
        return watermark === undefined
          ? room
          : { ...room, watermark, watermarkAt: Math.max(room.watermarkAt ?? 0, at) };
      });
    }
    case EventTypes.SubscriptionFailedV1:
    case 'local.AttemptFailed':
      return failed(state, fact.data);
    case EventTypes.ResyncRequestedV1: {
      const at = Date.parse(fact.time);
      return updateRoom(state, fact.data.mailbox, (room) => ({
        ...room,
        resyncNeeded: false,
        reconciledAt: Math.max(room.reconciledAt ?? at, at),
      }));
    }
    case EventTypes.NotificationReceivedV1:
      return notified(state, fact.data);
  }
}

function failed(state: ManagerState, d: SubscriptionFailedV1 & { readonly kind?: unknown }): ManagerState {
  return updateRoom(state, d.mailbox, (room) => {
    const invalidWatermark = d.errorCode === INVALID_WATERMARK;
    return {
      ...room,
      // The refused watermark is useless from now on: the next subscription starts fresh.
      watermark: invalidWatermark ? undefined : room.watermark,
      resyncNeeded: room.resyncNeeded || invalidWatermark,
      failure: {
        errorCode: d.errorCode,
        errorMessage: d.errorMessage,
        kind: d.kind,
        attempts: (room.failure?.attempts ?? 0) + 1,
        nextAttemptAt: d.nextAttemptAt === undefined ? undefined : Date.parse(d.nextAttemptAt),
      },
    };
  });
}

/** Graph confirmed the subscription (renewed, reauthorized or checked): it counts from now, failures are over. */
function renewedAtGraph(
  room: RoomState,
  current: CurrentSubscription,
  d: SubscriptionRenewedV1,
  at: number,
): RoomState {
  return {
    ...room,
    current: {
      ...current,
      expiresAt: d.expiresAt === undefined ? current.expiresAt : Date.parse(d.expiresAt),
      confirmedAt: Math.max(current.confirmedAt, at),
      reauthorize: d.reason === REAUTHORIZED ? false : current.reauthorize,
    },
    failure: undefined,
  };
}

/**
 * Graph's lifecycle notices about a room's current subscription; the change notifications and
 * `missed` are the projector's (it reads the room again on any notification).
 */
function lifecycle(state: ManagerState, d: GraphNotificationReceived): ManagerState {
  let next = state;
  for (const notice of d.lifecycle) {
    if (notice.lifecycleEvent === 'missed') continue;
    const mailbox = next.owners.get(notice.subscriptionId);
    if (mailbox === undefined) continue;
    next = updateRoom(next, mailbox, (room) => {
      const current = room.current;
      if (current?.subscriptionId !== notice.subscriptionId) return room;
      return notice.lifecycleEvent === 'reauthorizationRequired'
        ? current.reauthorize
          ? room
          : { ...room, current: { ...current, reauthorize: true } }
        : current.removedAtGraph
          ? room
          : { ...room, current: { ...current, removedAtGraph: true } };
    });
  }
  return next;
}

function notified(state: ManagerState, d: NotificationReceivedV1): ManagerState {
  // EWS pushes are the heartbeat of EWS subscriptions; Graph has none (lifecycle notices instead).
  if (d.source === 'graph') return lifecycle(state, d);
  const at = Date.parse(d.receivedAt);
  let next = state;
  for (const message of d.messages) {
    const id = message.subscriptionId ?? d.subscriptionId;
    if (id === undefined) continue;
    const watermark =
      message.responseClass === 'Error'
        ? undefined
        : message.events.findLast((e) => e.watermark !== undefined)?.watermark;
    const errorCode = message.responseClass === 'Error' ? message.responseCode : undefined;
    const mailbox = next.owners.get(id);
    if (mailbox === undefined) {
      if (next.ended.has(id)) continue;
      next = { ...next, early: remember(next.early, id, at, watermark, errorCode) };
      continue;
    }
    next = updateRoom(next, mailbox, (room) => {
      // Only the current subscription moves the room: a superseded one still pushing until it
      // is told to Unsubscribe says nothing about the live one.
      if (room.current?.subscriptionId !== id) return room;
      return {
        ...room,
        lastContactAt: Math.max(room.lastContactAt ?? 0, at),
        watermark: watermark ?? room.watermark,
        watermarkAt: watermark === undefined ? room.watermarkAt : Math.max(room.watermarkAt ?? 0, at),
        errorPush: errorCode === undefined ? room.errorPush : { subscriptionId: id, code: errorCode },
      };
    });
  }
  return next;
}

/**
 * `lastWatermark` is the watermark as the reporting manager knew it, so a manager that
 * never read the pushes before its lookback window can still resume a long-dead
 * subscription from the right place.
 */
function missed(room: RoomState, d: SubscriptionHeartbeatMissedV1): RoomState {
  const next = { ...room, heartbeatMissedFor: d.subscriptionId };
  const reported = d.lastWatermark;
  const reportedContact = d.lastContactAt === undefined ? undefined : Date.parse(d.lastContactAt);
  // A push read here that the report did not know of carries a newer watermark: keep that one.
  const newerSeen =
    room.lastContactAt !== undefined && (reportedContact === undefined || room.lastContactAt > reportedContact);
  if (reported === undefined || newerSeen) return next;
  // Declared dead with this watermark: no later push is expected, so it holds whatever the
  // window (a push read later, if it revives, still moves it).
  return { ...next, watermark: reported, watermarkAt: Number.POSITIVE_INFINITY };
}

function remember(
  early: ManagerState['early'],
  id: string,
  at: number,
  watermark: string | undefined,
  errorCode: string | undefined,
) {
  const seen = early.get(id);
  const next = early.set(id, {
    lastContactAt: Math.max(seen?.lastContactAt ?? 0, at),
    watermark: watermark ?? seen?.watermark,
    errorCode: errorCode ?? seen?.errorCode,
  });
  const oldest = next.size > EARLY_LIMIT ? next.keySeq().first() : undefined;
  return oldest === undefined ? next : next.delete(oldest);
}

function end(state: ManagerState, mailboxRaw: string, subscriptionId: string, at: number): ManagerState {
  const mailbox = normalizeMailbox(mailboxRaw);
  // The first end counts: a repeated one keeps the entry where it is, so `ended` stays in fold
  // order (forgetEnded pops its front) and a replay gives the same state.
  const ended = state.ended.has(subscriptionId) ? state.ended : state.ended.set(subscriptionId, at);
  const owners = state.owners.has(subscriptionId) ? state.owners : state.owners.set(subscriptionId, mailbox);
  const room = state.rooms.get(mailbox);
  if (!room) return { ...state, ended, owners };
  const isCurrent = room.current?.subscriptionId === subscriptionId;
  const next: RoomState = {
    ...room,
    current: isCurrent ? undefined : room.current,
    orphans: room.orphans.filter((id) => id !== subscriptionId),
    lastContactAt: isCurrent ? undefined : room.lastContactAt,
    heartbeatMissedFor: isCurrent ? undefined : room.heartbeatMissedFor,
    errorPush: isCurrent ? undefined : room.errorPush,
  };
  return { ...state, ended, owners, rooms: withRoom(state, next) };
}

function updateRoom(state: ManagerState, mailboxRaw: string, fn: (room: RoomState) => RoomState): ManagerState {
  const mailbox = normalizeMailbox(mailboxRaw);
  const room = state.rooms.get(mailbox) ?? emptyRoom(mailbox);
  const next = fn(room);
  if (next === room) return state;
  return { ...state, rooms: withRoom(state, next) };
}

function withRoom(state: ManagerState, room: RoomState): ManagerState['rooms'] {
  return state.rooms.set(room.mailbox, room);
}
