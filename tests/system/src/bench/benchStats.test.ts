import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leastSquaresSlope, percentile } from './benchStats.ts';

test('percentile is the nearest rank, whatever the order of the values', () => {
  const values = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
  assert.equal(percentile(values, 0.5), 50);
  assert.equal(percentile(values, 0.95), 100);
  assert.equal(percentile(values, 0.1), 10);
  assert.equal(percentile(values, 1), 100);
  assert.ok(Number.isNaN(percentile([], 0.5)));
});

test('leastSquaresSlope fits a line through noisy points, and has no answer for one x', () => {
  assert.equal(
    leastSquaresSlope([
      [0, 1],
      [1, 3],
      [2, 5],
    ]),
    2,
  );
  assert.equal(
    leastSquaresSlope([
      [0, 0],
      [1, 1],
      [2, 0],
      [3, 1],
    ]),
    0.2,
  );
  assert.ok(Number.isNaN(leastSquaresSlope([[1, 1]])));
  assert.ok(
    Number.isNaN(
      leastSquaresSlope([
        [1, 1],
        [1, 2],
      ]),
    ),
  );
});
