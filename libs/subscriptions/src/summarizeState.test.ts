import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeState } from './summarizeState.ts';
import {
  config,
  created,
  failed,
  fold,
  GRAPH_CONNECTION,
  graphCreated,
  MIN,
  pushed,
  renewed,
  ROOM,
  T0,
} from './testing/testFixtures.ts';

test('rooms by state and seconds since contact', () => {
  const other = 'room-202@contoso.example';
  const third = 'room-303@contoso.example';
  const state = fold([
    created('S1'),
    pushed('S1', T0 + MIN),
    created('S2', T0, { mailbox: other }),
    created('S0', T0, { mailbox: other }),
    failed('ErrorNonExistentMailbox', T0, T0 + MIN, 'permanent'),
  ]);
  const rooms = [ROOM, other, third, 'room-404@contoso.example'].map((address) => ({
    address,
    tenant: undefined,
    enabled: address !== third,
  }));
  const summary = summarizeState(state, rooms, T0 + 2 * MIN + 30_000, config);
  // ROOM had a failure after its Created but still has a live subscription; room-404 was never tried.
  assert.deepEqual(summary.counts, { live: 1, overdue: 1, failing: 0, pending: 1, orphaned: 1 });
  const failing = summarizeState(
    fold([failed('ErrorNonExistentMailbox', T0, T0 + MIN, 'permanent')]),
    rooms.slice(0, 1),
    T0,
    config,
  );
  assert.equal(failing.counts.failing, 1);
  assert.equal(summary.secondsSinceContact.get(ROOM), 90);
  assert.equal(summary.secondsSinceContact.get(other), 150);
});

test('a Graph room is live until the expiry Graph granted, however long without a push; contact = its last confirmation', () => {
  const rooms = [{ address: ROOM, tenant: undefined, enabled: true, connection: GRAPH_CONNECTION }];
  const state = fold([graphCreated('G1', T0, { lifetimeMin: 60 }), renewed('G1', T0 + 10 * MIN, 'checked')]);
  const live = summarizeState(state, rooms, T0 + 50 * MIN, config);
  assert.equal(live.counts.live, 1);
  assert.equal(live.secondsSinceContact.get(ROOM), 40 * 60);
  assert.equal(summarizeState(state, rooms, T0 + 61 * MIN, config).counts.overdue, 1);
});
