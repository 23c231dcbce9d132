// Builders for the unit tests: events as the topics carry them, a fake EWS client, settings.
import { createEvent, EventTypes } from '@rooms-sync/events';
import type { EwsErrorKind, GraphLifecycleEvent, RoomsEvent } from '@rooms-sync/events';
import type { GraphFailure, GraphResult, GraphSubscription } from '@rooms-sync/graph-client';
import type { DecideConfig } from '../decide.ts';
import type { GraphDecideConfig } from '../decideGraph.ts';
import type { GraphExecuteConfig } from '../executeGraphCommand.ts';
import type { GraphSubscriber } from '../GraphSubscriber.ts';
import type { EwsError, EwsResult, SubscribePushRequest } from '@rooms-sync/ews-client';
import type { EwsSubscriber } from '../EwsSubscriber.ts';
import type { ExecuteConfig } from '../executeCommand.ts';
import { evolve } from '../evolve.ts';
import type { ManagerFact } from '../evolve.ts';
import { emptyState } from '../ManagerState.ts';
import type { ManagerState } from '../ManagerState.ts';

export const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const MIN = 60_000;
export const ROOM = 'room-101@contoso.example';
export const URL_A = 'https://rooms.example.org/api/webhooks/exchange';
export const URL_B = 'https://rooms.example.org/WebServices/SyncNotification.svc?contoso';

export const config: DecideConfig & ExecuteConfig = {
  owner: 'rooms-sync/subscription-manager',
  callbackUrl: URL_A,
  callbackRule: 'default',
  statusFrequencyMinutes: 1,
  heartbeatGraceMs: 10_000,
  timeScale: 1,
  maxSubscriptionAgeMs: 72 * 60 * MIN,
  maxPlannedPerTick: 10,
  reconcileRoomsIntervalMinutes: 60,
  source: 'subscription-manager',
  folder: 'calendar',
  backoff: { initialMs: 1_000, maxMs: 60_000, factor: 2, jitter: 0.2, permanentRetryMs: 15 * MIN },
};

const at = (ms: number) => ({ source: 'test', subject: ROOM, time: new Date(ms) });

export function created(
  id: string,
  ms = T0,
  extra: { mailbox?: string; callbackUrl?: string; watermark?: string; freq?: number; owner?: string } = {},
): RoomsEvent {
  const data = {
    ...(extra.owner === undefined ? {} : { owner: extra.owner }),
    subscriptionId: id,
    mailbox: extra.mailbox ?? ROOM,
    folder: 'calendar',
    callbackUrl: extra.callbackUrl ?? URL_A,
    callbackRule: 'default' as const,
    statusFrequencyMinutes: extra.freq ?? 1,
    ...(extra.watermark === undefined ? {} : { watermark: extra.watermark }),
  };
  return createEvent(EventTypes.SubscriptionCreatedV1, data, at(ms));
}

export function superseded(oldId: string, newId: string, ms = T0, mailbox = ROOM): RoomsEvent {
  return createEvent(
    EventTypes.SubscriptionSupersededV1,
    { mailbox, oldSubscriptionId: oldId, newSubscriptionId: newId, reason: 'test' },
    at(ms),
  );
}

export function removed(id: string, ms = T0, mailbox = ROOM): RoomsEvent {
  return createEvent(EventTypes.SubscriptionRemovedV1, { mailbox, subscriptionId: id, reason: 'room-removed' }, at(ms));
}

export function heartbeatMissed(
  id: string,
  ms = T0,
  extra: { lastContactAt?: number; lastWatermark?: string } = {},
): RoomsEvent {
  return createEvent(
    EventTypes.SubscriptionHeartbeatMissedV1,
    {
      mailbox: ROOM,
      subscriptionId: id,
      ...(extra.lastContactAt === undefined ? {} : { lastContactAt: new Date(extra.lastContactAt).toISOString() }),
      deadline: new Date(ms).toISOString(),
      ...(extra.lastWatermark === undefined ? {} : { lastWatermark: extra.lastWatermark }),
    },
    at(ms),
  );
}

export function failed(code: string, ms = T0, nextAttemptAt?: number, kind?: EwsErrorKind): RoomsEvent {
  const data = {
    mailbox: ROOM,
    errorCode: code,
    errorMessage: `${code} happened`,
    retriable: kind !== 'permanent',
    ...(nextAttemptAt === undefined ? {} : { nextAttemptAt: new Date(nextAttemptAt).toISOString() }),
    ...(kind === undefined ? {} : { kind }),
  };
  return createEvent(EventTypes.SubscriptionFailedV1, data, at(ms));
}

export function resyncRequested(ms = T0, mailbox = ROOM): RoomsEvent {
  return createEvent(EventTypes.ResyncRequestedV1, { mailbox, reason: 'ErrorInvalidWatermark' }, at(ms));
}

/** A push for `id` received at `ms`, whose events end at `watermark` (a status ping when no kind given). */
export function pushed(id: string, ms: number, watermark?: string, kind: 'Status' | 'Created' = 'Status'): RoomsEvent {
  return createEvent(
    EventTypes.NotificationReceivedV1,
    {
      subscriptionId: id,
      endpoint: 'default',
      receivedAt: new Date(ms).toISOString(),
      messages: [
        {
          responseClass: 'Success',
          subscriptionId: id,
          moreEvents: false,
          events: [{ kind, ...(watermark === undefined ? {} : { watermark }) }],
        },
      ],
    },
    { source: 'webhook-ingress', subject: id, time: new Date(ms) },
  );
}

export function errorPushed(id: string, ms: number, code = 'ErrorReadEventsFailed'): RoomsEvent {
  return createEvent(
    EventTypes.NotificationReceivedV1,
    {
      endpoint: 'default',
      receivedAt: new Date(ms).toISOString(),
      messages: [{ responseClass: 'Error', responseCode: code, subscriptionId: id }],
    },
    { source: 'webhook-ingress', subject: id, time: new Date(ms) },
  );
}

export function fold(facts: readonly ManagerFact[], from: ManagerState = emptyState): ManagerState {
  return facts.reduce(evolve, from);
}

export function ewsError(kind: EwsError['kind'], code: string, backOffMs?: number): EwsError {
  return {
    operation: 'Subscribe',
    mailbox: ROOM,
    code,
    message: `${code} happened`,
    kind,
    ...(backOffMs === undefined ? {} : { backOffMs }),
  };
}

type SubscribeAnswer = EwsResult<{ subscriptionId: string; watermark: string | undefined }>;

/** A fake EWS: answers from a script (then succeeds with sequential ids) and records every call. */
export function fakeEws(script: SubscribeAnswer[] = []): EwsSubscriber & { calls: SubscribePushRequest[] } {
  const calls: SubscribePushRequest[] = [];
  let n = 0;
  return {
    calls,
    subscribePush(options) {
      calls.push(options);
      const next = script.shift();
      n += 1;
      return Promise.resolve(
        next ?? { ok: true, value: { subscriptionId: `SUB-NEW-${n}`, watermark: `WM-START-${n}` } },
      );
    },
  };
}

export const GRAPH_URL = 'https://rooms.example.org/api/webhooks/graph';
export const GRAPH_CONNECTION = 'online';
/** 64 hex digits, as SubscriptionCreated wants a clientState's hash. */
const HASH = 'a'.repeat(64);

export const graphConfig: GraphDecideConfig = {
  owner: config.owner,
  graphConnections: new Set([GRAPH_CONNECTION]),
  knownConnections: new Set(['default', GRAPH_CONNECTION]),
  notificationUrl: GRAPH_URL,
  renewBeforeMinutes: 24 * 60,
  reconcileIntervalMinutes: 60,
  timeScale: 1,
  maxPlannedPerTick: 10,
};

export const graphExecuteConfig: GraphExecuteConfig = {
  source: 'subscription-manager',
  owner: config.owner,
  notificationUrl: GRAPH_URL,
  lifecycleNotificationUrl: `${GRAPH_URL}/lifecycle`,
  callbackRule: 'default',
  statusFrequencyMinutes: 1,
  subscriptionMinutes: 7 * 24 * 60,
  folder: 'calendar',
  backoff: config.backoff,
};

/** A Graph subscription of ROOM (connection `online`) created at `ms`, expiring `lifetimeMin` later. */
export function graphCreated(
  id: string,
  ms = T0,
  extra: { lifetimeMin?: number; owner?: string; connection?: string; callbackUrl?: string } = {},
): RoomsEvent {
  const data = {
    owner: extra.owner ?? config.owner,
    subscriptionId: id,
    mailbox: ROOM,
    folder: 'calendar',
    callbackUrl: extra.callbackUrl ?? GRAPH_URL,
    callbackRule: 'default' as const,
    statusFrequencyMinutes: 1,
    source: 'graph' as const,
    clientStateHash: HASH,
    connection: extra.connection ?? GRAPH_CONNECTION,
    expiresAt: new Date(ms + (extra.lifetimeMin ?? 7 * 24 * 60) * MIN).toISOString(),
  };
  return createEvent(EventTypes.SubscriptionCreatedV1, data, at(ms));
}

export function renewed(id: string, ms: number, reason: string, expiresAt?: number): RoomsEvent {
  const data = {
    subscriptionId: id,
    mailbox: ROOM,
    reason,
    ...(expiresAt === undefined ? {} : { expiresAt: new Date(expiresAt).toISOString() }),
  };
  return createEvent(EventTypes.SubscriptionRenewedV1, data, at(ms));
}

/** A Graph lifecycle notice for `id`, as the ingress records it. */
export function lifecycleNotice(id: string, event: GraphLifecycleEvent, ms = T0): RoomsEvent {
  return createEvent(
    EventTypes.NotificationReceivedV1,
    {
      source: 'graph' as const,
      subscriptionId: id,
      mailbox: ROOM,
      connection: GRAPH_CONNECTION,
      endpoint: 'graph-lifecycle' as const,
      receivedAt: new Date(ms).toISOString(),
      changes: [],
      lifecycle: [{ subscriptionId: id, lifecycleEvent: event }],
    },
    { source: 'webhook-ingress', subject: ROOM, time: new Date(ms) },
  );
}

export function graphFailure(kind: GraphFailure['kind'], code: string, retryAfterMs?: number): GraphFailure {
  return {
    operation: 'CreateSubscription',
    mailbox: ROOM,
    code,
    message: `${code} happened`,
    kind,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  };
}

type GraphAnswer = GraphResult<GraphSubscription> | GraphResult<undefined>;

/** A fake Graph: answers from a script (then succeeds, new ids `G-NEW-n`) and records every call. */
export function fakeGraph(
  script: GraphAnswer[] = [],
): GraphSubscriber & { calls: { operation: string; args: unknown[] }[] } {
  const calls: { operation: string; args: unknown[] }[] = [];
  let n = 0;
  const sub = (id: string): GraphSubscription => ({
    id,
    resource: `users/${ROOM}/events`,
    expirationDateTime: new Date(T0 + 7 * 24 * 60 * MIN).toISOString(),
  });
  const answer = <T>(operation: string, args: unknown[], ok: T): Promise<GraphResult<T>> => {
    calls.push({ operation, args });
    const next = script.shift();
    return Promise.resolve((next ?? { ok: true, value: ok }) as GraphResult<T>);
  };
  return {
    calls,
    createSubscription: (request) => {
      n += 1;
      return answer('create', [request], sub(`G-NEW-${n}`));
    },
    renewSubscription: (mailbox, id, minutes) => answer('renew', [mailbox, id, minutes], sub(id)),
    getSubscription: (mailbox, id) => answer('get', [mailbox, id], sub(id)),
    reauthorizeSubscription: (mailbox, id) => answer('reauthorize', [mailbox, id], undefined),
    deleteSubscription: (mailbox, id) => answer('delete', [mailbox, id], undefined),
  };
}

/** Where the `n`th record read from `topic` (one partition) sits. */
export function position(
  n: number,
  topic = 'rooms.subscriptions',
): { topic: string; partition: number; offset: string } {
  return { topic, partition: 0, offset: String(n) };
}

/**
 * A state as deepStrictEqual can compare it: immutable's collections as arrays of entries (two
 * equal persistent maps may differ inside), in their order where it means something (rooms,
 * early contacts, ended ids), sorted where it does not.
 */
export function plainState(state: ManagerState): unknown {
  const sorted = <T>(items: Iterable<T>) => [...items].sort((a, b) => (String(a) < String(b) ? -1 : 1));
  return {
    ...state,
    rooms: [...state.rooms],
    owners: sorted(state.owners),
    ended: [...state.ended],
    early: [...state.early],
    ...(state.graphSubscriptions === undefined ? {} : { graphSubscriptions: sorted(state.graphSubscriptions) }),
  };
}
