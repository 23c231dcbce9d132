import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, RetriesExhaustedError, retry } from './retry.ts';

const base = { retries: 5, initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.2 };

function harness(draw = 0.5) {
  const sleeps: number[] = [];
  return {
    sleeps,
    options: {
      ...base,
      random: () => draw,
      sleep: (ms: number) => {
        sleeps.push(ms);
        return Promise.resolve();
      },
    },
  };
}

class Flaky extends Error {
  readonly retriable: boolean;
  constructor(retriable: boolean) {
    super('flaky');
    this.retriable = retriable;
  }
}

test('backoff grows by factor and is capped (mid draw = no jitter)', async () => {
  const { sleeps, options } = harness(0.5);
  let calls = 0;
  const result = await retry(() => (++calls < 6 ? Promise.reject(new Flaky(true)) : Promise.resolve('ok')), options);
  assert.equal(result, 'ok');
  assert.equal(calls, 6);
  assert.deepEqual(sleeps, [100, 200, 400, 800, 1000]);
});

test('jitter spreads each delay within ±jitter and never above maxMs', () => {
  assert.equal(backoffDelay(0, base, 0), 80);
  assert.equal(backoffDelay(0, base, 0.999999), 120);
  assert.equal(backoffDelay(2, base, 0), 320);
  assert.equal(backoffDelay(4, base, 0), 800);
  assert.equal(backoffDelay(4, base, 0.99), 1000);
  assert.equal(backoffDelay(30, base, 0.99), 1000);
});

test('wraps the last failure with its cause when retries are spent', async () => {
  const { sleeps, options } = harness(0);
  const last = new Flaky(true);
  let calls = 0;
  await assert.rejects(
    retry(
      () => {
        calls++;
        return Promise.reject(last);
      },
      { ...options, retries: 2 },
    ),
    (err: unknown) => {
      assert.ok(err instanceof RetriesExhaustedError);
      assert.equal(err.cause, last);
      assert.equal(err.attempts, 3);
      assert.equal(err.retriable, false);
      return true;
    },
  );
  assert.equal(calls, 3);
  assert.deepEqual(sleeps, [80, 160]);
});

test('does not retry an error marked retriable: false, and rethrows it unwrapped', async () => {
  const { sleeps, options } = harness();
  const err = new Flaky(false);
  let calls = 0;
  await assert.rejects(
    retry(() => {
      calls++;
      return Promise.reject(err);
    }, options),
    (e) => e === err,
  );
  assert.equal(calls, 1);
  assert.deepEqual(sleeps, []);
});

test('never retries programmer errors, even when the predicate says yes', async () => {
  for (const err of [new TypeError('x is undefined'), new RangeError('bad'), new ReferenceError('nope')]) {
    const { sleeps, options } = harness();
    let calls = 0;
    await assert.rejects(
      retry(
        () => {
          calls++;
          return Promise.reject(err);
        },
        { ...options, isRetriable: () => true },
      ),
      (e) => e === err,
    );
    assert.equal(calls, 1);
    assert.deepEqual(sleeps, []);
  }
});

test('a custom predicate decides for other errors; onRetry sees each wait', async () => {
  const { options } = harness();
  const seen: number[] = [];
  let calls = 0;
  await assert.rejects(
    retry(
      () => {
        calls++;
        return Promise.reject(new Error(calls === 1 ? 'busy' : 'fatal'));
      },
      {
        ...options,
        isRetriable: (e) => e instanceof Error && e.message === 'busy',
        onRetry: ({ attempt, delayMs }) => seen.push(attempt, delayMs),
      },
    ),
    /fatal/,
  );
  assert.equal(calls, 2);
  assert.deepEqual(seen, [1, 100]);
});

test('an abort stops the waiting and wraps the error as aborted', async () => {
  const controller = new AbortController();
  let calls = 0;
  const pending = retry(
    () => {
      calls++;
      return Promise.reject(new Flaky(true));
    },
    { ...base, initialMs: 60_000, maxMs: 60_000, signal: controller.signal },
  );
  setTimeout(() => {
    controller.abort();
  }, 20);
  await assert.rejects(pending, (err: unknown) => err instanceof RetriesExhaustedError && err.aborted);
  assert.equal(calls, 1, 'the abort ended the first wait; no second attempt ran');
});

test('passes the attempt number and returns the first success', async () => {
  const { options } = harness();
  const attempts: number[] = [];
  const value = await retry((attempt) => {
    attempts.push(attempt);
    return attempt < 2 ? Promise.reject(new Error('again')) : Promise.resolve(42);
  }, options);
  assert.equal(value, 42);
  assert.deepEqual(attempts, [0, 1, 2]);
});
