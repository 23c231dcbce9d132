import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RoomsEvent } from '@rooms-sync/events';
import { createStateStore } from './createStateStore.ts';
import { decodeSnapshot } from './decodeSnapshot.ts';
import { encodeSnapshot } from './encodeSnapshot.ts';
import { forgetEnded } from './forgetEnded.ts';
import { emptyState } from './ManagerState.ts';
import type { ManagerState } from './ManagerState.ts';
import {
  created,
  errorPushed,
  failed,
  fold,
  graphCreated,
  heartbeatMissed,
  lifecycleNotice,
  MIN,
  plainState,
  position,
  pushed,
  removed,
  renewed,
  resyncRequested,
  ROOM,
  superseded,
  T0,
} from './testing/testFixtures.ts';

/** A small deterministic PRNG (mulberry32): the same seed, the same history. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MAILBOXES = ['room-101@contoso.example', 'Room-202@Contoso.Example', 'room-303@contoso.example'];

/** Every kind of fact the topics carry, on a few ids, so that they meet (early pushes, ends, revivals). */
function history(seed: number, length: number): RoomsEvent[] {
  const next = random(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const ids = ['S1', 'S2', 'S3', 'S4', 'G1', 'G2'];
  const events: RoomsEvent[] = [];
  for (let i = 0; i < length; i++) {
    const ms = T0 + i * 20_000;
    const id = pick(ids);
    const makers: (() => RoomsEvent)[] = [
      () => created(id, ms, { mailbox: pick(MAILBOXES), watermark: `WM-${String(i)}`, owner: 'm' }),
      () => superseded(id, pick(ids), ms),
      () => removed(id, ms, pick(MAILBOXES)),
      () => heartbeatMissed(id, ms, { lastWatermark: `WM-L${String(i)}`, lastContactAt: ms - 5 * MIN }),
      () => failed(pick(['ErrorInvalidWatermark', 'ErrorServerBusy']), ms, ms + MIN, 'transient'),
      () => resyncRequested(ms),
      () => pushed(id, ms, next() < 0.5 ? undefined : `WM-P${String(i)}`),
      () => errorPushed(id, ms),
      () => graphCreated(id, ms),
      () => renewed(id, ms, pick(['renewed', 'reauthorized', 'checked']), ms + 60 * MIN),
      () => lifecycleNotice(id, pick(['reauthorizationRequired', 'subscriptionRemoved', 'missed'])),
    ];
    events.push(pick(makers)());
  }
  return events;
}

const roundTrip = (state: ManagerState) => {
  const decoded = decodeSnapshot(encodeSnapshot({ state, offsets: new Map([['t:0', 7n]]), takenAt: T0 }));
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
  return decoded.snapshot;
};

test('a state survives the round trip: Maps, Sets, their order, undefined fields and an Infinity watermarkAt', () => {
  const state = fold(
    [
      created('S1', T0, { watermark: 'WM-0' }),
      pushed('S2', T0 + MIN, 'WM-1'),
      heartbeatMissed('S1', T0 + 9 * MIN, { lastWatermark: 'WM-1' }),
    ],
    { ...emptyState, notificationsSince: T0 - 60 * MIN },
  );
  assert.equal(state.rooms.first()?.watermarkAt, Number.POSITIVE_INFINITY);
  const snapshot = roundTrip(state);
  assert.deepStrictEqual(plainState(snapshot.state), plainState(state));
  assert.deepStrictEqual(snapshot.offsets, new Map([['t:0', 7n]]));
  assert.equal(snapshot.takenAt, T0);
  assert.deepStrictEqual(
    plainState(roundTrip(emptyState).state),
    plainState(emptyState),
    'absent optional fields stay absent',
  );
});

test('snapshot at any cut plus the records after it folds to the same state as the whole history', () => {
  let dead = 0;
  for (let seed = 1; seed <= 200; seed++) {
    const events = history(seed, 80);
    const initial = { ...emptyState, notificationsSince: T0 };
    const whole = fold(events, initial);
    if ([...whole.rooms.values()].some((r) => r.watermarkAt === Number.POSITIVE_INFINITY)) dead++;
    const cut = Math.floor(random(seed * 7919)() * (events.length + 1));
    const before = createStateStore(initial);
    for (const [i, event] of events.slice(0, cut).entries()) before.applyConsumed(event, position(i));
    const taken = before.folded();
    const restored = roundTrip(taken.state);
    const after = createStateStore(restored.state, taken.offsets);
    for (const [i, event] of events.slice(cut).entries()) after.applyConsumed(event, position(cut + i));
    assert.deepStrictEqual(plainState(after.state), plainState(whole), `seed ${String(seed)}, cut ${String(cut)}`);
    assert.deepStrictEqual(plainState(after.folded().state), plainState(whole));
    if (events.length > 0) assert.equal(after.folded().offsets.get('rooms.subscriptions:0'), BigInt(events.length - 1));
  }
  assert.ok(dead > 0, 'some histories hold a room declared dead (watermarkAt Infinity)');
});

test('the live state may run ahead with own events; the folded one holds only what was read', () => {
  const store = createStateStore();
  store.applyConsumed(created('S1'), position(0));
  store.applyProduced([superseded('S1', 'S2', T0 + MIN), created('S2', T0 + MIN)]);
  assert.equal(store.state.rooms.first()?.current?.subscriptionId, 'S2');
  assert.equal(store.folded().state.rooms.first()?.current?.subscriptionId, 'S1');
  assert.deepStrictEqual(store.folded().offsets, new Map([['rooms.subscriptions:0', 0n]]));
});

test('an unknown version or a damaged snapshot is a reason, not a throw', () => {
  const good = encodeSnapshot({ state: emptyState, offsets: new Map(), takenAt: T0 });
  const cases = [
    'not json',
    '[]',
    good.replace('"v":2', '"v":3'),
    good.replace('"ended":[]', '"ended":[["S1","yesterday"]]'),
    good.replace('"v":2', '"v":1').replace('"ended":[]', '"ended":[["S1",1]]'),
    good.replace('"rooms":[]', '"rooms":[["a",{"mailbox":1}]]'),
    good.replace('"offsets":[]', '"offsets":[["t:0","-1"]]'),
  ];
  for (const text of cases) {
    const decoded = decodeSnapshot(text);
    assert.equal(decoded.ok, false, text);
  }
  assert.match((decodeSnapshot(good.replace('"v":2', '"v":3')) as { reason: string }).reason, /unknown version 3/);
});

test('ended ids keep their end times and their order through the round trip', () => {
  const state = fold([
    created('S2', T0),
    created('S1', T0 + MIN),
    superseded('S2', 'S1', T0 + MIN),
    created('S3', T0 + 2 * MIN),
    removed('S1', T0 + 3 * MIN),
  ]);
  const decoded = roundTrip(state).state;
  assert.deepEqual(
    [...decoded.ended],
    [
      ['S2', T0 + MIN],
      ['S1', T0 + 3 * MIN],
    ],
  );
});

test('a version 1 snapshot (ended ids without times) is read: they count as ended when it was taken', () => {
  const takenAt = T0 + 60 * MIN;
  const v1 = JSON.stringify({
    v: 1,
    takenAt,
    offsets: [['rooms.subscriptions:0', '2']],
    state: {
      rooms: [],
      owners: [
        ['S1', ROOM],
        ['S2', ROOM],
      ],
      ended: ['S1', 'S2'],
      early: [],
    },
  });
  const decoded = decodeSnapshot(v1);
  assert.ok(decoded.ok, decoded.ok ? '' : decoded.reason);
  const { state } = decoded.snapshot;
  assert.deepEqual(
    [...state.ended],
    [
      ['S1', takenAt],
      ['S2', takenAt],
    ],
  );
  const retention = 7 * 24 * 60 * MIN;
  assert.equal(forgetEnded(state, takenAt + retention, retention), state, 'kept for one retention');
  const later = forgetEnded(state, takenAt + retention + 1, retention);
  assert.equal(later.ended.size, 0, 'then forgotten');
  assert.equal(later.owners.size, 0);
  assert.equal(decoded.snapshot.takenAt, takenAt);
});
