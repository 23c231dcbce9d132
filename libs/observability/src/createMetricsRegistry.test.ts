import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter } from 'prom-client';
import { createMetricsRegistry } from './createMetricsRegistry.ts';

test('every series carries the service label and default metrics are collected', async () => {
  const registry = createMetricsRegistry({ service: 'sync-projector' });
  new Counter({ name: 'rooms_test_total', help: 'test', registers: [registry] }).inc();
  const text = await registry.metrics();
  assert.match(text, /rooms_test_total\{service="sync-projector"\} 1/);
  assert.match(text, /process_cpu_user_seconds_total\{service="sync-projector"\}/);
});

test('two registries do not share series', async () => {
  const a = createMetricsRegistry({ service: 'a', defaultMetrics: false });
  const b = createMetricsRegistry({ service: 'b', defaultMetrics: false });
  new Counter({ name: 'rooms_only_in_a_total', help: 'x', registers: [a] });
  assert.match(await a.metrics(), /rooms_only_in_a_total/);
  assert.doesNotMatch(await b.metrics(), /rooms_only_in_a_total/);
});
