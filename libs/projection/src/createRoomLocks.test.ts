import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoomLocks, mapLimit } from './createRoomLocks.ts';

test('a room is held by one batch at a time; other rooms are not blocked', async () => {
  const locks = createRoomLocks();
  const order: string[] = [];
  const releaseA = await locks.acquire(['b', 'a']);
  const second = locks.acquire(['a']).then((release) => {
    order.push('second got a');
    release();
  });
  const other = locks.acquire(['c']).then((release) => {
    order.push('c free');
    release();
  });
  await other;
  order.push('releasing');
  releaseA();
  await second;
  assert.deepEqual(order, ['c free', 'releasing', 'second got a']);
});

test('mapLimit keeps order and the limit', async () => {
  let inFlight = 0;
  let peak = 0;
  const out = await mapLimit([1, 2, 3, 4, 5], 2, async (n) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5));
    inFlight--;
    return n * 10;
  });
  assert.deepEqual(out, [10, 20, 30, 40, 50]);
  assert.equal(peak, 2);
});
