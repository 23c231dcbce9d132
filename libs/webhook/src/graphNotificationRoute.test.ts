import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientStateHash } from '@rooms-sync/events';
import { startHttpServer } from '@rooms-sync/http';
import { createMetricsRegistry } from '@rooms-sync/observability';
import { createSubscriptionDirectory } from './createSubscriptionDirectory.ts';
import { createWebhookApp } from './createWebhookApp.ts';
import { createWebhookMetrics } from './createWebhookMetrics.ts';
import type { RecordedNotification } from './RecordedNotification.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const JSON_TYPE = { 'Content-Type': 'application/json; charset=utf-8' };
const STATE = 'c2VjcmV0LXN0YXRlLW9mLXN1Yi0x';

async function serve(t: { after(fn: () => Promise<void>): void }, record?: () => Promise<void>) {
  const recorded: RecordedNotification[] = [];
  const logged: unknown[] = [];
  const registry = createMetricsRegistry({ service: 'webhook-ingress', defaultMetrics: false });
  const directory = createSubscriptionDirectory();
  directory.apply({
    type: 'created',
    subscriptionId: 'sub-1',
    mailbox: 'room-1@contoso.example',
    clientStateHash: clientStateHash(STATE),
    connection: 'online',
  });
  directory.apply({ type: 'created', subscriptionId: 'ews-sub', mailbox: 'room-2@contoso.example' });
  const app = createWebhookApp({
    record: async (n) => {
      await record?.();
      recorded.push(n);
    },
    directory,
    metrics: createWebhookMetrics(registry),
    logger: { ...quiet, warn: (fields: unknown) => logged.push(fields) },
    now: () => new Date('2026-12-05T10:00:00Z'),
  });
  const srv = await startHttpServer(app.callback(), { port: 0 });
  t.after(() => srv.close());
  return { url: srv.url, recorded, logged, registry };
}

function change(subscriptionId: string, clientState: string, changeType = 'updated') {
  return {
    subscriptionId,
    clientState,
    changeType,
    resource: 'Users/room-1@contoso.example/Events/AAMk1',
    resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': 'Users/x/Events/AAMk1', id: 'AAMk1' },
    tenantId: 'tenant-1',
    subscriptionExpirationDateTime: '2026-12-08T10:00:00Z',
  };
}

async function metric(registry: Awaited<ReturnType<typeof serve>>['registry'], labels: string): Promise<number> {
  const line = (await registry.metrics())
    .split('\n')
    .find((l) => l.startsWith('rooms_ingress_graph_notifications_total{') && l.includes(labels));
  return Number(line?.split(' ').pop() ?? 0);
}

test('the validation handshake echoes the decoded token as text/plain and records nothing, on both paths', async (t) => {
  const { url, recorded } = await serve(t);
  for (const path of ['/api/webhooks/graph', '/api/webhooks/graph/lifecycle']) {
    const token = 'Validation: Testing client application reachability for subscription Request-Id: 1 <b>&</b>';
    const res = await fetch(`${url}${path}?validationToken=${encodeURIComponent(token)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain' },
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(await res.text(), token);
  }
  const long = await fetch(`${url}/api/webhooks/graph?validationToken=${'x'.repeat(1025)}`, { method: 'POST' });
  assert.equal(long.status, 400);
  const twice = await fetch(`${url}/api/webhooks/graph?validationToken=a&validationToken=b`, { method: 'POST' });
  assert.equal(twice.status, 400);
  assert.equal(recorded.length, 0);
});

test('changes with the right clientState are recorded per mailbox, with their connection, before the 202, without the clientState', async (t) => {
  const { url, recorded, registry } = await serve(t);
  const res = await fetch(`${url}/api/webhooks/graph`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ value: [change('sub-1', STATE), change('sub-1', STATE, 'deleted')] }),
  });
  assert.equal(res.status, 202);
  assert.equal(recorded.length, 1);
  assert.equal(recorded[0]?.key, 'room-1@contoso.example');
  assert.deepEqual(recorded[0]?.data, {
    source: 'graph',
    subscriptionId: 'sub-1',
    mailbox: 'room-1@contoso.example',
    tenant: 'tenant-1',
    connection: 'online',
    endpoint: 'graph',
    receivedAt: '2026-12-05T10:00:00.000Z',
    changes: [
      {
        subscriptionId: 'sub-1',
        subscriptionExpirationDateTime: '2026-12-08T10:00:00Z',
        changeType: 'updated',
        resource: 'Users/room-1@contoso.example/Events/AAMk1',
        eventId: 'AAMk1',
      },
      {
        subscriptionId: 'sub-1',
        subscriptionExpirationDateTime: '2026-12-08T10:00:00Z',
        changeType: 'deleted',
        resource: 'Users/room-1@contoso.example/Events/AAMk1',
        eventId: 'AAMk1',
      },
    ],
    lifecycle: [],
  });
  assert.doesNotMatch(JSON.stringify(recorded), new RegExp(STATE));
  assert.equal(await metric(registry, 'kind="change",outcome="recorded"'), 2);
});

test('a wrong clientState, an unknown or an EWS subscription: 202, counted, logged without the secret, not recorded', async (t) => {
  const { url, recorded, logged, registry } = await serve(t);
  const res = await fetch(`${url}/api/webhooks/graph`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({
      value: [change('sub-1', 'guessed-state'), change('sub-unknown', STATE), change('ews-sub', STATE)],
    }),
  });
  assert.equal(res.status, 202);
  assert.equal(recorded.length, 0);
  assert.equal(await metric(registry, 'kind="change",outcome="client_state_mismatch"'), 1);
  assert.equal(await metric(registry, 'kind="change",outcome="unknown_subscription"'), 1);
  assert.equal(await metric(registry, 'kind="change",outcome="not_graph_subscription"'), 1);
  assert.equal(logged.length, 3);
  assert.doesNotMatch(JSON.stringify(logged), /guessed-state|c2VjcmV0/);
});

test('lifecycle notices go to their own path and kind', async (t) => {
  const { url, recorded } = await serve(t);
  const notice = (lifecycleEvent: string) => ({
    subscriptionId: 'sub-1',
    clientState: STATE,
    lifecycleEvent,
    tenantId: 'tenant-1',
    subscriptionExpirationDateTime: '2026-12-08T10:00:00Z',
  });
  const res = await fetch(`${url}/api/webhooks/graph/lifecycle`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ value: [notice('reauthorizationRequired'), notice('missed'), notice('somethingElse')] }),
  });
  assert.equal(res.status, 202);
  const data = recorded[0]?.data;
  assert.ok(data?.source === 'graph');
  assert.equal(data.endpoint, 'graph-lifecycle');
  assert.deepEqual(
    data.lifecycle.map((n) => n.lifecycleEvent),
    ['reauthorizationRequired', 'missed'],
  );
  assert.deepEqual(data.changes, []);
});

test('broker down: 503 so Graph retries; bad bodies get a clear 4xx; nothing recorded', async (t) => {
  const down = await serve(t, () => Promise.reject(new Error('broker down')));
  const res = await fetch(`${down.url}/api/webhooks/graph`, {
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ value: [change('sub-1', STATE)] }),
  });
  assert.equal(res.status, 503);

  const { url, recorded } = await serve(t);
  const cases: [headers: Record<string, string>, body: string, status: number, text: RegExp][] = [
    [{ 'Content-Type': 'text/xml' }, '{}', 415, /application\/json/],
    [JSON_TYPE, '{"value": [', 400, /malformed JSON/],
    [JSON_TYPE, '{"value": []}', 400, /not a Microsoft Graph notification/],
    [JSON_TYPE, '{"value": [{"changeType": "updated"}]}', 400, /not a Microsoft Graph notification/],
    [JSON_TYPE, '[1, 2]', 400, /not a Microsoft Graph notification/],
    [JSON_TYPE, JSON.stringify({ value: [change('sub-1', 'x'.repeat(2 * 1024 * 1024))] }), 413, /too large/],
  ];
  for (const [headers, body, status, text] of cases) {
    const r = await fetch(`${url}/api/webhooks/graph`, { method: 'POST', headers, body });
    assert.equal(r.status, status, body.slice(0, 40));
    assert.match(await r.text(), text);
  }
  const get = await fetch(`${url}/api/webhooks/graph`);
  assert.equal(get.status, 405);
  assert.equal(recorded.length, 0);
});
