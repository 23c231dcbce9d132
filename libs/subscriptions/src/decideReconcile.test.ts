// decide's periodic reconcile of EWS rooms (ReconcileRoomsIntervalMinutes).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from './decide.ts';
import type { Room } from './decide.ts';
import { nextCheckAt } from './nextCheckAt.ts';
import { config, created, fold, MIN, pushed, resyncRequested, ROOM, T0 } from './testing/testFixtures.ts';

const HOUR = 60 * MIN;
const enabled: Room[] = [{ address: ROOM, tenant: 'contoso', enabled: true }];
const period = { reconcileIntervalMinutes: config.reconcileRoomsIntervalMinutes, timeScale: config.timeScale };
/** A room that pushes its heartbeat every minute up to `until`, so no other rule applies. */
const alive = (until: number, mailbox = ROOM) => {
  const pushes = [];
  for (let at = until - 3 * MIN; at <= until; at += MIN) pushes.push(pushed(`S-${mailbox}`, at, 'WM'));
  return [created(`S-${mailbox}`, T0, { mailbox }), ...pushes];
};

test('a healthy EWS room is reconciled once per period, in its own slot, counted from its last catch-up', () => {
  const due = nextCheckAt(T0, ROOM, period);
  assert.ok(due > T0 && due <= T0 + HOUR, 'within one period of the subscription');
  assert.deepEqual(decide(fold(alive(due - 1)), enabled, due - 1, config), [], 'not due yet');
  const state = fold(alive(due));
  assert.deepEqual(decide(state, enabled, due, config), [{ kind: 'reconcile', mailbox: ROOM }]);

  const reconciled = fold([resyncRequested(due)], state);
  assert.deepEqual(decide(reconciled, enabled, due + 1, config), [], 'its ResyncRequested counts');
  assert.equal(nextCheckAt(due, ROOM, period), due + HOUR, 'the same slot one period on');
  assert.deepEqual(decide(fold(alive(due + HOUR), reconciled), enabled, due + HOUR, config), [
    { kind: 'reconcile', mailbox: ROOM },
  ]);
});

test('the reconciles of many rooms spread over the period', () => {
  const tenths = new Set<number>();
  for (let i = 0; i < 200; i++) {
    tenths.add(Math.floor((nextCheckAt(T0, `room-${i}@contoso.example`, period) - T0) / (6 * MIN)));
  }
  assert.equal(tenths.size, 10, 'every tenth of the hour has rooms to reconcile');
});

test('the period is scaled by SubscriptionTimeScale', () => {
  const scaled = { ...config, timeScale: 0.01 };
  const due = nextCheckAt(T0, ROOM, { reconcileIntervalMinutes: 60, timeScale: 0.01 });
  assert.ok(due > T0 && due <= T0 + 36_000, 'an hour × 0.01 = 36 s');
  const state = fold([created(`S-${ROOM}`, T0), pushed(`S-${ROOM}`, due, 'WM')]);
  assert.deepEqual(decide(state, enabled, due, scaled), [{ kind: 'reconcile', mailbox: ROOM }]);
});

test('rooms that fell due together go the most overdue first, no more per pass than planned replacements', () => {
  const rooms: Room[] = [];
  const facts = [];
  const now = T0 + 3 * HOUR;
  for (let i = 0; i < 25; i++) {
    const mailbox = `room-${i}@contoso.example`;
    rooms.push({ address: mailbox, tenant: undefined, enabled: true });
    facts.push(...alive(now, mailbox));
  }
  const state = fold(facts);
  const first = decide(state, rooms, now, config);
  assert.equal(first.length, config.maxPlannedPerTick);
  assert.ok(first.every((c) => c.kind === 'reconcile'));
  const dueAt = (c: (typeof first)[number]) => nextCheckAt(T0, c.mailbox, period);
  const sorted = [...first].sort((a, b) => dueAt(a) - dueAt(b));
  assert.deepEqual(first, sorted);
  const after = fold(
    first.map((c) => resyncRequested(now, c.mailbox)),
    state,
  );
  const second = decide(after, rooms, now + 1, config);
  assert.equal(second.length, config.maxPlannedPerTick);
  assert.ok(
    second.every((c) => !first.some((f) => f.mailbox === c.mailbox)),
    'the next pass takes the next ones',
  );
});

test('a room whose subscription is being replaced is not reconciled: its new subscription brings a sync', () => {
  const due = nextCheckAt(T0, ROOM, period);
  const silent = fold([created('S1', T0)]);
  const commands = decide(silent, enabled, Math.max(due, T0 + 3 * MIN), config);
  assert.deepEqual(
    commands.map((c) => c.kind),
    ['reportHeartbeatMissed', 'subscribe'],
  );
});
