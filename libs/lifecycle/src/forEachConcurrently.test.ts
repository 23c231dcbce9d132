import assert from 'node:assert/strict';
import { test } from 'node:test';
import { forEachConcurrently } from './forEachConcurrently.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('every item is worked on, never more than the limit at once', async () => {
  let inFlight = 0;
  let most = 0;
  const done: number[] = [];
  await forEachConcurrently([...Array(20).keys()], 3, async (item) => {
    inFlight++;
    most = Math.max(most, inFlight);
    await tick();
    done.push(item);
    inFlight--;
  });
  assert.equal(most, 3);
  assert.deepEqual(
    done.sort((a, b) => a - b),
    [...Array(20).keys()],
  );
});

test('a failure rejects, and no item starts after it', async () => {
  const started: number[] = [];
  await assert.rejects(
    forEachConcurrently([...Array(10).keys()], 2, async (item) => {
      started.push(item);
      await tick();
      if (item === 1) throw new Error('boom');
    }),
    /boom/,
  );
  assert.ok(started.length <= 3, `started ${started.join(',')}`);
});

test('no items: resolves at once', async () => {
  await forEachConcurrently([], 4, () => Promise.reject(new Error('not called')));
});
