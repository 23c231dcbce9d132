// The client against a scripted EWS stub: what goes on the wire (impersonation, anchor, auth,
// Subscribe body) and how transport failures the simulator cannot produce are classified.
import assert from 'node:assert/strict';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { silentLogger as quiet } from '@rooms-sync/lifecycle';
import { createEwsClient } from './createEwsClient.ts';
import type { EwsAuth, EwsError, EwsResult } from './EwsClient.ts';

interface Seen {
  headers: IncomingHttpHeaders;
  body: string;
}

type Reply = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

function subscribeOk(): string {
  return `<?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="${SOAP}"><s:Body><m:SubscribeResponse xmlns:m="${M}"><m:ResponseMessages><m:SubscribeResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:SubscriptionId>SUB-1</m:SubscriptionId><m:Watermark>WM-1</m:Watermark></m:SubscribeResponseMessage></m:ResponseMessages></m:SubscribeResponse></s:Body></s:Envelope>`;
}

async function startStub(reply: (seen: Seen) => Reply) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { headers: req.headers, body: Buffer.concat(chunks).toString() };
      seen.push(s);
      const r = reply(s);
      if (r === 'hang') return;
      res.writeHead(r.status, { 'content-type': 'text/xml; charset=utf-8', ...r.headers });
      res.end(r.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/EWS/Exchange.asmx`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const basic: EwsAuth = { kind: 'basic', username: 'svc', password: 'pw' };

function failure(result: EwsResult<unknown>): EwsError {
  if (result.ok) assert.fail('expected a failure');
  return result.error;
}

function impersonated(body: string): string | undefined {
  return /<t:SmtpAddress>([^<]+)<\/t:SmtpAddress>/.exec(body)?.[1];
}

test('every request impersonates its room and anchors on it, also when calls for two rooms overlap', async (t) => {
  const stub = await startStub(() => ({ status: 200, body: subscribeOk() }));
  t.after(() => stub.close());
  const ews = createEwsClient({ url: stub.url, auth: basic, logger: quiet });
  const rooms = Array.from({ length: 8 }, (_, i) => `room-${i % 2 ? 'a' : 'b'}@contoso.example`);
  const results = await Promise.all(
    rooms.map((mailbox) =>
      ews.subscribePush({ mailbox, callbackUrl: 'https://hooks.example/ews', statusFrequencyMinutes: 1 }),
    ),
  );
  assert.ok(results.every((r) => r.ok));
  assert.equal(stub.seen.length, rooms.length);
  for (const s of stub.seen) {
    assert.equal(s.headers['x-anchormailbox'], impersonated(s.body));
    assert.match(
      s.body,
      /<t:ConnectingSID><t:SmtpAddress>room-[ab]@contoso\.example<\/t:SmtpAddress><\/t:ConnectingSID>/,
    );
    assert.equal(s.headers.authorization, `Basic ${Buffer.from('svc:pw').toString('base64')}`);
  }
  assert.deepEqual(stub.seen.map((s) => s.headers['x-anchormailbox']).sort(), [...rooms].sort());
});

test('Subscribe sends the calendar folder, default event types, frequency, URL and watermark', async (t) => {
  const stub = await startStub(() => ({ status: 200, body: subscribeOk() }));
  t.after(() => stub.close());
  const ews = createEwsClient({
    url: stub.url,
    auth: { kind: 'bearer', token: () => Promise.resolve('opaque-token') },
    logger: quiet,
  });
  const result = await ews.subscribePush({
    mailbox: 'room-1@contoso.example',
    callbackUrl: 'https://hooks.example/ews?room=1&t=x',
    statusFrequencyMinutes: 7,
    watermark: 'WM-0',
  });
  assert.deepEqual(result, { ok: true, value: { subscriptionId: 'SUB-1', watermark: 'WM-1' } });
  const { body, headers } = stub.seen[0]!;
  assert.equal(headers.authorization, 'Bearer opaque-token');
  assert.match(body, /<t:DistinguishedFolderId Id="calendar">/);
  const eventTypes = [...body.matchAll(/<t:EventType>(\w+)<\/t:EventType>/g)].map((m) => m[1]);
  assert.deepEqual(eventTypes.sort(), ['CopiedEvent', 'CreatedEvent', 'DeletedEvent', 'ModifiedEvent', 'MovedEvent']);
  assert.match(body, /<t:Watermark>WM-0<\/t:Watermark>/);
  assert.match(body, /<t:StatusFrequency>7<\/t:StatusFrequency>/);
  assert.match(body, /<t:URL>https:\/\/hooks\.example\/ews\?room=1&amp;t=x<\/t:URL>/);
});

test('a server that does not answer in timeoutMs is a transient Timeout', async (t) => {
  const stub = await startStub(() => 'hang');
  t.after(() => stub.close());
  const ews = createEwsClient({ url: stub.url, auth: basic, logger: quiet, timeoutMs: 200 });
  const error = failure(await ews.syncCalendar('room-1@contoso.example', undefined));
  assert.deepEqual([error.code, error.kind, error.operation], ['Timeout', 'transient', 'SyncFolderItems']);
});

test('HTTP 503 with Retry-After is throttled with that back-off', async (t) => {
  const stub = await startStub(() => ({ status: 503, headers: { 'retry-after': '7' } }));
  t.after(() => stub.close());
  const error = failure(
    await createEwsClient({ url: stub.url, auth: basic, logger: quiet }).getCalendarItems('room-1@contoso.example', [
      'AAMkAD1',
    ]),
  );
  assert.deepEqual([error.code, error.kind, error.backOffMs], ['HttpStatus503', 'throttled', 7000]);
});

test('a fault code missing from the library enum keeps its real name', async (t) => {
  const fault = `<s:Envelope xmlns:s="${SOAP}"><s:Body><s:Fault><faultcode>a:ErrorBrandNewThing</faultcode><faultstring>new</faultstring><detail><e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorBrandNewThing</e:ResponseCode><e:Message xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">Something new.</e:Message></detail></s:Fault></s:Body></s:Envelope>`;
  const stub = await startStub(() => ({ status: 500, body: fault }));
  t.after(() => stub.close());
  const error = failure(
    await createEwsClient({ url: stub.url, auth: basic, logger: quiet }).syncCalendar(
      'room-1@contoso.example',
      undefined,
    ),
  );
  assert.deepEqual([error.code, error.kind], ['ErrorBrandNewThing', 'permanent']);
});

test('an empty id list needs no request', async (t) => {
  const stub = await startStub(() => ({ status: 500 }));
  t.after(() => stub.close());
  const result = await createEwsClient({ url: stub.url, auth: basic, logger: quiet }).getCalendarItems(
    'room-1@contoso.example',
    [],
  );
  assert.deepEqual(result, { ok: true, value: { items: [], missing: [] } });
  assert.equal(stub.seen.length, 0);
});

test('caller strings are XML-escaped in the SOAP body (the library writes text verbatim), not in the anchor header', async (t) => {
  const stub = await startStub(() => ({ status: 200, body: subscribeOk() }));
  t.after(() => stub.close());
  const mailbox = 'r&d-room@contoso.example';
  const result = await createEwsClient({ url: stub.url, auth: basic, logger: quiet }).subscribePush({
    mailbox,
    callbackUrl: 'https://hooks.example/ews?a=1&b=<2>',
    statusFrequencyMinutes: 1,
  });
  assert.ok(result.ok);
  const { body, headers } = stub.seen[0]!;
  assert.equal(headers['x-anchormailbox'], mailbox);
  assert.match(body, /<t:SmtpAddress>r&amp;d-room@contoso\.example<\/t:SmtpAddress>/);
  assert.match(body, /<t:EmailAddress>r&amp;d-room@contoso\.example<\/t:EmailAddress>/);
  assert.match(body, /<t:URL>https:\/\/hooks\.example\/ews\?a=1&amp;b=&lt;2&gt;<\/t:URL>/);
});

test('a caller string XML cannot carry is a permanent ClientError result, never a throw or a request', async (t) => {
  const stub = await startStub(() => ({ status: 200, body: subscribeOk() }));
  t.after(() => stub.close());
  const result = await createEwsClient({ url: stub.url, auth: basic, logger: quiet }).subscribePush({
    mailbox: 'room@contoso.example',
    callbackUrl: 'https://hooks.example/ews',
    statusFrequencyMinutes: 1,
    watermark: 'WM\u0001',
  });
  assert.deepEqual([failure(result).code, failure(result).kind], ['ClientError', 'permanent']);
  assert.equal(stub.seen.length, 0);
});

test('ntlm starts the NTLM handshake per request; a server without an NTLM challenge is unauthorized', async (t) => {
  const stub = await startStub(() => ({ status: 401, headers: { 'www-authenticate': 'Basic realm="x"' } }));
  t.after(() => stub.close());
  const ews = createEwsClient({
    url: stub.url,
    auth: { kind: 'ntlm', username: 'svc', password: 'pw', domain: 'CONTOSO' },
    logger: quiet,
  });
  const error = failure(await ews.syncCalendar('room-1@contoso.example', undefined));
  assert.deepEqual([error.code, error.kind], ['HttpStatus401', 'unauthorized']);
  assert.match(stub.seen[0]?.headers.authorization ?? '', /^NTLM TlRMTVNTUAAB/);
});
