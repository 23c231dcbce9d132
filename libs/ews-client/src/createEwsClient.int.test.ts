// The client against the exchange simulator, in-process on an ephemeral port: the real
// ews-javascript-api request/response path, the simulator's SOAP and its admin API.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_ROOMS } from '@rooms-sync/exchange-sim';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import { Registry } from 'prom-client';
import { silentLogger as quiet } from '@rooms-sync/lifecycle';
import { createEwsClient } from './createEwsClient.ts';
import type { EwsAuth, EwsError, EwsResult } from './EwsClient.ts';

const ROOM = DEMO_ROOMS[0].address;
const OTHER_ROOM = DEMO_ROOMS[1].address;

async function startSim() {
  const running = await startSimulator({
    mailboxes: DEMO_ROOMS,
    auth: { mode: 'any', users: new Map([['svc-rooms', 'correct horse']]), tokens: ['sim-token-1'] },
  });
  async function admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await running.admin(method, `/admin${path}`, body);
    assert.ok(res.status >= 200 && res.status < 300, `${method} ${path} → ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as T;
  }
  return { ewsUrl: running.ewsUrl, admin, close: () => running.close() };
}

type Sim = Awaited<ReturnType<typeof startSim>>;

function client(
  sim: Sim,
  auth: EwsAuth = { kind: 'basic', username: 'svc-rooms', password: 'correct horse' },
  registry?: Registry,
) {
  return createEwsClient({ url: sim.ewsUrl, auth, logger: quiet, timeoutMs: 5_000, ...(registry ? { registry } : {}) });
}

function failure(result: EwsResult<unknown>): EwsError {
  if (result.ok) assert.fail('expected a failure');
  return result.error;
}

function value<T>(result: EwsResult<T>): T {
  if (!result.ok) assert.fail(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

const booking = {
  subject: 'Quarterly review',
  start: '2026-12-01T09:00:00Z',
  end: '2026-12-01T10:30:00Z',
  timeZone: 'W. Europe Standard Time',
  organizer: { address: 'alice@contoso.example', name: 'Alice Example' },
  requiredAttendees: [{ address: 'bob@contoso.example', name: 'Bob' }, { address: ROOM }],
  optionalAttendees: [{ address: 'carol@contoso.example' }],
  location: 'Room 101',
  sensitivity: 'Private',
};

test('subscribePush returns id and watermark; the simulator lists it with the callback URL', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const registry = new Registry();
  const result = value(
    await client(sim, undefined, registry).subscribePush({
      mailbox: ROOM,
      callbackUrl: 'http://127.0.0.1:9/api/webhooks/exchange?room=101&t=abc',
      statusFrequencyMinutes: 30,
    }),
  );
  assert.ok(result.subscriptionId.length > 0);
  assert.ok(result.watermark.length > 0);
  const subs = await sim.admin<{ id: string; mailbox: string; callbackUrl: string; statusFrequencyMinutes: number }[]>(
    'GET',
    '/subscriptions',
  );
  const sub = subs.find((s) => s.id === result.subscriptionId);
  assert.ok(sub, 'subscription listed');
  assert.equal(sub.mailbox, ROOM);
  assert.equal(sub.callbackUrl, 'http://127.0.0.1:9/api/webhooks/exchange?room=101&t=abc');
  assert.equal(sub.statusFrequencyMinutes, 30);
  assert.match(await registry.metrics(), /^rooms_ews_request_duration_seconds_count\{operation="Subscribe"\} 1$/m);
});

test('subscribePush resumes from a watermark and rejects an unknown one as invalid_watermark', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const ews = client(sim);
  const first = value(
    await ews.subscribePush({ mailbox: ROOM, callbackUrl: 'http://127.0.0.1:9/hook', statusFrequencyMinutes: 5 }),
  );
  const resumed = value(
    await ews.subscribePush({
      mailbox: ROOM,
      callbackUrl: 'http://127.0.0.1:9/hook',
      statusFrequencyMinutes: 5,
      watermark: first.watermark,
    }),
  );
  assert.notEqual(resumed.subscriptionId, first.subscriptionId);
  const bogus = await ews.subscribePush({
    mailbox: ROOM,
    callbackUrl: 'http://127.0.0.1:9/hook',
    statusFrequencyMinutes: 5,
    watermark: 'AQAAAGJvZ3VzLXdhdGVybWFyaw==',
  });
  assert.equal(failure(bogus).kind, 'invalid_watermark');
});

test('getCalendarItems returns every field of a booked meeting and reports unknown ids as missing', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const created = await sim.admin<{ id: string; changeKey: string; iCalUid: string }>(
    'POST',
    `/mailboxes/${ROOM}/items`,
    booking,
  );
  const { items, missing } = value(
    await client(sim).getCalendarItems(ROOM, [created.id, 'AAMkAGUnknownItemIdAAAAAAAAAAAAAA=']),
  );
  assert.deepEqual(missing, ['AAMkAGUnknownItemIdAAAAAAAAAAAAAA=']);
  assert.equal(items.length, 1);
  const item = items[0]!;
  assert.equal(item.id, created.id);
  assert.equal(item.changeKey, created.changeKey);
  assert.equal(item.subject, 'Quarterly review');
  assert.equal(item.start, '2026-12-01T09:00:00.000Z');
  assert.equal(item.end, '2026-12-01T10:30:00.000Z');
  // The Windows id needs StartTimeZone with its Periods/Transitions (which Exchange sends); the
  // simulator sends only Id/Name, the library rejects that definition, and the client falls back
  // to the legacy TimeZone display name.
  assert.ok(
    ['W. Europe Standard Time', '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna'].includes(
      item.timeZone ?? '',
    ),
    item.timeZone,
  );
  assert.equal(item.isAllDay, false);
  assert.deepEqual(item.organizer, { name: 'Alice Example', email: 'alice@contoso.example' });
  assert.equal(item.attendeesCount, 3);
  assert.equal(item.location, 'Room 101');
  assert.equal(item.sensitivity, 'Private');
  assert.equal(item.isCancelled, false);
  assert.equal(item.freeBusyStatus, 'Busy');
  assert.equal(item.appointmentType, 'Single');
  assert.equal(item.iCalUid, created.iCalUid);
  assert.ok(item.lastModified && !Number.isNaN(Date.parse(item.lastModified)));
  assert.equal(item.recurringMasterId, undefined);
  assert.equal(item.originalStart, undefined);
});

test('syncCalendar: initial sync, then creates, updates and deletes incrementally', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const ews = client(sim);
  const a = await sim.admin<{ id: string }>('POST', `/mailboxes/${ROOM}/items`, booking);
  const b = await sim.admin<{ id: string }>('POST', `/mailboxes/${ROOM}/items`, {
    ...booking,
    subject: 'Standup',
    start: '2026-12-02T08:00:00Z',
    end: '2026-12-02T08:15:00Z',
  });

  const initial = value(await ews.syncCalendar(ROOM, undefined));
  assert.equal(initial.includesLastItem, true);
  assert.deepEqual(
    initial.changes.map((c) => [c.type, c.itemId]).sort(),
    [
      ['create', a.id],
      ['create', b.id],
    ].sort(),
  );
  assert.ok(initial.syncState.length > 0);

  const none = value(await ews.syncCalendar(ROOM, initial.syncState));
  assert.deepEqual(none.changes, []);

  const c = await sim.admin<{ id: string }>('POST', `/mailboxes/${ROOM}/items`, {
    ...booking,
    subject: 'New one',
    start: '2026-12-03T08:00:00Z',
    end: '2026-12-03T09:00:00Z',
  });
  const updated = await sim.admin<{ changeKey: string }>(
    'PATCH',
    `/mailboxes/${ROOM}/items/${encodeURIComponent(a.id)}`,
    { subject: 'Quarterly review (moved)' },
  );
  await sim.admin('DELETE', `/mailboxes/${ROOM}/items/${encodeURIComponent(b.id)}`);

  const next = value(await ews.syncCalendar(ROOM, initial.syncState));
  assert.equal(next.includesLastItem, true);
  const byId = new Map(next.changes.map((ch) => [ch.itemId, ch]));
  assert.equal(byId.get(c.id)?.type, 'create');
  assert.deepEqual(byId.get(a.id), { type: 'update', itemId: a.id, changeKey: updated.changeKey });
  assert.deepEqual(byId.get(b.id), { type: 'delete', itemId: b.id });
});

test('syncCalendar pages with maxChanges and reports includesLastItem', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const ews = client(sim);
  for (let i = 0; i < 3; i++) {
    await sim.admin('POST', `/mailboxes/${ROOM}/items`, {
      ...booking,
      subject: `m${i}`,
      start: `2026-12-0${i + 1}T12:00:00Z`,
      end: `2026-12-0${i + 1}T13:00:00Z`,
    });
  }
  const page1 = value(await ews.syncCalendar(ROOM, undefined, 2));
  assert.equal(page1.changes.length, 2);
  assert.equal(page1.includesLastItem, false);
  const page2 = value(await ews.syncCalendar(ROOM, page1.syncState, 2));
  assert.equal(page2.changes.length, 1);
  assert.equal(page2.includesLastItem, true);
});

test('syncCalendar with a corrupt sync state is invalid_sync_state', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const result = await client(sim).syncCalendar(ROOM, 'bm90LWEtc3luYy1zdGF0ZQ==');
  assert.deepEqual([failure(result).code, failure(result).kind], ['ErrorInvalidSyncStateData', 'invalid_sync_state']);
});

test('findCalendarView expands a recurring series with an exception and a deleted occurrence', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const series = await sim.admin<{ id: string; iCalUid: string }>('POST', `/mailboxes/${ROOM}/items`, {
    ...booking,
    subject: 'Weekly sync',
    start: '2026-12-07T10:00:00Z',
    end: '2026-12-07T11:00:00Z',
    recurrence: { pattern: 'weekly', interval: 1, numberOfOccurrences: 4 },
  });
  await sim.admin(
    'PATCH',
    `/mailboxes/${ROOM}/items/${encodeURIComponent(series.id)}/occurrences/2026-12-14T10:00:00Z`,
    { subject: 'Weekly sync (later)', start: '2026-12-14T15:00:00Z', end: '2026-12-14T16:00:00Z' },
  );
  await sim.admin(
    'DELETE',
    `/mailboxes/${ROOM}/items/${encodeURIComponent(series.id)}/occurrences/2026-12-21T10:00:00Z`,
  );
  const single = await sim.admin<{ id: string }>('POST', `/mailboxes/${ROOM}/items`, {
    ...booking,
    start: '2026-12-08T09:00:00Z',
    end: '2026-12-08T09:30:00Z',
  });

  const view = value(
    await client(sim).findCalendarView(ROOM, new Date('2026-12-01T00:00:00Z'), new Date('2027-01-01T00:00:00Z')),
  );
  const summary = view.map((i) => [i.appointmentType, i.start, i.subject]);
  assert.deepEqual(summary, [
    ['Occurrence', '2026-12-07T10:00:00.000Z', 'Weekly sync'],
    ['Single', '2026-12-08T09:00:00.000Z', 'Quarterly review'],
    ['Exception', '2026-12-14T15:00:00.000Z', 'Weekly sync (later)'],
    ['Occurrence', '2026-12-28T10:00:00.000Z', 'Weekly sync'],
  ]);
  assert.equal(view[1]?.id, single.id);
  for (const instance of [view[0]!, view[2]!, view[3]!]) {
    assert.equal(instance.recurringMasterId, series.id);
    assert.equal(instance.iCalUid, series.iCalUid);
    assert.equal(instance.attendeesCount, 3);
  }
  assert.equal(view[2]?.originalStart, '2026-12-14T10:00:00.000Z');
  assert.equal(view[0]?.originalStart, '2026-12-07T10:00:00.000Z');
});

test('concurrent calls for different rooms keep their own impersonation and anchor', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const ews = client(sim);
  await sim.admin('POST', `/mailboxes/${ROOM}/items`, { ...booking, subject: 'in 101' });
  await sim.admin('POST', `/mailboxes/${OTHER_ROOM}/items`, { ...booking, subject: 'in 102' });
  const from = new Date('2026-11-30T00:00:00Z');
  const to = new Date('2026-12-31T00:00:00Z');
  const results = await Promise.all(
    Array.from({ length: 10 }, (_, i) => ews.findCalendarView(i % 2 ? OTHER_ROOM : ROOM, from, to)),
  );
  results.forEach((r, i) => {
    assert.deepEqual(
      value(r).map((item) => item.subject),
      [i % 2 ? 'in 102' : 'in 101'],
    );
  });
});

test('an unknown mailbox is a permanent ErrorNonExistentMailbox', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const result = await client(sim).syncCalendar('nobody@contoso.example', undefined);
  const error = failure(result);
  assert.deepEqual(
    { code: error.code, kind: error.kind, operation: error.operation, mailbox: error.mailbox },
    {
      code: 'ErrorNonExistentMailbox',
      kind: 'permanent',
      operation: 'SyncFolderItems',
      mailbox: 'nobody@contoso.example',
    },
  );
});

test('getRoomLists and getRooms read the room lists without impersonating; an unknown list is ErrorNameResolutionNoResults', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const ews = client(sim);
  assert.deepEqual(value(await ews.getRoomLists()), []);
  await sim.admin('POST', '/room-lists', {
    address: 'Building-A@contoso.example',
    name: 'Building A',
    rooms: [ROOM, 'gone@contoso.example'],
  });
  await sim.admin('POST', '/room-lists', { address: 'empty@contoso.example', rooms: [] });
  assert.deepEqual(value(await ews.getRoomLists()), [
    { address: 'building-a@contoso.example', name: 'Building A' },
    { address: 'empty@contoso.example', name: 'empty@contoso.example' },
  ]);
  assert.deepEqual(value(await ews.getRooms('building-a@contoso.example')), [
    { address: ROOM, name: DEMO_ROOMS[0].displayName },
    { address: 'gone@contoso.example', name: 'gone@contoso.example' },
  ]);
  assert.deepEqual(value(await ews.getRooms('empty@contoso.example')), []);
  const error = failure(await ews.getRooms('nolist@contoso.example'));
  assert.deepEqual(
    { code: error.code, kind: error.kind, operation: error.operation, mailbox: error.mailbox },
    {
      code: 'ErrorNameResolutionNoResults',
      kind: 'permanent',
      operation: 'GetRooms',
      mailbox: 'nolist@contoso.example',
    },
  );
});

test('bad credentials are unauthorized (Basic and Bearer); a good bearer token works', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  const registry = new Registry();
  const basic = await client(sim, { kind: 'basic', username: 'svc-rooms', password: 'wrong' }, registry).syncCalendar(
    ROOM,
    undefined,
  );
  assert.deepEqual([failure(basic).code, failure(basic).kind], ['HttpStatus401', 'unauthorized']);
  const bearer = await client(sim, { kind: 'bearer', token: () => Promise.resolve('not-the-token') }).syncCalendar(
    ROOM,
    undefined,
  );
  assert.deepEqual([failure(bearer).code, failure(bearer).kind], ['HttpStatus401', 'unauthorized']);
  value(
    await client(sim, { kind: 'bearer', token: () => Promise.resolve('sim-token-1') }).syncCalendar(ROOM, undefined),
  );
  const errors = (await registry.getMetricsAsJSON()).find((m) => m.name === 'rooms_ews_errors_total');
  assert.deepEqual(
    errors?.values.map((v) => [v.labels, v.value]),
    [[{ operation: 'SyncFolderItems', code: 'HttpStatus401' }, 1]],
  );
});

test('a throttling fault is throttled with the server-sent backOffMs', async (t) => {
  const sim = await startSim();
  t.after(() => sim.close());
  await sim.admin('POST', '/faults', { type: 'serverBusy', count: 1, backOffMs: 12_345 });
  const ews = client(sim);
  const result = await ews.getCalendarItems(ROOM, ['AAMkAGUnknownItemIdAAAAAAAAAAAAAA=']);
  const error = failure(result);
  assert.equal(error.code, 'ErrorServerBusy');
  assert.equal(error.kind, 'throttled');
  assert.equal(error.backOffMs, 12_345);
  // The fault is spent: the next call goes through.
  value(await ews.getCalendarItems(ROOM, ['AAMkAGUnknownItemIdAAAAAAAAAAAAAA=']));
});

test('an unreachable server is a transient NetworkError', async () => {
  const ews = createEwsClient({
    url: 'http://127.0.0.1:1/EWS/Exchange.asmx',
    auth: { kind: 'basic', username: 'u', password: 'p' },
    logger: quiet,
    timeoutMs: 2_000,
  });
  const result = await ews.syncCalendar(ROOM, undefined);
  assert.deepEqual([failure(result).code, failure(result).kind], ['NetworkError', 'transient']);
});
