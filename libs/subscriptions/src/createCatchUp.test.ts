import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCatchUp } from './createCatchUp.ts';

test('caught up once every partition reached the end offset seen when waiting started; empty partitions count as done', async () => {
  const catchUp = createCatchUp({
    endOffsets: () =>
      Promise.resolve(
        new Map([
          ['a:0', 3n],
          ['a:1', 0n],
          ['b:0', 1n],
        ]),
      ),
    pollMs: 5,
  });
  let done = false;
  const waiting = catchUp.wait().then((complete) => {
    done = complete;
  });
  catchUp.observe('a', 0, '1');
  catchUp.observe('b', 0, '0');
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(done, false);
  catchUp.observe('a', 0, '2');
  await waiting;
  assert.equal(done, true);
});

test('gives up waiting after maxWaitMs (an undecodable tail record never reaches observe)', async () => {
  const catchUp = createCatchUp({
    endOffsets: () => Promise.resolve(new Map([['a:0', 5n]])),
    pollMs: 5,
    maxWaitMs: 30,
  });
  assert.equal(await catchUp.wait(), false);
});

test('with start offsets (a lookback window) only the records from there on are owed; a partition with none in the window is done', async () => {
  const starts = new Map([
    ['n:0', 100n],
    ['n:1', 7n],
    ['s:0', 3n],
  ]);
  const ends = new Map([
    ['n:0', 102n],
    ['n:1', 7n],
    ['s:0', 3n],
  ]);
  const catchUp = createCatchUp({
    endOffsets: () => Promise.resolve(ends),
    startOffsets: starts,
    pollMs: 5,
    maxWaitMs: 1_000,
  });
  let done = false;
  const waiting = catchUp.wait().then((complete) => {
    done = complete;
  });
  catchUp.observe('n', 0, '100');
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.equal(done, false, 'n:0 still owes offset 101');
  catchUp.observe('n', 0, '101');
  await waiting;
  assert.equal(done, true);
});
