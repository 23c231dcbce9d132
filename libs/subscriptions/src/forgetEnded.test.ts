import assert from 'node:assert/strict';
import { test } from 'node:test';
import { OrderedMap } from 'immutable';
import { createStateStore } from './createStateStore.ts';
import { forgetEnded } from './forgetEnded.ts';
import type { ManagerState } from './ManagerState.ts';
import {
  created,
  fold,
  graphCreated,
  position,
  pushed,
  removed,
  ROOM,
  superseded,
  T0,
} from './testing/testFixtures.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** KafkaTopicRetentionMs's default. */
const RETENTION = 7 * DAY;

/** S1 ended on day 1, S2 on day 5; S3 is current. */
const rotated = fold([
  created('S1', T0),
  created('S2', T0 + DAY),
  superseded('S1', 'S2', T0 + DAY),
  created('S3', T0 + 5 * DAY),
  superseded('S2', 'S3', T0 + 5 * DAY),
]);

function assertNoEndedIsLive(state: ManagerState): void {
  for (const room of state.rooms.values()) {
    for (const id of [...room.orphans, ...(room.current ? [room.current.subscriptionId] : [])]) {
      assert.ok(!state.ended.has(id), `${id} is ended and live in ${room.mailbox}`);
    }
  }
}

test('evolve keeps each ended id with the time of its first end, in fold order', () => {
  assert.deepEqual(
    [...rotated.ended],
    [
      ['S1', T0 + DAY],
      ['S2', T0 + 5 * DAY],
    ],
  );
  const again = fold([removed('S1', T0 + 6 * DAY)], rotated);
  assert.equal(again.ended, rotated.ended, 'a repeated end moves nothing');
});

test('an id that ended longer than the retention ago leaves ended and owners; one that ended since stays', () => {
  const state = forgetEnded(rotated, T0 + DAY + RETENTION + 1, RETENTION);
  assert.deepEqual([...state.ended.keys()], ['S2']);
  assert.equal(state.owners.has('S1'), false);
  assert.equal(state.owners.get('S2'), ROOM);
  assert.equal(state.owners.get('S3'), ROOM, 'the current one is never forgotten');
  assert.equal(state.rooms, rotated.rooms, 'the rooms are untouched');
  assert.equal(forgetEnded(rotated, T0 + DAY + RETENTION, RETENTION), rotated, 'not before its end is a retention old');
  assert.equal(forgetEnded(rotated, T0 + 2 * DAY, RETENTION), rotated, 'nothing to forget: the same state');
});

test('a forgotten Graph id leaves graphSubscriptions too', () => {
  const graph = fold([graphCreated('G1', T0), graphCreated('G2', T0 + DAY), superseded('G1', 'G2', T0 + DAY)]);
  assert.equal(graph.graphSubscriptions?.has('G1'), true);
  const state = forgetEnded(graph, T0 + DAY + RETENTION + 1, RETENTION);
  assert.deepEqual([...(state.graphSubscriptions?.keys() ?? [])], ['G2']);
  assert.equal(state.owners.has('G1'), false);
  assert.equal(state.rooms.get(ROOM)?.current?.subscriptionId, 'G2');
});

test('an ended id is never current nor an orphan, and forgetting keeps the owner of one that would be', () => {
  const state = fold([
    created('S1', T0),
    created('S2', T0 + HOUR),
    created('S3', T0 + 2 * HOUR),
    removed('S1', T0 + 3 * HOUR),
    created('S1', T0 + 4 * HOUR),
    superseded('S2', 'S3', T0 + 5 * HOUR),
  ]);
  assertNoEndedIsLive(state);
  assert.equal(state.rooms.get(ROOM)?.current?.subscriptionId, 'S3', 'a replayed Created revived nothing');

  // A state evolve never makes: the ids in ended are live. Their owners must survive anyway.
  const room = state.rooms.get(ROOM);
  assert.ok(room);
  const broken: ManagerState = {
    ...state,
    rooms: state.rooms.set(ROOM, { ...room, orphans: ['S2'] }),
    ended: OrderedMap([
      ['S3', T0],
      ['S2', T0],
    ]),
  };
  const after = forgetEnded(broken, T0 + RETENTION + 1, RETENTION);
  assert.equal(after.ended.size, 0);
  assert.equal(after.owners.get('S3'), ROOM, 'the current one keeps its owner');
  assert.equal(after.owners.get('S2'), ROOM, 'an orphan keeps its owner');
});

test('an end without a usable time does not hold the ids behind it', () => {
  const state: ManagerState = { ...rotated, ended: rotated.ended.set('S1', Number.NaN) };
  assert.deepEqual([...forgetEnded(state, T0 + 5 * DAY + RETENTION + 1, RETENTION).ended.keys()], []);
});

test('a push for a forgotten id is an early contact, as on a fresh read of the topics', () => {
  const now = T0 + DAY + RETENTION + 1;
  const state = fold([pushed('S1', now)], forgetEnded(rotated, now, RETENTION));
  assert.equal(state.early.has('S1'), true);
  assert.equal(state.rooms, rotated.rooms, 'the room does not move');
});

test('1,000 rotations of a room over months keep no more ended ids than one retention holds', () => {
  const every = 4 * HOUR;
  /** Ended at `now - RETENTION`, …, `now`: the retention's bounds included. */
  const held = RETENTION / every + 1;
  let state = fold([created('S0', T0)]);
  for (let i = 1; i <= 1000; i++) {
    const at = T0 + i * every;
    state = fold([created(`S${String(i)}`, at), superseded(`S${String(i - 1)}`, `S${String(i)}`, at)], state);
    state = forgetEnded(state, at, RETENTION);
    assert.ok(state.ended.size <= held, `after ${String(i)} rotations: ${String(state.ended.size)} ended`);
    assert.equal(state.owners.size, state.ended.size + 1, 'owners: the ended ones and the current one');
    assertNoEndedIsLive(state);
  }
  assert.equal(state.ended.size, held, 'exactly the ids that ended within the retention');
  assert.equal(state.rooms.get(ROOM)?.current?.subscriptionId, 'S1000');
});

test('the store forgets in both states; a standby keeps them one object', () => {
  const store = createStateStore();
  const history = [created('S1', T0), created('S2', T0 + DAY), superseded('S1', 'S2', T0 + DAY)];
  for (const [i, event] of history.entries()) store.applyConsumed(event, position(i));
  store.forget(T0 + DAY + RETENTION + 1, RETENTION);
  assert.equal(store.state, store.folded().state);
  assert.equal(store.state.ended.size, 0);

  store.applyProduced([created('S3', T0 + 9 * DAY), superseded('S2', 'S3', T0 + 9 * DAY)]);
  store.forget(T0 + 9 * DAY + RETENTION + 1, RETENTION);
  assert.deepEqual([...store.state.owners.keys()], ['S3'], 'the live state forgot S2');
  assert.equal(store.folded().state.owners.size, 1, 'the fold of the records read holds only S2, current there');
});
