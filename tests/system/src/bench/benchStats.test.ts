import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leastSquaresFit, percentile } from './benchStats.ts';

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
