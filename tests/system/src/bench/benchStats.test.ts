import assert from 'node:assert/strict';
import { test } from 'node:test';
import { blockTrend, leastSquaresFit, percentile } from './benchStats.ts';

test('percentile is the nearest rank, whatever the order of the values', () => {
  const values = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.95), 100);
  assert.equal(percentile(values, 0.1), 10);
  assert.equal(percentile(values, 1), 100);
  assert.ok(Number.isNaN(percentile([], 0.5)));
});

test('leastSquaresFit fits a line through noisy points, with the noise of its slope', () => {
  const exact = leastSquaresFit([
    [0, 1],
    [1, 3],
    [2, 5],
  ]);
  assert.equal(exact.slope, 2);
  assert.equal(exact.standardError, 0);
  const noisy = leastSquaresFit([
    [0, 0],
    [1, 1],
    [2, 0],
    [3, 1],
  ]);
  assert.equal(noisy.slope, 0.2);
  // residuals -0.2, 0.6, -0.6, 0.2: (0.8 / (4 - 2) / 5) ** 0.5
  assert.ok(Math.abs(noisy.standardError - Math.sqrt(0.08)) < 1e-12);
  assert.ok(Math.abs(noisy.slope) < 2 * noisy.standardError, 'a sawtooth is no trend');
  assert.ok(Number.isNaN(leastSquaresFit([[1, 1]]).slope));
  assert.ok(
    Number.isNaN(
      leastSquaresFit([
        [1, 1],
        [2, 2],
      ]).standardError,
    ),
  );
});

/** Ten minutes sampled every 2 s, x in minutes. */
const tenMinutes = (y: (minute: number) => number) =>
  Array.from({ length: 300 }, (_, i) => [i / 30, y(i / 30)] as const);

test('blockTrend judges the noise from minute means: a level series with one passing step is flat', () => {
  // RSS as /proc shows it: level, 256 KB more for 40 s in the seventh minute, then level again.
  const points = tenMinutes((m) => (m >= 6.2 && m < 6.9 ? 100.25 : 100));
  const naive = leastSquaresFit(points);
  assert.ok(Math.abs(naive.slope) > 2 * naive.standardError, 'independent samples call the step a trend');
  const t = blockTrend(points, 1);
  assert.equal(t.blocks, 10);
  assert.ok(Math.abs(t.slope) <= 2 * t.standardError, `${String(t.slope)} ± ${String(2 * t.standardError)}`);
});

test('blockTrend finds a steady rise under noise larger than the rise, rising as much in each half', () => {
  // 0.1 MB/min under a ±0.5 MB sawtooth of 30 s (the garbage collector's rhythm).
  const t = blockTrend(
    tenMinutes((m) => 100 + 0.1 * m + ((m * 2) % 1) - 0.5),
    1,
  );
  assert.ok(Math.abs(t.slope - 0.1) < 0.01, String(t.slope));
  assert.ok(t.slope > 2 * t.standardError);
  assert.ok(Math.abs(t.rise[0] - 0.45) < 0.01 && Math.abs(t.rise[1] - 0.45) < 0.01, JSON.stringify(t.rise));
});

test('blockTrend shows a warm-up levelling off: the second half rises less than the first', () => {
  const t = blockTrend(
    tenMinutes((m) => 100 + 3 * (1 - Math.exp(-m / 3))),
    1,
  );
  assert.ok(t.slope > 2 * t.standardError);
  assert.ok(t.rise[1] < t.rise[0] / 2, JSON.stringify(t.rise));
});

test('blockTrend gives no noise with fewer than three blocks', () => {
  const t = blockTrend(
    Array.from({ length: 60 }, (_, i) => [i / 30, i] as const),
    1,
  );
  assert.equal(t.blocks, 2);
  assert.ok(Number.isNaN(t.standardError));
});
