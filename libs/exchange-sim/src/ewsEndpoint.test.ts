// EWS operations through the real ews-javascript-api 0.15.3 client: GetItem,
// SyncFolderItems, FindItem with CalendarView, Unsubscribe, and the error paths
// (unknown mailbox, bad credentials, throttling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_ROOMS } from './createSimulator.ts';
import { createEwsClient, ServiceError } from './testing/ewsClient.ts';
import type { RunningSimulator } from './testing/startSimulator.ts';
import { startSimulator } from './testing/startSimulator.ts';

const ROOM = DEMO_ROOMS[0].address;
const ITEMS = `/admin/mailboxes/${ROOM}/items`;
const BASIC = { user: 'svc-rooms', password: 'secret' };
// The library only accepts JWT-shaped bearer tokens; the simulator compares them verbatim.
const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMtcm9vbXMifQ.c2ln';
let sim: RunningSimulator;

before(async () => {
  sim = await startSimulator({
    mailboxes: DEMO_ROOMS,
    timeScale: 0.01,
    auth: { mode: 'any', users: new Map([['svc-rooms', 'secret']]), tokens: [TOKEN] },
  });
});
after(async () => {
  await sim.close();
});

const client = (mailbox: string = ROOM, credentials: { user: string; password: string } | { token: string } = BASIC) =>
  createEwsClient({ ewsUrl: sim.ewsUrl, mailbox, credentials });
const enc = encodeURIComponent;

async function book(body: Record<string, unknown>): Promise<string> {
  const res = await sim.admin('POST', ITEMS, { organizer: { address: 'ann@contoso.example', name: 'Ann' }, ...body });
  assert.equal(res.status, 201);
  return (res.body as { id: string }).id;
}

/** What the library rejects with: a SoapFaultDetails or a ServiceResponseException. */
function errorOf(err: unknown): { code: unknown; details: Record<string, unknown>; status: unknown } {
  const e = err as {
    ResponseCode?: unknown;
    ErrorCode?: unknown;
    ErrorDetails?: { keys?: string[]; get?: (k: string) => unknown };
    HttpStatusCode?: unknown;
    Response?: { ErrorCode?: unknown };
  };
  const details: Record<string, unknown> = {};
  for (const k of e.ErrorDetails?.keys ?? []) details[k] = e.ErrorDetails?.get?.(k);
  return { code: e.ResponseCode ?? e.ErrorCode ?? e.Response?.ErrorCode, details, status: e.HttpStatusCode };
}

test('GetItem returns what the projector needs, for singles, series masters and occurrences', async () => {
  const id = await book({
    subject: 'Board',
    start: '2026-11-27T13:00:00Z',
    end: '2026-11-27T14:30:00Z',
    attendees: ['bob@contoso.example'],
    sensitivity: 'Private',
    timeZone: 'W. Europe Standard Time',
  });
  const [item] = await client().getItems([id]);
  assert.ok(item);
  assert.equal(item.subject, 'Board');
  assert.equal(item.start, '2026-11-27T13:00:00.000Z');
  assert.equal(item.end, '2026-11-27T14:30:00.000Z');
  assert.equal(item.organizer, 'ann@contoso.example');
  assert.deepEqual(item.requiredAttendees, ['bob@contoso.example']);
  assert.equal(item.location, 'Room 101');
  assert.equal(item.isCancelled, false);
  assert.equal(item.isAllDay, false);
  assert.match(item.timeZone, /Amsterdam/);
  assert.match(item.iCalUid, /^040000008200E00074C5B7101A82E008/);
  const before = item.changeKey;
  await sim.admin('PATCH', `${ITEMS}/${enc(id)}`, { subject: 'Board (2)' });
  const again = await client().bindAppointment(id);
  assert.equal(again.subject, 'Board (2)');
  assert.notEqual(again.changeKey, before);

  const series = await book({
    subject: 'Daily',
    start: '2026-12-01T08:00:00Z',
    end: '2026-12-01T08:15:00Z',
    recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
  });
  const [master] = await client().getItems([series]);
  assert.equal(master?.recurrence, 'DailyPattern');
  const view = await client().findAppointments('2026-12-01T00:00:00Z', '2026-12-06T00:00:00Z');
  const occurrence = view.find((v) => v.subject === 'Daily' && v.start === '2026-12-03T08:00:00.000Z');
  assert.ok(occurrence);
  const [occ] = await client().getItems([occurrence.id]);
  assert.equal(occ?.start, '2026-12-03T08:00:00.000Z');
  await assert.rejects(client().getItems(['AAAyRG5vLXN1Y2gtaXRlbS1hdC1hbGw=']), (err: unknown) => {
    assert.equal((err as { errorCode?: unknown }).errorCode, ServiceError.ErrorItemNotFound);
    return true;
  });
});

test('FindItem with a CalendarView expands occurrences, exceptions and deletions', async () => {
  const c = client(DEMO_ROOMS[1].address);
  const add = (body: Record<string, unknown>) =>
    sim.admin('POST', `/admin/mailboxes/${DEMO_ROOMS[1].address}/items`, { organizer: 'ann@contoso.example', ...body });
  const weekly = (
    (
      await add({
        subject: 'Weekly',
        start: '2026-11-24T10:00:00Z',
        end: '2026-11-24T11:00:00Z',
        recurrence: { pattern: 'weekly', interval: 1, daysOfWeek: ['Tuesday', 'Thursday'], endDate: '2026-12-10' },
      })
    ).body as { id: string }
  ).id;
  await add({ subject: 'One-off', start: '2026-11-25T15:00:00Z', end: '2026-11-25T16:00:00Z' });
  const base = `/admin/mailboxes/${DEMO_ROOMS[1].address}/items/${enc(weekly)}/occurrences`;
  assert.equal(
    (
      await sim.admin('PATCH', `${base}/2026-11-26T10:00:00Z`, {
        start: '2026-11-26T14:00:00Z',
        end: '2026-11-26T15:00:00Z',
        subject: 'Weekly (moved)',
      })
    ).status,
    200,
  );
  assert.equal((await sim.admin('DELETE', `${base}/2026-12-01T10:00:00Z`)).status, 200);
  const view = await c.findAppointments('2026-11-23T00:00:00Z', '2026-12-31T00:00:00Z');
  assert.deepEqual(
    view.map((v) => [v.start.slice(0, 16), v.subject, v.type]),
    [
      ['2026-11-24T10:00', 'Weekly', 'Occurrence'],
      ['2026-11-25T15:00', 'One-off', 'Single'],
      ['2026-11-26T14:00', 'Weekly (moved)', 'Exception'],
      ['2026-12-03T10:00', 'Weekly', 'Occurrence'],
      ['2026-12-08T10:00', 'Weekly', 'Occurrence'],
      ['2026-12-10T10:00', 'Weekly', 'Occurrence'],
    ],
  );
  assert.equal((await c.findAppointments('2026-11-23T00:00:00Z', '2026-12-31T00:00:00Z', 2)).length, 2);
});

test('SyncFolderItems: full sync, then incremental Create/Update/Delete, paged by MaxChangesReturned', async () => {
  await sim.admin('POST', '/admin/mailboxes', { address: 'room-sync@contoso.example' });
  const path = '/admin/mailboxes/room-sync@contoso.example/items';
  const add = async (subject: string) =>
    (
      (await sim.admin('POST', path, { subject, start: '2026-11-30T09:00:00Z', end: '2026-11-30T10:00:00Z' })).body as {
        id: string;
      }
    ).id;
  const a = await add('A');
  const b = await add('B');
  await add('C');
  const c = client('room-sync@contoso.example');
  const first = await c.syncFolderItems(null, 2);
  assert.equal(first.changes.length, 2);
  assert.equal(first.moreChanges, true);
  const second = await c.syncFolderItems(first.syncState, 2);
  assert.deepEqual(
    second.changes.map((x) => x.subject),
    ['C'],
  );
  assert.equal(second.moreChanges, false);
  await sim.admin('PATCH', `${path}/${enc(a)}`, { subject: 'A2' });
  await sim.admin('DELETE', `${path}/${enc(b)}`);
  const d = await add('D');
  const third = await c.syncFolderItems(second.syncState);
  assert.deepEqual(
    third.changes.map((x) => [x.type, x.id]),
    [
      ['Update', a],
      ['Create', d],
      ['Delete', b],
    ],
  );
  assert.deepEqual((await c.syncFolderItems(third.syncState)).changes, []);
  await assert.rejects(c.syncFolderItems('bm90IGEgc3luYyBzdGF0ZQ=='), (err: unknown) => {
    assert.equal(errorOf(err).code, ServiceError.ErrorInvalidSyncStateData);
    return true;
  });
});

test('Unsubscribe refuses a live push subscription (ErrorInvalidSubscription), unknown ids are not found', async () => {
  const c = client();
  const sub = await c.subscribe('http://127.0.0.1:9/unused', 1);
  await assert.rejects(
    c.unsubscribe(sub.id),
    (err: unknown) => errorOf(err).code === ServiceError.ErrorInvalidSubscription,
  );
  await assert.rejects(
    c.unsubscribe('bm8tc3VjaC1zdWJzY3JpcHRpb24='),
    (err: unknown) => errorOf(err).code === ServiceError.ErrorSubscriptionNotFound,
  );
  sim.sim.push.dropSilently(sub.id);
});

test('Subscribe errors: bad watermark, bad URL', async () => {
  const c = client();
  await assert.rejects(
    c.subscribe('http://127.0.0.1:9/x', 1, 'AQAAAAAAAAAAAAAAAAAAAAAAAAA='),
    (err: unknown) => errorOf(err).code === ServiceError.ErrorInvalidWatermark,
  );
  await assert.rejects(
    c.subscribe('ftp://127.0.0.1/x', 1),
    (err: unknown) => errorOf(err).code === ServiceError.ErrorInvalidPushSubscriptionUrl,
  );
});

test('expireWatermarks fault: every watermark handed out so far gets ErrorInvalidWatermark; a fresh subscription and later watermarks work', async () => {
  const room = DEMO_ROOMS[1].address;
  const c = client(room);
  const url = 'http://127.0.0.1:9/unused';
  const first = await c.subscribe(url, 1);
  await sim.admin('POST', `/admin/mailboxes/${room}/items`, {
    subject: 'Before',
    start: '2026-11-30T09:00:00Z',
    end: '2026-11-30T10:00:00Z',
  });
  const eventWatermark =
    ((await sim.admin('GET', `/admin/mailboxes/${room}/events`)).body as { watermark: string }[]).at(-1)?.watermark ??
    '';
  const resumed = await c.subscribe(url, 1, eventWatermark);
  assert.equal(resumed.watermark, eventWatermark, 'valid before the fault');

  const expired = await sim.admin('POST', '/admin/faults', { type: 'expireWatermarks', mailbox: room });
  assert.equal(expired.status, 200);
  const { oldestValidWatermark } = expired.body as { oldestValidWatermark: string };
  for (const wm of [first.watermark, eventWatermark]) {
    await assert.rejects(
      c.subscribe(url, 1, wm),
      (err: unknown) => errorOf(err).code === ServiceError.ErrorInvalidWatermark,
    );
  }
  const fresh = await c.subscribe(url, 1);
  assert.equal(fresh.watermark, oldestValidWatermark);
  assert.notEqual(fresh.watermark, eventWatermark);
  const again = await c.subscribe(url, 1, fresh.watermark);
  assert.equal(again.watermark, fresh.watermark, 'a watermark handed out after the fault is valid');
  await sim.admin('POST', `/admin/mailboxes/${room}/items`, {
    subject: 'After',
    start: '2026-11-30T11:00:00Z',
    end: '2026-11-30T12:00:00Z',
  });
  const later =
    ((await sim.admin('GET', `/admin/mailboxes/${room}/events`)).body as { watermark: string }[]).at(-1)?.watermark ??
    '';
  assert.equal((await c.subscribe(url, 1, later)).watermark, later);
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'expireWatermarks', mailbox: 'nobody@contoso.example' })).status,
    404,
  );
  assert.equal((await sim.admin('POST', '/admin/faults', { type: 'expireWatermarks' })).status, 400);
  for (const s of sim.sim.push.list()) sim.sim.push.dropSilently(s.id);
});

test('unknown mailbox: ErrorNonExistentMailbox fault', async () => {
  await assert.rejects(
    client('nobody@contoso.example').findAppointments('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
    (err: unknown) => {
      const e = errorOf(err);
      assert.equal(e.code, ServiceError.ErrorNonExistentMailbox);
      assert.equal(e.status, 500);
      return true;
    },
  );
});

test('credentials: wrong password and unknown token get 401; a valid bearer token works', async () => {
  await assert.rejects(
    client(ROOM, { user: 'svc-rooms', password: 'wrong' }).findAppointments(
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
    ),
    (err: unknown) => errorOf(err).status === 401,
  );
  await assert.rejects(
    client(ROOM, { token: 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.bm9wZQ' }).findAppointments(
      '2026-11-01T00:00:00Z',
      '2026-11-02T00:00:00Z',
    ),
    (err: unknown) => errorOf(err).status === 401,
  );
  assert.ok(
    Array.isArray(
      await client(ROOM, { token: TOKEN }).findAppointments('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'),
    ),
  );
});

test('throttling fault: ErrorServerBusy with BackOffMilliseconds for the next N calls', async () => {
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'serverBusy', count: 1, backOffMs: 2500 })).status,
    200,
  );
  await assert.rejects(client().findAppointments('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z'), (err: unknown) => {
    const e = errorOf(err);
    assert.equal(e.code, ServiceError.ErrorServerBusy);
    assert.equal(e.details.BackOffMilliseconds, '2500');
    return true;
  });
  assert.ok(Array.isArray(await client().findAppointments('2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')));
});
