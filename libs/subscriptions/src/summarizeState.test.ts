import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarizeState } from './summarizeState.ts';
import { config, created, failed, fold, MIN, pushed, ROOM, T0 } from './testing/testFixtures.ts';

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
