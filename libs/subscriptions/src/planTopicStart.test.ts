import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lookbackWindowMs, planTopicStart } from './planTopicStart.ts';

test('the window is the configured lookback, never less than three heartbeats, plus the grace; scaled like every protocol duration', () => {
  assert.equal(
    lookbackWindowMs({ lookbackMinutes: 60, statusFrequencyMinutes: 1, heartbeatGraceMs: 30_000, timeScale: 1 }),
    60 * 60_000 + 30_000,
  );
  assert.equal(
    lookbackWindowMs({ lookbackMinutes: 60, statusFrequencyMinutes: 30, heartbeatGraceMs: 0, timeScale: 1 }),
    90 * 60_000,
  );
  assert.equal(
    lookbackWindowMs({ lookbackMinutes: 60, statusFrequencyMinutes: 1, heartbeatGraceMs: 2_000, timeScale: 0.05 }),
    180_000 + 2_000,
  );
});

test('lifecycle from its log start; notifications from the window start, seeking only where that is past the log start', () => {
  const topics = { subscriptions: 's', notifications: 'n' };
  const plan = planTopicStart(
    topics,
    [
      { partition: 0, low: 0n, high: 12n, at: 0n },
      { partition: 1, low: 4n, high: 4n, at: 4n },
    ],
    [
      { partition: 0, low: 0n, high: 5_000n, at: 4_900n },
      { partition: 1, low: 10n, high: 10n, at: 10n },
      { partition: 2, low: 0n, high: 30n, at: 0n },
    ],
  );
  assert.deepEqual(
    [...plan.startOffsets],
    [
      ['s:0', 0n],
      ['s:1', 4n],
      ['n:0', 4_900n],
      ['n:1', 10n],
      ['n:2', 0n],
    ],
  );
  assert.deepEqual(plan.seeks, [{ topic: 'n', partition: 0, offset: '4900' }]);
  assert.equal(plan.skipped, 4_900n);
  assert.equal(plan.inWindow, 130n);
});

test('without a window (at = log start) nothing is sought or skipped', () => {
  const plan = planTopicStart(
    { subscriptions: 's', notifications: 'n' },
    [],
    [{ partition: 0, low: 3n, high: 9n, at: 3n }],
  );
  assert.deepEqual(plan.seeks, []);
  assert.equal(plan.skipped, 0n);
  assert.equal(plan.inWindow, 6n);
});
