import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideSync } from './decideSync.ts';
import type { StoredRoom } from './decideSync.ts';
import type { EwsPush, RoomWork } from './planBatch.ts';

/** A push from `previous` to `watermark`, with only a StatusEvent unless `changes`. */
const push = (previous: string, watermark: string, changes = false): EwsPush => ({
  previousWatermark: previous,
  watermark,
  changes,
});
const work = (pushes: EwsPush[], asks?: RoomWork['asks']) => ({
  asks,
  pushes,
  lastWatermark: pushes.at(-1)?.watermark,
});
const stored = (lastWatermark: string | null, fullDue = false): StoredRoom => ({ lastWatermark, fullDue });

test('status-only pushes that chain on from the stored watermark: no sync, the watermark moves on', () => {
  assert.deepEqual(decideSync(work([push('W1', 'W2')]), stored('W1')), {
    sync: false,
    skipped: true,
    lastWatermark: 'W2',
  });
  // The simulator's heartbeat repeats the watermark it follows when nothing happened.
  assert.deepEqual(decideSync(work([push('W1', 'W1'), push('W1', 'W1')]), stored('W1')), {
    sync: false,
    skipped: true,
    lastWatermark: 'W1',
  });
});

test('a push that does not follow the stored watermark (one was lost) syncs: gap', () => {
  assert.deepEqual(decideSync(work([push('W2', 'W3')]), stored('W1')), {
    sync: true,
    reason: 'gap',
    lastWatermark: 'W3',
  });
  const noPrevious: EwsPush = { previousWatermark: undefined, watermark: 'W2', changes: false };
  assert.equal(decideSync(work([noPrevious]), stored('W1')).sync, true, 'no PreviousWatermark proves nothing');
  const noWatermark: EwsPush = { previousWatermark: 'W1', watermark: undefined, changes: false };
  assert.equal(decideSync(work([noWatermark]), stored('W1')).sync, true, 'nothing to move on to');
});

test('a push with item events syncs, chain or not: change', () => {
  for (const previous of ['W1', 'W7']) {
    const d = decideSync(work([push(previous, 'W8', true)]), stored('W1'));
    assert.deepEqual(d, { sync: true, reason: 'change', lastWatermark: 'W8' });
  }
});

test('several pushes in one batch must chain on from one another', () => {
  assert.deepEqual(decideSync(work([push('W1', 'W2'), push('W2', 'W3'), push('W3', 'W4')]), stored('W1')), {
    sync: false,
    skipped: true,
    lastWatermark: 'W4',
  });
  const broken = decideSync(work([push('W1', 'W2'), push('W3', 'W4')]), stored('W1'));
  assert.deepEqual(broken, { sync: true, reason: 'gap', lastWatermark: 'W4' });
});

test('reordered pushes still chain; a reordered batch with a hole does not', () => {
  // Arrived W2→W3 first, then W1→W2: the chain from W1 ends at W3, not at the last one to arrive.
  assert.deepEqual(decideSync(work([push('W2', 'W3'), push('W1', 'W2')]), stored('W1')), {
    sync: false,
    skipped: true,
    lastWatermark: 'W3',
  });
  const holed = decideSync(work([push('W3', 'W4'), push('W1', 'W2')]), stored('W1'));
  assert.deepEqual(holed, { sync: true, reason: 'gap', lastWatermark: 'W2' });
});

test('the first push ever for a room (no stored watermark, no sync state) syncs from scratch', () => {
  assert.deepEqual(decideSync(work([push('W1', 'W2')]), stored(null, true)), {
    sync: true,
    reason: 'resync',
    lastWatermark: 'W2',
  });
  assert.equal(decideSync(work([push('W1', 'W2')]), stored(null)).sync, true, 'a sync state without watermark');
});

test('a due full sync comes with the next push even when the chain holds', () => {
  assert.deepEqual(decideSync(work([push('W1', 'W2')]), stored('W1', true)), {
    sync: true,
    reason: 'resync',
    lastWatermark: 'W2',
  });
});

test('events that ask for a sync are obeyed; the strongest reason names it; nothing asked, nothing done', () => {
  assert.deepEqual(decideSync(work([push('W1', 'W2')], 'reconcile'), stored('W1')), {
    sync: true,
    reason: 'reconcile',
    lastWatermark: 'W2',
  });
  assert.deepEqual(decideSync(work([push('W1', 'W2', true)], 'reconcile'), stored('W1')), {
    sync: true,
    reason: 'change',
    lastWatermark: 'W2',
  });
  assert.deepEqual(decideSync(work([], 'gap'), stored('W1')), { sync: true, reason: 'gap', lastWatermark: 'W1' });
  assert.deepEqual(decideSync(work([]), stored('W1')), { sync: false, skipped: false, lastWatermark: 'W1' });
});
