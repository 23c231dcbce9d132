import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Counter } from 'prom-client';
import { createMetricsRegistry } from '@rooms-sync/observability';
import { createOpsApp } from './createOpsApp.ts';
import { startHttpServer } from './startHttpServer.ts';

async function serve(ready: boolean) {
  const registry = createMetricsRegistry({ service: 'svc', defaultMetrics: false });
  new Counter({ name: 'rooms_probe_total', help: 'h', registers: [registry] }).inc(3);
  const app = createOpsApp({
    registry,
    readiness: {
      kafka: () => Promise.resolve(),
      postgres: () => (ready ? Promise.resolve() : Promise.reject(new Error('connection refused'))),
    },
  });
  return startHttpServer(app.callback(), { port: 0 });
}

test('healthz answers while a dependency is down; readyz names the failing one', async (t) => {
  const srv = await serve(false);
  t.after(() => srv.close());
  const health = await fetch(`${srv.url}/healthz`);
  assert.equal(health.status, 200);
  const ready = await fetch(`${srv.url}/readyz`);
  assert.equal(ready.status, 503);
  const body = (await ready.json()) as { checks: Record<string, { ok: boolean; error?: string }> };
  assert.deepEqual(body.checks.kafka, { ok: true });
  assert.deepEqual(body.checks.postgres, { ok: false, error: 'connection refused' });
});

test('readyz is 200 when every check passes, and /metrics serves the registry', async (t) => {
  const srv = await serve(true);
  t.after(() => srv.close());
  assert.equal((await fetch(`${srv.url}/readyz`)).status, 200);
  const metrics = await fetch(`${srv.url}/metrics`);
  assert.match(metrics.headers.get('content-type') ?? '', /text\/plain/);
  assert.match(await metrics.text(), /rooms_probe_total\{service="svc"\} 3/);
});

test('an advisory check that fails marks readyz degraded but keeps it 200', async (t) => {
  const registry = createMetricsRegistry({ service: 'svc', defaultMetrics: false });
  const app = createOpsApp({
    registry,
    readiness: { postgres: () => Promise.resolve() },
    advisory: { kafka: () => Promise.reject(new Error('consumer not running')) },
  });
  const srv = await startHttpServer(app.callback(), { port: 0 });
  t.after(() => srv.close());
  const ready = await fetch(`${srv.url}/readyz`);
  assert.equal(ready.status, 200);
  assert.deepEqual(await ready.json(), {
    ready: true,
    checks: { postgres: { ok: true } },
    degraded: true,
    advisory: { kafka: { ok: false, error: 'consumer not running' } },
  });
});
