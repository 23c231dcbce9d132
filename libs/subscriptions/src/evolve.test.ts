import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evolve } from './evolve.ts';
import type { AttemptFailed } from './evolve.ts';
import {
  created,
  errorPushed,
  failed,
  fold,
  GRAPH_CONNECTION,
  graphCreated,
  heartbeatMissed,
  lifecycleNotice,
  MIN,
  pushed,
  removed,
  renewed,
  resyncRequested,
  ROOM,
  superseded,
  T0,
  URL_A,
} from './testing/testFixtures.ts';

test('SubscriptionCreated makes the subscription current, with its settings, and maps the id to the room', () => {
  const state = fold([created('S1', T0, { mailbox: 'Room-101@Contoso.Example', watermark: 'WM-0' })]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.current?.subscriptionId, 'S1');
  assert.equal(room.current.callbackUrl, URL_A);
  assert.equal(room.current.statusFrequencyMinutes, 1);
  assert.equal(room.current.createdAt, T0);
  assert.equal(room.watermark, 'WM-0');
  assert.equal(state.owners.get('S1'), ROOM, 'mailbox is lowercased');
});

test("a push to the current subscription moves last contact and the watermark (the last event's)", () => {
  const state = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-1'), pushed('S1', T0 + 2 * MIN, 'WM-2', 'Created')]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.lastContactAt, T0 + 2 * MIN);
  assert.equal(room.watermark, 'WM-2');
});

test('a push without a watermark keeps the last one', () => {
  const state = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-1'), pushed('S1', T0 + 2 * MIN)]);
  assert.equal(state.rooms.get(ROOM)?.watermark, 'WM-1');
});

test('pushes from a superseded subscription do not move the room', () => {
  const state = fold([
    created('S1'),
    created('S2', T0 + MIN),
    superseded('S1', 'S2', T0 + MIN),
    pushed('S1', T0 + 2 * MIN, 'WM-OLD'),
  ]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.current?.subscriptionId, 'S2');
  assert.equal(room.watermark, undefined);
  assert.equal(room.lastContactAt, undefined);
});

test('a push that arrives before its SubscriptionCreated is applied when Created comes', () => {
  const state = fold([pushed('S1', T0 + 5_000, 'WM-1'), created('S1', T0)]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.lastContactAt, T0 + 5_000);
  assert.equal(room.watermark, 'WM-1');
  assert.equal(state.early.size, 0);
});

test('Created then Superseded(old,new) leaves only the new one, and the old id stays ended on replay', () => {
  const history = [created('S1'), created('S2', T0 + MIN), superseded('S1', 'S2', T0 + MIN)];
  const state = fold(history);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.current?.subscriptionId, 'S2');
  assert.deepEqual(room.orphans, []);
  assert.ok(state.ended.has('S1'));
  assert.equal(
    fold([created('S1')], state).rooms.get(ROOM)?.current?.subscriptionId,
    'S2',
    'a replayed Created does not revive S1',
  );
});

test('a second Created without Superseded keeps the earlier id as an orphan (split brain, crash between steps)', () => {
  const room = fold([created('S1'), created('S2', T0 + MIN)]).rooms.get(ROOM);
  assert.equal(room?.current?.subscriptionId, 'S2');
  assert.deepEqual(room.orphans, ['S1']);
});

test('replaying the same event is a no-op', () => {
  const once = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-1')]);
  assert.equal(evolve(once, created('S1')), once);
});

test('Removed ends the current subscription', () => {
  const state = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-1'), removed('S1', T0 + 2 * MIN)]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.current, undefined);
  assert.equal(room?.watermark, 'WM-1', 'the watermark survives for a later re-enable');
  assert.ok(state.ended.has('S1'));
});

test('HeartbeatMissed is remembered for the current subscription only', () => {
  assert.equal(fold([created('S1'), heartbeatMissed('S1')]).rooms.get(ROOM)?.heartbeatMissedFor, 'S1');
  assert.equal(fold([created('S1'), heartbeatMissed('S0')]).rooms.get(ROOM)?.heartbeatMissedFor, undefined);
});

test('an error push for the current subscription is recorded with its code', () => {
  const room = fold([created('S1'), errorPushed('S1', T0 + MIN)]).rooms.get(ROOM);
  assert.deepEqual(room?.errorPush, { subscriptionId: 'S1', code: 'ErrorReadEventsFailed' });
  assert.equal(room.lastContactAt, T0 + MIN, 'an error push is still contact');
});

test('failures count attempts and carry the next attempt time; success clears them', () => {
  let state = fold([
    failed('ErrorServerBusy', T0, T0 + 1_000, 'throttled'),
    failed('ErrorServerBusy', T0 + 1_000, T0 + 3_000, 'throttled'),
  ]);
  const failure = state.rooms.get(ROOM)?.failure;
  assert.equal(failure?.attempts, 2);
  assert.equal(failure.nextAttemptAt, T0 + 3_000);
  assert.equal(failure.kind, 'throttled');
  state = fold([created('S1', T0 + 4_000)], state);
  assert.equal(state.rooms.get(ROOM)?.failure, undefined);
});

test('a local (unpublished) failure moves the back-off the same way', () => {
  const local: AttemptFailed = {
    type: 'local.AttemptFailed',
    data: {
      mailbox: ROOM,
      errorCode: 'ErrorNonExistentMailbox',
      errorMessage: 'x',
      retriable: false,
      nextAttemptAt: new Date(T0 + 15 * MIN).toISOString(),
      kind: 'permanent',
    },
  };
  const failure = fold([failed('ErrorNonExistentMailbox', T0, T0, 'permanent'), local]).rooms.get(ROOM)?.failure;
  assert.equal(failure?.attempts, 2);
  assert.equal(failure.nextAttemptAt, T0 + 15 * MIN);
});

test('ErrorInvalidWatermark drops the watermark and asks for a resync; ResyncRequested settles it', () => {
  let state = fold([
    created('S1', T0, { watermark: 'WM-OLD' }),
    failed('ErrorInvalidWatermark', T0 + MIN, T0 + MIN, 'invalid_watermark'),
  ]);
  assert.equal(state.rooms.get(ROOM)?.watermark, undefined);
  assert.equal(state.rooms.get(ROOM)?.resyncNeeded, true);
  state = fold([created('S2', T0 + MIN), resyncRequested(T0 + MIN)], state);
  assert.equal(state.rooms.get(ROOM)?.resyncNeeded, false);
});

test("HeartbeatMissed's lastWatermark is adopted unless a later push was seen", () => {
  const base = [created('S1', T0, { watermark: 'WM-0' })];
  const adopted = fold([
    ...base,
    heartbeatMissed('S1', T0 + 3 * MIN, { lastContactAt: T0 + MIN, lastWatermark: 'WM-1' }),
  ]).rooms.get(ROOM);
  assert.deepEqual([adopted?.watermark, adopted?.heartbeatMissedFor], ['WM-1', 'S1']);
  const newer = fold([
    ...base,
    pushed('S1', T0 + 4 * MIN, 'WM-4'),
    heartbeatMissed('S1', T0 + 3 * MIN, { lastContactAt: T0 + MIN, lastWatermark: 'WM-1' }),
  ]);
  assert.equal(newer.rooms.get(ROOM)?.watermark, 'WM-4', 'the topics are not ordered together: the newer push wins');
  const older = fold([...base, heartbeatMissed('S1', T0 + 3 * MIN)]);
  assert.equal(older.rooms.get(ROOM)?.watermark, 'WM-0', 'events without the field change nothing');
});

test('watermarkAt follows what vouches for the watermark: Created, then pushes carrying one', () => {
  const state = fold([
    created('S1', T0, { watermark: 'WM-0' }),
    pushed('S1', T0 + MIN, 'WM-1'),
    pushed('S1', T0 + 2 * MIN),
  ]);
  assert.equal(state.rooms.get(ROOM)?.watermarkAt, T0 + MIN);
  assert.equal(fold([created('S2', T0 + 5 * MIN)], state).rooms.get(ROOM)?.watermarkAt, T0 + 5 * MIN);
});

test('a Graph SubscriptionCreated records its source, connection and expiry, and counts it as confirmed when created', () => {
  const state = fold([graphCreated('G1', T0, { lifetimeMin: 60 })]);
  const current = state.rooms.get(ROOM)?.current;
  assert.equal(current?.source, 'graph');
  assert.equal(current.connection, GRAPH_CONNECTION);
  assert.equal(current.expiresAt, T0 + 60 * MIN);
  assert.equal(current.confirmedAt, T0);
  assert.equal(state.graphSubscriptions?.get('G1'), GRAPH_CONNECTION);
  assert.equal(fold([created('S1')]).rooms.get(ROOM)?.current?.source, 'ews', 'older events are EWS');
});

test('SubscriptionRenewed of the current Graph subscription moves its expiry and confirmation and ends a failure', () => {
  const state = fold([
    graphCreated('G1', T0, { lifetimeMin: 60 }),
    failed('ErrorTimeout', T0 + MIN, T0 + 2 * MIN, 'transient'),
    renewed('G1', T0 + 3 * MIN, 'renewed', T0 + 120 * MIN),
  ]);
  const room = state.rooms.get(ROOM);
  assert.equal(room?.current?.expiresAt, T0 + 120 * MIN);
  assert.equal(room.current.confirmedAt, T0 + 3 * MIN);
  assert.equal(room.failure, undefined);
  const other = fold([renewed('G0', T0 + 4 * MIN, 'checked', T0 + 999 * MIN)], state);
  assert.equal(other, state, 'another id changes nothing');
});

test('lifecycle notices mark the current Graph subscription; only a reauthorization clears reauthorize', () => {
  const asked = fold([
    graphCreated('G1'),
    lifecycleNotice('G1', 'reauthorizationRequired', T0 + MIN),
    lifecycleNotice('G1', 'missed', T0 + MIN),
  ]);
  assert.equal(asked.rooms.get(ROOM)?.current?.reauthorize, true);
  assert.equal(fold([renewed('G1', T0 + 2 * MIN, 'checked')], asked).rooms.get(ROOM)?.current?.reauthorize, true);
  assert.equal(fold([renewed('G1', T0 + 2 * MIN, 'reauthorized')], asked).rooms.get(ROOM)?.current?.reauthorize, false);
  const removedAtGraph = fold([lifecycleNotice('G1', 'subscriptionRemoved', T0 + 2 * MIN)], asked);
  assert.equal(removedAtGraph.rooms.get(ROOM)?.current?.removedAtGraph, true);
  const replaced = fold(
    [graphCreated('G2', T0 + 3 * MIN), lifecycleNotice('G1', 'subscriptionRemoved')],
    removedAtGraph,
  );
  const current = replaced.rooms.get(ROOM)?.current;
  assert.deepEqual([current?.subscriptionId, current?.reauthorize, current?.removedAtGraph], ['G2', false, false]);
});

test('ResyncRequested records when the room was last caught up; a replayed older one does not move it back', () => {
  let state = fold([created('S1'), resyncRequested(T0 + 60 * MIN)]);
  assert.equal(state.rooms.get(ROOM)?.reconciledAt, T0 + 60 * MIN);
  state = fold([resyncRequested(T0 + MIN)], state);
  assert.equal(state.rooms.get(ROOM)?.reconciledAt, T0 + 60 * MIN);
});
