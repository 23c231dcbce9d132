import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRateLimiter } from './createRateLimiter.ts';

test('allows a burst, refuses past it, and refills with time, per source', () => {
  let t = 0;
  const limiter = createRateLimiter({ perSecond: 2, burst: 3, now: () => t });
  assert.deepEqual(
    [1, 2, 3, 4].map(() => limiter.take('a')),
    [true, true, true, false],
  );
  assert.equal(limiter.take('b'), true, 'another source has its own bucket');
  t += 500;
  assert.equal(limiter.take('a'), true);
  assert.equal(limiter.take('a'), false);
});
