// The Graph client against a loopback HTTPS double that answers as Graph does, so the real SDK
// (middleware, URL handling, error parsing) runs unchanged; the SDK sends tokens over HTTPS only. The full protocol is exercised
// against the simulator in the integration tests.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TokenRequestError } from '@rooms-sync/entra';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import { createGraphClient } from './createGraphClient.ts';

interface Seen {
  method: string;
  url: string;
  at: number;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };

async function fakeGraph(t: { after(fn: () => unknown): void }, answer: (seen: Seen, base: string) => Answer) {
  const seen: Seen[] = [];
  let base = '';
  const server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString();
      const request: Seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        at: Date.now(),
        headers: req.headers,
        body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
      };
      seen.push(request);
      const { status, body, headers } = answer(request, base);
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t.after(() => server.close());
  return { seen, base };
}

const tls = createTestTls();
trustInThisProcess(tls.caPem);

const logger = { debug() {}, warn() {} };
const token = () => Promise.resolve('token-abc');
const error = (status: number, code: string, message: string, headers?: Record<string, string>): Answer => ({
  status,
  body: { error: { code, message } },
  ...(headers ? { headers } : {}),
});

test('a subscription is created with the bearer token, the room resource and both URLs', async (t) => {
  const graph = await fakeGraph(t, (req) => ({
    status: 201,
    body: { id: 'sub-1', resource: req.body['resource'], expirationDateTime: req.body['expirationDateTime'] },
  }));
  const client = createGraphClient({
    baseUrl: graph.base,
    token,
    logger,
    now: () => Date.parse('2026-12-05T10:00:00Z'),
  });
  const result = await client.createSubscription({
    mailbox: 'room-1@contoso.example',
    notificationUrl: 'https://rooms.example/api/webhooks/graph',
    lifecycleNotificationUrl: 'https://rooms.example/api/webhooks/graph/lifecycle',
    clientState: 'secret-state',
    expiresInMinutes: 60 * 24 * 30,
  });
  assert.deepEqual(result, {
    ok: true,
    value: {
      id: 'sub-1',
      resource: 'users/room-1@contoso.example/events',
      expirationDateTime: '2026-12-12T09:58:00.000Z',
    },
  });
  const [req] = graph.seen;
  assert.equal(req?.method, 'POST');
  assert.equal(req?.url, '/v1.0/subscriptions');
  assert.equal(req?.headers.authorization, 'Bearer token-abc');
  assert.equal(req?.body['changeType'], 'created,updated,deleted');
  assert.equal(req?.body['lifecycleNotificationUrl'], 'https://rooms.example/api/webhooks/graph/lifecycle');
  assert.equal(req?.body['clientState'], 'secret-state');
});

test('a subscription is read back with its expiry; gone is a not_found value', async (t) => {
  const graph = await fakeGraph(t, (req) =>
    req.url === '/v1.0/subscriptions/sub-1'
      ? {
          status: 200,
          body: { id: 'sub-1', resource: 'users/room-1@x/events', expirationDateTime: '2026-12-06T00:00:00Z' },
        }
      : error(404, 'ResourceNotFound', 'The object was not found.'),
  );
  const client = createGraphClient({ baseUrl: graph.base, token, logger });
  assert.deepEqual(await client.getSubscription('room-1@x', 'sub-1'), {
    ok: true,
    value: { id: 'sub-1', resource: 'users/room-1@x/events', expirationDateTime: '2026-12-06T00:00:00Z' },
  });
  assert.equal(graph.seen[0]?.method, 'GET');
  const gone = await client.getSubscription('room-1@x', 'sub-2');
  assert.equal(gone.ok ? undefined : gone.error.kind, 'not_found');
});

test('too long a lifetime is asked again, shorter, and remembered for the next request', async (t) => {
  const graph = await fakeGraph(t, (req) => {
    const minutes = (Date.parse(String(req.body['expirationDateTime'])) - Date.now()) / 60_000;
    if (minutes > 4_230)
      return error(400, 'InvalidRequest', 'Subscription expiration can only be 4230 minutes in the future.');
    return { status: 200, body: { id: 'sub-1', expirationDateTime: req.body['expirationDateTime'] } };
  });
  const client = createGraphClient({ baseUrl: graph.base, token, logger });
  const renewed = await client.renewSubscription('room-1@x', 'sub-1', 10_000);
  assert.equal(renewed.ok, true);
  assert.equal(graph.seen.length, 2);
  assert.equal(graph.seen[1]?.method, 'PATCH');
  assert.equal(graph.seen[1]?.url, '/v1.0/subscriptions/sub-1');
  await client.renewSubscription('room-1@x', 'sub-1', 10_000);
  assert.equal(graph.seen.length, 3, 'the lower lifetime is asked for at once');
});

test('a 429 is a throttled value, and no request to that mailbox starts before Retry-After has passed', async (t) => {
  let throttledAt = 0;
  const graph = await fakeGraph(t, (req) => {
    if (throttledAt === 0) {
      throttledAt = req.at;
      return error(429, 'TooManyRequests', 'Application is over its MailboxConcurrency limit.', { 'Retry-After': '1' });
    }
    return { status: 200, body: { id: 'sub-1', expirationDateTime: '2026-12-06T00:00:00Z' } };
  });
  const client = createGraphClient({ baseUrl: graph.base, token, logger });
  const first = await client.reauthorizeSubscription('room-1@x', 'sub-1');
  assert.deepEqual(first.ok ? undefined : [first.error.kind, first.error.retryAfterMs], ['throttled', 1000]);
  const second = await client.renewSubscription('room-1@x', 'sub-1', 60);
  assert.equal(second.ok, true);
  assert.ok((graph.seen[1]?.at ?? 0) - throttledAt >= 1000, 'the next request waited for Retry-After');
});

test('a delta round pages through nextLink to a deltaLink, in UTC, separating removals', async (t) => {
  const graph = await fakeGraph(t, (req, base) => {
    if (req.url.includes('calendarView/delta?startDateTime=')) {
      return {
        status: 200,
        body: {
          value: [
            {
              id: 'e1',
              subject: 'A',
              start: { dateTime: '2026-12-07T09:00:00', timeZone: 'UTC' },
              end: { dateTime: '2026-12-07T10:00:00', timeZone: 'UTC' },
            },
            { '@removed': { reason: 'deleted' }, id: 'e0' },
          ],
          '@odata.nextLink': `${base}/v1.0/users/room-1%40x/calendarView/delta?$skiptoken=p2`,
        },
      };
    }
    if (req.url.endsWith('$skiptoken=p2')) {
      return {
        status: 200,
        body: { value: [], '@odata.deltaLink': `${base}/v1.0/users/room-1%40x/calendarView/delta?$deltatoken=d1` },
      };
    }
    return error(410, 'syncStateNotFound', 'The sync state is not found.');
  });
  const client = createGraphClient({ baseUrl: graph.base, token, logger, deltaPageSize: 50 });
  const first = await client.calendarDelta('room-1@x', {
    window: { start: '2026-12-01T00:00:00Z', end: '2027-03-01T00:00:00Z' },
  });
  assert.ok(first.ok);
  assert.deepEqual(
    first.value.events.map((e) => e.id),
    ['e1'],
  );
  assert.deepEqual(first.value.removedIds, ['e0']);
  const query = new URL(graph.seen[0]?.url ?? '', graph.base).searchParams;
  assert.equal(query.get('startDateTime'), '2026-12-01T00:00:00Z');
  assert.match(String(graph.seen[0]?.headers.prefer), /odata\.maxpagesize=50/);
  assert.match(String(graph.seen[0]?.headers.prefer), /outlook\.timezone="UTC"/);
  assert.ok(first.value.nextLink);
  const second = await client.calendarDelta('room-1@x', { link: first.value.nextLink });
  assert.ok(second.ok);
  assert.equal(graph.seen[1]?.headers.authorization, 'Bearer token-abc', 'the token goes to the link host too');
  assert.ok(second.value.deltaLink);
  const expired = await client.calendarDelta('room-1@x', {
    link: `${graph.base}/v1.0/users/room-1%40x/calendarView/delta?$deltatoken=old`,
  });
  assert.deepEqual(expired.ok ? undefined : expired.error.kind, 'invalid_sync_state');
});

test('gone is fine for delete and get; a token failure sends nothing and is unauthorized', async (t) => {
  const graph = await fakeGraph(t, () => error(404, 'ResourceNotFound', 'The object was not found.'));
  const client = createGraphClient({ baseUrl: graph.base, token, logger });
  assert.deepEqual(await client.deleteSubscription('room-1@x', 'sub-1'), { ok: true, value: undefined });
  assert.deepEqual(await client.getEvent('room-1@x', 'e1'), { ok: true, value: undefined });
  const renew = await client.renewSubscription('room-1@x', 'sub-1', 60);
  assert.equal(renew.ok ? undefined : renew.error.kind, 'not_found');

  const before = graph.seen.length;
  const denied = createGraphClient({
    baseUrl: graph.base,
    logger,
    token: () =>
      Promise.reject(
        new TokenRequestError('token endpoint answered 401 invalid_client: AADSTS7000215', {
          url: 'x',
          status: 401,
          oauthError: 'invalid_client',
        }),
      ),
  });
  const result = await denied.getEvent('room-1@x', 'e1');
  assert.equal(result.ok ? undefined : result.error.kind, 'unauthorized');
  assert.equal(graph.seen.length, before);
});

test('a mailbox hosted on-premises is a permanent failure naming the reason', async (t) => {
  const graph = await fakeGraph(t, () =>
    error(404, 'MailboxNotEnabledForRESTAPI', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise.'),
  );
  const client = createGraphClient({ baseUrl: graph.base, token, logger });
  const result = await client.calendarDelta('room-9@x', {
    window: { start: '2026-12-01T00:00:00Z', end: '2027-01-01T00:00:00Z' },
  });
  assert.ok(!result.ok);
  assert.equal(result.error.kind, 'permanent');
  assert.equal(result.error.code, 'MailboxNotEnabledForRESTAPI');
  assert.equal(result.error.status, 404);
});

test('room lists and rooms follow nextLink to the last page; no Place.Read.All is a 403 value', async (t) => {
  const graph = await fakeGraph(t, (req, base) => {
    if (req.url.endsWith('$skip=2')) return { status: 200, body: { value: [{ emailAddress: 'bldg-b@x' }] } };
    if (req.url.startsWith('/v1.0/places/microsoft.graph.roomlist?')) {
      return {
        status: 200,
        body: {
          value: [{ displayName: 'Building A', emailAddress: 'bldg-a@x' }, { displayName: 'No address' }],
          '@odata.nextLink': `${base}/v1.0/places/microsoft.graph.roomlist?$top=2&$skip=2`,
        },
      };
    }
    if (req.url.startsWith('/v1.0/places/bldg-a%40x/microsoft.graph.roomlist/rooms')) {
      return { status: 200, body: { value: [{ displayName: 'Room 1', emailAddress: 'room-1@x' }] } };
    }
    return error(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
  });
  const client = createGraphClient({ baseUrl: graph.base, token, logger, placesPageSize: 2 });
  const lists = await client.listRoomLists();
  assert.deepEqual(lists.ok ? lists.value : lists.error, [
    { address: 'bldg-a@x', name: 'Building A' },
    { address: 'bldg-b@x', name: 'bldg-b@x' },
  ]);
  assert.equal(new URL(graph.seen[0]?.url ?? '', graph.base).searchParams.get('$top'), '2');
  const rooms = await client.listRooms('bldg-a@x');
  assert.deepEqual(rooms.ok ? rooms.value : rooms.error, [{ address: 'room-1@x', name: 'Room 1' }]);
  const denied = await client.listRooms('bldg-c@x');
  assert.deepEqual(denied.ok ? undefined : [denied.error.status, denied.error.code, denied.error.operation], [
    403,
    'ErrorAccessDenied',
    'ListRooms',
  ]);
});
