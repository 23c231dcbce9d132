import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTokenBucket } from './createTokenBucket.ts';

function clock() {
  let t = 1_000_000;
  return {
    now: () => t,
    advance: (ms: number) => {
      t += ms;
    },
  };
}

const takeAll = (bucket: { take(): boolean }) => {
  let n = 0;
  while (bucket.take()) n++;
  return n;
};

test('a full bucket gives its burst at once, then tokens at the rate', () => {
  const c = clock();
  const bucket = createTokenBucket({ ratePerSecond: 20, burst: 20, now: c.now });
  assert.equal(takeAll(bucket), 20);
  c.advance(49);
  assert.equal(bucket.take(), false, 'not yet a whole token');
  c.advance(1);
  assert.equal(takeAll(bucket), 1);
  c.advance(500);
  assert.equal(takeAll(bucket), 10);
});

test('an idle bucket fills up to its burst, no more', () => {
  const c = clock();
  const bucket = createTokenBucket({ ratePerSecond: 5, burst: 3, now: c.now });
  takeAll(bucket);
  c.advance(60_000);
  assert.equal(takeAll(bucket), 3);
});

test('fractional rates accumulate', () => {
  const c = clock();
  const bucket = createTokenBucket({ ratePerSecond: 0.5, burst: 1, now: c.now });
  assert.equal(takeAll(bucket), 1);
  c.advance(1_000);
  assert.equal(bucket.take(), false);
  c.advance(1_000);
  assert.equal(bucket.take(), true);
});

test('msUntil: how long until that many tokens are there again', () => {
  const c = clock();
  const bucket = createTokenBucket({ ratePerSecond: 20, burst: 20, now: c.now });
  assert.equal(bucket.msUntil(20), 0);
  takeAll(bucket);
  assert.equal(bucket.msUntil(1), 50);
  assert.equal(bucket.msUntil(20), 1_000);
  assert.equal(bucket.msUntil(100), 1_000, 'capped at the burst');
  c.advance(400);
  assert.equal(bucket.msUntil(20), 600);
});

test('a clock that steps back takes nothing away and adds nothing', () => {
  const c = clock();
  const bucket = createTokenBucket({ ratePerSecond: 10, burst: 10, now: c.now });
  takeAll(bucket);
  c.advance(500);
  assert.equal(bucket.take(), true);
  c.advance(-10_000);
  assert.equal(takeAll(bucket), 4);
  c.advance(100);
  assert.equal(takeAll(bucket), 1, 'counted from where the clock now is');
});
