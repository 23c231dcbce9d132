import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { buildSendNotification } from '@rooms-sync/ews';
import type { NotificationEventKind } from '@rooms-sync/events';
import { createMetricsRegistry } from '@rooms-sync/observability';
import { startHttpServer } from '@rooms-sync/http';
import { createWebhookApp, type WebhookAppOptions } from './createWebhookApp.ts';
import type { RecordedNotification } from './RecordedNotification.ts';
import { createSubscriptionDirectory } from './createSubscriptionDirectory.ts';
import { createWebhookMetrics } from './createWebhookMetrics.ts';
import { createAddressMatcher } from './resolveClientAddress.ts';
import { createRateLimiter } from './createRateLimiter.ts';

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
const XML = { 'Content-Type': 'text/xml; charset=utf-8' };

function push(subscriptionId = 'sub-1', kinds: NotificationEventKind[] = ['Created']): string {
  return buildSendNotification([
    {
      responseClass: 'Success',
      subscriptionId,
      previousWatermark: 'AQAAAA==',
      moreEvents: false,
      events: kinds.map((kind, i) => ({
        kind,
        watermark: `wm-${i}`,
        timestamp: '2026-11-25T09:00:00Z',
        itemId: { id: `item-${i}`, changeKey: `ck-${i}` },
        parentFolderId: { id: 'calendar', changeKey: 'f1' },
      })),
    },
  ]);
}

async function serve(t: { after(fn: () => Promise<void>): void }, overrides: Partial<WebhookAppOptions> = {}) {
  const recorded: RecordedNotification[] = [];
  const registry = createMetricsRegistry({ service: 'webhook-ingress', defaultMetrics: false });
  const directory = createSubscriptionDirectory();
  const app = createWebhookApp({
    record: (n) => {
      recorded.push(n);
      return Promise.resolve();
    },
    directory,
    metrics: createWebhookMetrics(registry),
    logger: quiet,
    now: () => new Date('2026-11-25T09:00:01Z'),
    ...overrides,
  });
  const srv = await startHttpServer(app.callback(), { port: 0 });
  t.after(() => srv.close());
  return { url: srv.url, recorded, directory, registry };
}

test('a push is recorded once, then acknowledged with SubscriptionStatus OK', async (t) => {
  const { url, recorded, directory } = await serve(t);
  directory.apply({ type: 'created', subscriptionId: 'sub-1', mailbox: 'room-101@contoso.example', tenant: 'contoso' });
  const res = await fetch(`${url}/api/webhooks/exchange`, {
    method: 'POST',
    headers: XML,
    body: push('sub-1', ['Created', 'Modified']),
  });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/xml/);
  assert.match(await res.text(), /<[\w:]*SubscriptionStatus>OK</);
  assert.equal(recorded.length, 1);
  const [n] = recorded;
  assert.equal(n?.key, 'room-101@contoso.example');
  assert.equal(n?.data.mailbox, 'room-101@contoso.example');
  assert.equal(n?.data.tenant, 'contoso');
  assert.equal(n?.data.endpoint, 'default');
  assert.equal(n?.data.subscriptionId, 'sub-1');
  const [message] = n?.data.messages ?? [];
  assert.equal(message?.responseClass, 'Success');
  assert.deepEqual(message?.responseClass === 'Success' ? message.events.map((e) => e.kind) : [], [
    'Created',
    'Modified',
  ]);
});

test('an unknown subscription is acknowledged OK and keyed by its id', async (t) => {
  const { url, recorded } = await serve(t);
  const res = await fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push('brand-new') });
  assert.match(await res.text(), /SubscriptionStatus>OK</);
  assert.equal(recorded[0]?.key, 'brand-new');
  assert.equal(recorded[0]?.data.mailbox, undefined);
});

test('a superseded or removed subscription is told to Unsubscribe (and the push still recorded)', async (t) => {
  const { url, recorded, directory } = await serve(t);
  directory.apply({ type: 'created', subscriptionId: 'old', mailbox: 'room@x' });
  directory.apply({ type: 'superseded', subscriptionId: 'old', mailbox: 'room@x' });
  const res = await fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push('old') });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /SubscriptionStatus>Unsubscribe</);
  assert.equal(recorded.length, 1);
});

test('the legacy rollback path takes the tenant from its query', async (t) => {
  const { url, recorded } = await serve(t);
  const res = await fetch(`${url}/WebServices/SyncNotification.svc?contoso`, {
    method: 'POST',
    headers: XML,
    body: push(),
  });
  assert.equal(res.status, 200);
  assert.equal(recorded[0]?.data.endpoint, 'legacy');
  assert.equal(recorded[0]?.data.tenant, 'contoso');
});

test('an error push (ErrorReadEventsFailed) is recorded as an error message and acknowledged', async (t) => {
  const { url, recorded } = await serve(t);
  const body = buildSendNotification([
    {
      responseClass: 'Error',
      responseCode: 'ErrorReadEventsFailed',
      messageText: 'events lost',
      subscriptionId: 'sub-9',
    },
  ]);
  const res = await fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body });
  assert.equal(res.status, 200);
  const data = recorded[0]?.data;
  assert.ok(data && data.source !== 'graph');
  const [message] = data.messages;
  assert.equal(message?.responseClass, 'Error');
  assert.equal(recorded[0]?.data.subscriptionId, 'sub-9');
});

test('wrong method → 405 with Allow: POST; other path → 404; /healthz → 200; nothing recorded', async (t) => {
  const { url, recorded } = await serve(t);
  for (const method of ['GET', 'PUT', 'DELETE', 'PATCH']) {
    const res = await fetch(`${url}/api/webhooks/exchange`, { method });
    assert.equal(res.status, 405, method);
    assert.equal(res.headers.get('allow'), 'POST');
  }
  assert.equal((await fetch(`${url}/api/webhooks/other`, { method: 'POST', headers: XML, body: push() })).status, 404);
  assert.equal((await fetch(`${url}/metrics`)).status, 404, 'the public port never serves metrics');
  const health = await fetch(`${url}/healthz`);
  assert.equal(health.status, 200);
  assert.equal(await health.text(), 'ok\n');
  assert.equal(recorded.length, 0);
});

test('a body that is not XML → 415', async (t) => {
  const { url, recorded } = await serve(t);
  const res = await fetch(`${url}/api/webhooks/exchange`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{"a":1}',
  });
  assert.equal(res.status, 415);
  assert.equal(recorded.length, 0);
});

test('a declared body over the limit → 413 before it is read; a chunked one is cut off', async (t) => {
  const { url, recorded } = await serve(t, { maxBodyBytes: 1024 });
  const declared = await rawPost(
    url,
    { 'Content-Type': 'text/xml', 'Content-Length': String(10 * 1024 * 1024) },
    'x'.repeat(100),
  );
  assert.equal(declared, 413);
  const chunked = await rawPost(
    url,
    { 'Content-Type': 'text/xml', 'Transfer-Encoding': 'chunked' },
    push().padEnd(4096, ' '),
  );
  assert.equal(chunked, 413);
  assert.equal(recorded.length, 0);
});

test('hostile or malformed XML → 400 with a reason, nothing recorded', async (t) => {
  const { url, recorded, registry } = await serve(t);
  const bodies: Record<string, string | Buffer> = {
    xxe: '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    bomb: '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
    deep: '<a>'.repeat(10_000) + '</a>'.repeat(10_000),
    invalidUtf8: Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]),
    empty: '',
    fault:
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>x</faultstring></s:Fault></s:Body></s:Envelope>',
    wrongRoot: '<html><body>hello</body></html>',
    truncated: push().slice(0, 200),
  };
  for (const [name, body] of Object.entries(bodies)) {
    const res = await fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body });
    assert.equal(res.status, 400, name);
  }
  assert.equal(recorded.length, 0);
  assert.match(
    await registry.metrics(),
    /rooms_ingress_refusals_total\{reason="doctype_forbidden",service="webhook-ingress"\} 2/,
  );
});

test('when recording fails or hangs the push gets 503, never OK', async (t) => {
  const failing = await serve(t, { record: () => Promise.reject(new Error('broker down')) });
  const res = await fetch(`${failing.url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push() });
  assert.equal(res.status, 503);
  assert.doesNotMatch(await res.text(), /SubscriptionStatus/);

  const hanging = await serve(t, { record: () => new Promise(() => undefined), recordTimeoutMs: 100 });
  const slow = await fetch(`${hanging.url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push() });
  assert.equal(slow.status, 503);
});

test('allowlist refuses other sources (403); the rate limit answers 429 past its burst', async (t) => {
  const denied = await serve(t, { allowlist: createAddressMatcher(['40.92.0.0/15']) });
  assert.equal(
    (await fetch(`${denied.url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push() })).status,
    403,
  );

  const viaProxy = await serve(t, {
    allowlist: createAddressMatcher(['40.92.0.0/15']),
    trustedProxies: createAddressMatcher(['127.0.0.1/32']),
  });
  const ok = await fetch(`${viaProxy.url}/api/webhooks/exchange`, {
    method: 'POST',
    headers: { ...XML, 'X-Forwarded-For': '40.92.1.1' },
    body: push(),
  });
  assert.equal(ok.status, 200);

  const limited = await serve(t, { rateLimiter: createRateLimiter({ perSecond: 0.001, burst: 2 }) });
  const statuses: number[] = [];
  for (let i = 0; i < 3; i++)
    statuses.push(
      (await fetch(`${limited.url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push() })).status,
    );
  assert.deepEqual(statuses, [200, 200, 429]);
  assert.match(await limited.registry.metrics(), /rooms_ingress_refusals_total\{reason="rate_limited"/);
});

function rawPost(base: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/api/webhooks/exchange`, { method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(body);
  });
}

test("the request's trace context, when tracing is on, travels with the recorded push", async (t) => {
  const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
  const { url, recorded } = await serve(t, { currentTrace: () => ({ traceparent }) });
  await fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push() });
  assert.deepEqual(recorded[0]?.trace, { traceparent });
});
