// Events and calendarView/delta through the real Graph client: paging with odata.maxpagesize,
// delta links, @removed (also outside the window), series expanded, time zones, expired tokens;
// and throttling (the fault, 4 concurrent requests, the request budget) with Retry-After.
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, test } from 'node:test';
import type { Client, GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import { acquireToken, createGraphClient, createMsalClient } from '../testing/graphClients.ts';
import type { GraphReceiver } from '../testing/graphReceiver.ts';
import { startGraphReceiver } from '../testing/graphReceiver.ts';
import type { RunningSimulator } from '../testing/startSimulator.ts';
import { startSimulator } from '../testing/startSimulator.ts';
import type { GraphFaceOptions } from './createGraphFace.ts';
import { toRestId } from './restIds.ts';

const TENANT = 'contoso-tenant';
const CLIENT = 'rooms-sync-app';
const ROOM = 'cloud-room@contoso.example';
const WINDOW = { startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2027-01-01T00:00:00Z' };
const tls = createTestTls();
// As in graphToken.test.ts: the test CA joins Node's default list (NODE_EXTRA_CA_CERTS in-process).
trustInThisProcess(tls.caPem);
after(() => {
  tls.cleanup();
});

let sim: RunningSimulator;
let graph: Client;
let token: () => Promise<string>;
const start = async (options: GraphFaceOptions = {}) => {
  sim = await startSimulator({
    tls,
    mailboxes: [{ address: ROOM, kind: 'online' }],
    graph: {
      apps: [{ tenantId: TENANT, clientId: CLIENT, clientSecret: 'pw' }],
      allowHttpNotificationUrls: true,
      ...options,
    },
  });
  const msal = createMsalClient({
    graphUrl: sim.graphUrl,
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { clientSecret: 'pw' },
  });
  token = () => acquireToken(msal);
  graph = createGraphClient(sim.graphUrl, token);
};
beforeEach(() => start());
afterEach(() => sim.close());

type GraphEvent = {
  id: string;
  subject?: string;
  type?: string;
  seriesMasterId?: string | null;
  start?: { dateTime: string; timeZone: string };
  '@removed'?: { reason: string };
  recurrence?: { pattern: { type: string; daysOfWeek: string[] } } | null;
};
type DeltaPage = { value: GraphEvent[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

const items = `/admin/mailboxes/${ROOM}/items`;
const book = async (body: Record<string, unknown>) =>
  ((await sim.admin('POST', items, body)).body as { id: string }).id;
const enc = encodeURIComponent;

/** Follows nextLinks to the deltaLink, as a sync client does; returns every entry and the link. */
async function deltaRound(first: string, pageSize: number) {
  const pages: DeltaPage[] = [];
  let link: string | undefined = first;
  while (link) {
    const req = graph.api(link).header('Prefer', `odata.maxpagesize=${pageSize}`);
    const page = (await (pages.length === 0 && !link.includes('token=') ? req.query(WINDOW) : req).get()) as DeltaPage;
    pages.push(page);
    if (page['@odata.deltaLink'])
      return { pages, entries: pages.flatMap((p) => p.value), deltaLink: page['@odata.deltaLink'] };
    link = page['@odata.nextLink'];
  }
  throw new Error('no deltaLink');
}

test('delta: full round in pages, then changes with @removed (also for deletions outside the window)', async () => {
  const single = await book({ subject: 'Review', start: '2026-12-02T09:00:00Z', end: '2026-12-02T10:00:00Z' });
  const series = await book({
    subject: 'Weekly',
    start: '2026-12-01T14:00:00Z',
    end: '2026-12-01T14:30:00Z',
    recurrence: { pattern: 'weekly', daysOfWeek: ['Tuesday'], numberOfOccurrences: 4 },
  });
  await sim.admin('PATCH', `${items}/${enc(series)}/occurrences/2026-12-08T14:00:00.000Z`, {
    start: '2026-12-08T15:00:00Z',
    end: '2026-12-08T15:30:00Z',
  });
  const outside = await book({ subject: 'Next year', start: '2027-03-01T09:00:00Z', end: '2027-03-01T10:00:00Z' });

  const first = await deltaRound(`/users/${ROOM}/calendarView/delta`, 2);
  assert.equal(first.pages.length, 3);
  assert.deepEqual(
    first.entries.map((e) => [e.subject, e.type]),
    [
      ['Weekly', 'occurrence'],
      ['Review', 'singleInstance'],
      ['Weekly', 'exception'],
      ['Weekly', 'occurrence'],
      ['Weekly', 'occurrence'],
    ],
  );
  assert.ok(
    first.entries.filter((e) => e.type !== 'singleInstance').every((e) => e.seriesMasterId === toRestId(series)),
  );
  const master = (await graph.api(`/users/${ROOM}/events/${toRestId(series)}`).get()) as GraphEvent;
  assert.equal(master.type, 'seriesMaster');
  assert.deepEqual(master.recurrence?.pattern.daysOfWeek, ['tuesday']);

  // Nothing changed: an empty page and a new delta link.
  const quiet = await deltaRound(first.deltaLink, 10);
  assert.deepEqual(quiet.entries, []);

  await sim.admin('PATCH', `${items}/${enc(single)}`, { subject: 'Review (2)' });
  await sim.admin('DELETE', `${items}/${enc(series)}/occurrences/2026-12-15T14:00:00.000Z`);
  await sim.admin('DELETE', `${items}/${enc(outside)}`);
  const changes = await deltaRound(quiet.deltaLink, 10);
  const removed = changes.entries.filter((e) => e['@removed']).map((e) => e.id);
  const updated = changes.entries.filter((e) => !e['@removed']);
  assert.ok(updated.some((e) => e.subject === 'Review (2)'));
  assert.ok(removed.includes(toRestId(outside)), 'a deletion outside the window is reported too');
  assert.equal(removed.length, 2);
  assert.ok(changes.entries.filter((e) => e['@removed']).every((e) => e['@removed']?.reason === 'deleted'));

  // A cancelled meeting moves to Deleted Items: its calendar id is removed.
  await sim.admin('POST', `${items}/${enc(single)}/cancel`, {});
  const cancelled = await deltaRound(changes.deltaLink, 10);
  assert.ok(cancelled.entries.some((e) => e.id === toRestId(single) && e['@removed']));
});

test('Prefer: outlook.timezone renders local wall-clock times and echoes the zone', async () => {
  const id = await book({ subject: 'Local', start: '2026-12-02T09:00:00Z', end: '2026-12-02T10:00:00Z' });
  const utc = (await graph.api(`/users/${ROOM}/events/${toRestId(id)}`).get()) as GraphEvent;
  assert.deepEqual(utc.start, { dateTime: '2026-12-02T09:00:00.0000000', timeZone: 'UTC' });
  const berlin = (await graph
    .api(`/users/${ROOM}/events/${toRestId(id)}`)
    .header('Prefer', 'outlook.timezone="W. Europe Standard Time"')
    .get()) as GraphEvent;
  assert.deepEqual(berlin.start, { dateTime: '2026-12-02T10:00:00.0000000', timeZone: 'W. Europe Standard Time' });
  assert.equal((await graphError(graph.api(`/users/${ROOM}/events/AAMkAGI1AAAA`).get())).statusCode, 404);
});

test('expired delta tokens answer 410 SyncStateNotFound; a new full round works', async () => {
  await book({ subject: 'A', start: '2026-12-02T09:00:00Z', end: '2026-12-02T10:00:00Z' });
  const first = await deltaRound(`/users/${ROOM}/calendarView/delta`, 10);
  const res = await sim.admin('POST', '/admin/faults', { type: 'graphExpireDeltaTokens', mailbox: ROOM });
  assert.deepEqual(res.body, { expiredTokens: 1 });
  const err = await graphError(graph.api(first.deltaLink).get());
  assert.equal(err.statusCode, 410);
  assert.equal(err.code, 'SyncStateNotFound');
  assert.equal((await deltaRound(`/users/${ROOM}/calendarView/delta`, 10)).entries.length, 1);
});

const graphError = async (p: Promise<unknown>): Promise<ClientGraphError> => {
  try {
    await p;
  } catch (err) {
    return err as ClientGraphError;
  }
  throw new Error('expected a Graph error');
};

test('throttle fault: 429 with Retry-After; the Graph client waits it out and succeeds', async () => {
  await sim.admin('POST', '/admin/faults', { type: 'graphThrottle', mailbox: ROOM, seconds: 1 });
  const raw = await fetch(`${sim.graphUrl}/v1.0/users/${ROOM}/events/x`, {
    headers: { authorization: `Bearer ${await token()}` },
  });
  assert.equal(raw.status, 429);
  assert.equal(raw.headers.get('retry-after'), '1');
  assert.equal(((await raw.json()) as { error: { code: string } }).error.code, 'ApplicationThrottled');
  const noRetry = await graphError(
    graph
      .api(`/users/${ROOM}/calendarView/delta`)
      .query(WINDOW)
      .middlewareOptions([new RetryHandlerOptions(0, 0)])
      .get(),
  );
  assert.equal(noRetry.statusCode, 429);
  const page = (await graph.api(`/users/${ROOM}/calendarView/delta`).query(WINDOW).get()) as DeltaPage;
  assert.ok(page['@odata.deltaLink']);
});

test('at most 4 concurrent requests per app and mailbox; the 5th gets 429', async () => {
  const rx: GraphReceiver = await startGraphReceiver();
  rx.validationDelayMs = 300;
  try {
    const bearer = `Bearer ${await token()}`;
    const create = () =>
      fetch(`${sim.graphUrl}/v1.0/subscriptions`, {
        method: 'POST',
        headers: { authorization: bearer, 'content-type': 'application/json' },
        body: JSON.stringify({
          changeType: 'created',
          notificationUrl: `${rx.url}/notify`,
          resource: `users/${ROOM}/events`,
          expirationDateTime: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      });
    const statuses = (await Promise.all([create(), create(), create(), create(), create()])).map((r) => r.status);
    assert.deepEqual(
      statuses.sort((a, b) => a - b),
      [201, 201, 201, 201, 429],
    );
  } finally {
    await rx.close();
  }
});

test('the request budget per window (a setting; Graph: 10,000 per 10 minutes)', async () => {
  await sim.close();
  await start({ maxRequestsPerWindow: 3, requestWindowMs: 60_000 });
  const call = () =>
    graph
      .api(`/users/${ROOM}/calendarView/delta`)
      .query(WINDOW)
      .middlewareOptions([new RetryHandlerOptions(0, 0)])
      .get();
  for (let i = 0; i < 3; i++) await call();
  const err = await graphError(call());
  assert.equal(err.statusCode, 429);
});
