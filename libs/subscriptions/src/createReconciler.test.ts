import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeEvent, EventTypes } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { createReconciler } from './createReconciler.ts';
import type { ReconcilerOptions } from './createReconciler.ts';
import { createStateStore } from './createStateStore.ts';
import type { Room } from './decide.ts';
import {
  config,
  created,
  ewsError,
  fakeEws,
  fakeGraph,
  fold,
  GRAPH_CONNECTION,
  GRAPH_URL,
  MIN,
  position,
  pushed,
  ROOM,
  T0,
} from './testing/testFixtures.ts';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
const OTHER = 'room-202@contoso.example';

type FakeEws = ReturnType<typeof fakeEws>;

function harness(
  over: Partial<Omit<ReconcilerOptions, 'ews'>> & { ews?: FakeEws; rooms?: Room[]; failSends?: number } = {},
) {
  const store = over.store ?? createStateStore();
  const ews = over.ews ?? fakeEws();
  const log: RoomsEvent[] = [];
  let failSends = over.failSends ?? 0;
  let now = T0;
  const reconciler = createReconciler({
    store,
    listRooms: () => Promise.resolve(over.rooms ?? [{ address: ROOM, tenant: undefined, enabled: true }]),
    ews,
    send: (events) => {
      // Encoding validates each event against its schema, as the real producer does.
      for (const e of events) encodeEvent(e);
      if (failSends > 0) {
        failSends -= 1;
        return Promise.reject(new Error('broker down'));
      }
      log.push(...events);
      return Promise.resolve();
    },
    canAct: over.canAct ?? (() => true),
    config,
    logger: quiet,
    intervalMs: 1_000,
    now: () => now,
    random: () => 0.5,
    ...(over.subscribeLimits ? { subscribeLimits: over.subscribeLimits } : {}),
  });
  return {
    store,
    ews,
    log,
    reconciler,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

const types = (events: RoomsEvent[]) => events.map((e) => e.type.replace('rooms.exchange.', ''));

test('a new room is subscribed once; later passes and a restart from the log do nothing more', async () => {
  const h = harness();
  await h.reconciler.tick();
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 1);
  assert.deepEqual(types(h.log), ['SubscriptionCreated.v1']);
  assert.equal(h.store.state.rooms.get(ROOM)?.current?.subscriptionId, 'SUB-NEW-1');

  const restarted = harness({ store: createStateStore(fold(h.log)), ews: h.ews });
  await restarted.reconciler.tick();
  assert.equal(h.ews.calls.length, 1, 'no duplicate after a restart');
});

test('the own events coming back from the topic are not applied twice', async () => {
  const h = harness({ ews: fakeEws([{ ok: false, error: ewsError('transient', 'ECONNRESET') }]) });
  await h.reconciler.tick();
  for (const [i, event] of h.log.entries()) h.store.applyConsumed(event, position(i));
  assert.equal(h.store.state.rooms.get(ROOM)?.failure?.attempts, 1);
});

test('a refused watermark is followed in the same pass by a fresh subscription and a resync request', async () => {
  const store = createStateStore(fold([]));
  const h = harness({
    store,
    ews: fakeEws([{ ok: false, error: ewsError('invalid_watermark', 'ErrorInvalidWatermark') }]),
  });
  // A room that had a subscription and a watermark, now silent.
  store.applyConsumed(created('S1', T0, { watermark: 'WM-OLD' }), position(0));
  store.applyConsumed(pushed('S1', T0 + 1_000, 'WM-9'), position(1));
  h.advance(3 * MIN);
  await h.reconciler.tick();
  assert.deepEqual(
    h.ews.calls.map((c) => c.watermark),
    ['WM-9', undefined],
  );
  assert.deepEqual(types(h.log), [
    'SubscriptionHeartbeatMissed.v1',
    'SubscriptionFailed.v1',
    'SubscriptionCreated.v1',
    'SubscriptionSuperseded.v1',
    'ResyncRequested.v1',
  ]);
  const room = h.store.state.rooms.get(ROOM);
  assert.equal(room?.current?.subscriptionId, 'SUB-NEW-2');
  assert.equal(room.resyncNeeded, false);
});

test('events Kafka refused wait in the outbox; nothing else happens until they are out; no second subscription', async () => {
  const h = harness({ failSends: 2 });
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 1);
  assert.equal(h.store.state.rooms.get(ROOM), undefined, 'state does not run ahead of Kafka');
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 1, 'still holding back');
  await h.reconciler.tick();
  assert.deepEqual(types(h.log), ['SubscriptionCreated.v1']);
  assert.equal(h.store.state.rooms.get(ROOM)?.current?.subscriptionId, 'SUB-NEW-1');
  assert.equal(h.ews.calls.length, 1);
});

test('a standby (or a leader not yet caught up) does nothing', async () => {
  const h = harness({ canAct: () => false });
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 0);
});

test('losing leadership mid-pass stops before the next command', async () => {
  let leader = true;
  const ews = fakeEws();
  const original = ews.subscribePush.bind(ews);
  ews.subscribePush = (options) => {
    leader = false;
    return original(options);
  };
  const h = harness({
    ews,
    canAct: () => leader,
    rooms: [ROOM, OTHER].map((address) => ({ address, tenant: undefined, enabled: true })),
  });
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 1);
});

test('throttling pauses every subscribe for the back-off, not just the room that got it', async () => {
  const ews = fakeEws([{ ok: false, error: ewsError('throttled', 'ErrorServerBusy', 10_000) }]);
  const h = harness({ ews, rooms: [ROOM, OTHER].map((address) => ({ address, tenant: undefined, enabled: true })) });
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 1);
  h.advance(10_001);
  await h.reconciler.tick();
  assert.deepEqual(
    h.ews.calls.map((c) => c.mailbox),
    [ROOM, ROOM, OTHER],
  );
  assert.equal(h.log.filter((e) => e.type === EventTypes.SubscriptionCreatedV1).length, 2);
});

test('each room goes to its connection: default and named EWS, Graph; a room of an unknown connection is said once and left alone', async () => {
  const lab = fakeEws();
  const graph = fakeGraph();
  const warnings: unknown[] = [];
  const unconfigured: number[] = [];
  const graphCalls: string[] = [];
  const log: RoomsEvent[] = [];
  const store = createStateStore();
  const rooms: Room[] = [
    { address: ROOM, tenant: undefined, enabled: true },
    { address: OTHER, tenant: undefined, enabled: true, connection: 'lab' },
    { address: 'cloud@contoso.example', tenant: undefined, enabled: true, connection: GRAPH_CONNECTION },
    { address: 'lost@contoso.example', tenant: undefined, enabled: true, connection: 'nowhere' },
  ];
  const ews = fakeEws();
  const reconciler = createReconciler({
    store,
    listRooms: () => Promise.resolve(rooms),
    ews,
    namedEws: new Map([['lab', lab]]),
    graph: {
      clients: new Map([[GRAPH_CONNECTION, graph]]),
      settings: {
        notificationUrl: GRAPH_URL,
        lifecycleNotificationUrl: `${GRAPH_URL}/lifecycle`,
        callbackRule: 'default',
        subscriptionMinutes: 45,
        renewBeforeMinutes: 10,
        reconcileIntervalMinutes: 60,
      },
    },
    send: (events) => {
      for (const e of events) encodeEvent(e);
      log.push(...events);
      return Promise.resolve();
    },
    canAct: () => true,
    config,
    logger: { ...quiet, warn: (fields: unknown) => warnings.push(fields) },
    intervalMs: 1_000,
    now: () => T0,
    random: () => 0.5,
    onUnconfigured: (count) => unconfigured.push(count),
    onGraphCall: (operation, outcome) => graphCalls.push(`${operation}:${outcome}`),
  });
  await reconciler.tick();
  await reconciler.tick();
  assert.deepEqual(
    ews.calls.map((c) => c.mailbox),
    [ROOM],
  );
  assert.deepEqual(
    lab.calls.map((c) => c.mailbox),
    [OTHER],
  );
  assert.deepEqual(
    graph.calls.map((c) => c.operation),
    ['create'],
  );
  assert.deepEqual(graphCalls, ['CreateSubscription:ok']);
  const createdFor = (mailbox: string) =>
    log
      .flatMap((e) => (e.type === EventTypes.SubscriptionCreatedV1 ? [e.data] : []))
      .find((d) => d.mailbox === mailbox);
  assert.equal(createdFor(OTHER)?.connection, 'lab');
  assert.equal(createdFor(ROOM)?.connection, undefined, 'the default connection is not named');
  assert.equal(createdFor('cloud@contoso.example')?.source, 'graph');
  assert.equal(createdFor('lost@contoso.example'), undefined);
  assert.deepEqual(unconfigured, [1, 1]);
  assert.deepEqual(warnings, [{ mailbox: 'lost@contoso.example', connection: 'nowhere' }]);
});

test('1,000 new rooms: the first pass subscribes the burst, later passes follow the rate, a few at a time', async () => {
  const fake = fakeEws();
  let inFlight = 0;
  let most = 0;
  const ews: FakeEws = {
    calls: fake.calls,
    async subscribePush(request) {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      inFlight--;
      return fake.subscribePush(request);
    },
  };
  const rooms = Array.from({ length: 1_000 }, (_, i) => ({
    address: `room-${String(i)}@contoso.example`,
    tenant: undefined,
    enabled: true,
  }));
  const h = harness({ ews, rooms, subscribeLimits: { ratePerSecond: 20, burst: 20, concurrency: 4 } });
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 20, 'the burst');
  assert.equal(most, 4, 'four subscribes at a time');
  assert.equal(h.log.filter((e) => e.type === EventTypes.SubscriptionCreatedV1).length, 20);
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 20, 'no time passed: no token');
  h.advance(1_000);
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 40);
  h.advance(250);
  await h.reconciler.tick();
  assert.equal(h.ews.calls.length, 45);
  for (let second = 0; second < 60; second++) {
    h.advance(1_000);
    await h.reconciler.tick();
  }
  assert.equal(h.ews.calls.length, 1_000);
  assert.equal(new Set(h.ews.calls.map((c) => c.mailbox)).size, 1_000, 'each room once');
  assert.equal(h.store.state.rooms.size, 1_000);
});
