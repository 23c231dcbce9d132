import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runReadinessChecks } from './runReadinessChecks.ts';

test('a hung check fails by timeout without holding up the others', async () => {
  const report = await runReadinessChecks(
    { hung: () => new Promise<void>(() => undefined), fine: () => Promise.resolve() },
    50,
  );
  assert.equal(report.ready, false);
  assert.deepEqual(report.checks.fine, { ok: true });
  assert.match(report.checks.hung?.error ?? '', /no answer within 50 ms/);
});
