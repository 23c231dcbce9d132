import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRoomLocks } from './createRoomLocks.ts';

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
