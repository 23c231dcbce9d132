import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createConcurrencyLimit } from './createConcurrencyLimit.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

test('callers sharing a limit never have more than it in flight together, and all finish', async () => {
  const limit = createConcurrencyLimit(3);
  let inFlight = 0;
  let most = 0;
  const task = (n: number) => async () => {
    inFlight++;
    most = Math.max(most, inFlight);
    await tick();
    await tick();
    inFlight--;
    return n;
  };
  // Two "batches" of different sizes sharing the one limit.
  const [a, b] = await Promise.all([
    Promise.all([1, 2, 3, 4, 5].map((n) => limit.run(task(n)))),
    Promise.all([6, 7].map((n) => limit.run(task(n)))),
  ]);
  assert.equal(most, 3);
  assert.deepEqual(a, [1, 2, 3, 4, 5]);
  assert.deepEqual(b, [6, 7]);
  assert.equal(limit.active, 0);
  assert.equal(limit.waiting, 0);
});

test('waiters start in the order they asked', async () => {
  const limit = createConcurrencyLimit(1);
  const started: string[] = [];
  let open!: () => void;
  const first = limit.run(async () => {
    started.push('first');
    await new Promise<void>((resolve) => (open = resolve));
  });
  const rest = ['second', 'third', 'fourth'].map((name) =>
    limit.run(() => {
      started.push(name);
      return Promise.resolve();
    }),
  );
  await tick();
  assert.equal(limit.waiting, 3);
  open();
  await Promise.all([first, ...rest]);
  assert.deepEqual(started, ['first', 'second', 'third', 'fourth']);
});

test('a failing task frees its slot and its caller gets the error', async () => {
  const limit = createConcurrencyLimit(1);
  await assert.rejects(
    limit.run(() => Promise.reject(new Error('exchange said no'))),
    /exchange said no/,
  );
  assert.equal(await limit.run(() => Promise.resolve('next')), 'next');
  assert.equal(limit.active, 0);
});

test('a limit below one is refused', () => {
  assert.throws(() => createConcurrencyLimit(0), RangeError);
});
