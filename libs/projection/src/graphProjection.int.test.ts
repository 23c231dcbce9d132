// The projector's Graph path end to end: the real Graph client (MSAL token, calendarView delta
// over HTTPS) against the simulator's Graph face, a real database, and handcrafted events driving
// createProjector directly. After every batch the live rows equal what the simulator's Graph
// answers for the window (read with the same client, mapped here independently of evolveGraph).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { DLQ_HEADERS } from '@rooms-sync/kafka';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import type { RunningSimulator } from '@rooms-sync/exchange-sim/testing';
import { graphClientForConnection } from '@rooms-sync/graph-client';
import type { DeltaFrom, GraphClient, GraphEvent } from '@rooms-sync/graph-client';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import type { Knex } from '@rooms-sync/db';
import { applyRowOps } from './applyRowOps.ts';
import { occurrenceKey, toReservationRow } from './evolve.ts';
import { readSyncStates, writeSyncState } from './syncState.ts';
import { calendarItem } from './testing/calendarItem.ts';
import { FakeCalendar } from './testing/FakeCalendar.ts';
import {
  graphNotification,
  graphSubscriptionCreated,
  harness,
  liveRows,
  resyncRequested,
} from './testing/projectorHarness.ts';
import type { Comparable } from './testing/projectorHarness.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const tls = createTestTls();
trustInThisProcess(tls.caPem);
after(() => {
  tls.cleanup();
});

const TENANT = 'contoso-tenant';
const CLIENT = 'rooms-sync-projector';
const ROOM = 'cloud-room@contoso.example';
const OTHER = 'cloud-room-2@contoso.example';
const CONNECTION = 'cloud';
const DAY = 86_400_000;
// The harness's window: 30 days back, 60 ahead.
const PAST_DAYS = 30;
const HORIZON_DAYS = 60;
const silent = { debug: () => undefined, warn: () => undefined };
/** Whole hours from today's midnight (UTC), `days` ahead. */
const base = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, hour: number) => new Date(base + days * DAY + hour * 3_600_000).toISOString();
const enc = encodeURIComponent;

async function setup(t: TestContext) {
  const sim: RunningSimulator = await startSimulator({
    tls,
    mailboxes: [
      { address: ROOM, kind: 'online' },
      { address: OTHER, kind: 'online' },
    ],
  });
  t.after(() => sim.close());
  const registered = await sim.admin('POST', '/admin/graph/apps', {
    tenantId: TENANT,
    clientId: CLIENT,
    clientSecret: 'pw',
  });
  assert.equal(registered.status, 201);
  // Two events per page, so rounds span pages.
  const graph = graphClientForConnection(
    {
      tenantId: TENANT,
      clientId: CLIENT,
      credential: { kind: 'secret', secret: 'pw' },
      authorityHost: sim.graphUrl,
      graphUrl: sim.graphUrl,
    },
    { logger: silent, deltaPageSize: 2 },
  );
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const h = harness(testDb.db, new FakeCalendar(), {
    sources: { ews: () => undefined, graph: (connection) => (connection === CONNECTION ? graph : undefined) },
    now: () => new Date(),
    pastDays: PAST_DAYS,
    horizonDays: HORIZON_DAYS,
  });
  const items = (mailbox: string) => `/admin/mailboxes/${mailbox}/items`;
  const book = async (mailbox: string, body: Record<string, unknown>) => {
    const res = await sim.admin('POST', items(mailbox), body);
    assert.equal(res.status, 201);
    return (res.body as { id: string }).id;
  };
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await sim.admin(method, path, body);
    assert.ok(res.status < 300, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const graphCalls = async (outcome: string) =>
    (await h.registry.getSingleMetric('rooms_projector_exchange_calls_total')?.get())?.values
      .filter((v) => v.labels.source === 'graph' && v.labels.outcome === outcome)
      .reduce((n, v) => n + v.value, 0) ?? 0;
  return { sim, graph, db: testDb.db, h, items, book, admin, graphCalls };
}

/** The simulator's calendar over the projector's window, as its Graph face answers it. */
async function truth(graph: GraphClient, mailbox: string): Promise<Comparable[]> {
  const now = Date.now();
  let from: DeltaFrom = {
    window: {
      start: new Date(now - PAST_DAYS * DAY).toISOString(),
      end: new Date(now + HORIZON_DAYS * DAY).toISOString(),
    },
  };
  const events: GraphEvent[] = [];
  for (;;) {
    const page = await graph.calendarDelta(mailbox, from);
    assert.ok(page.ok, JSON.stringify(page));
    events.push(...page.value.events);
    if (page.value.deltaLink !== undefined) break;
    assert.ok(page.value.nextLink);
    from = { link: page.value.nextLink };
  }
  // We ask Graph for UTC: the wall-clock time is the UTC time.
  const utc = (dateTime: string) => new Date(`${dateTime.slice(0, 23)}Z`).toISOString();
  return events
    .map((e) => ({
      key: e.type === 'singleInstance' ? e.id : occurrenceKey(e.seriesMasterId ?? '', e.originalStart ?? ''),
      subject: e.sensitivity === 'private' || e.sensitivity === 'confidential' ? null : e.subject,
      start: utc(e.start.dateTime),
      end: utc(e.end.dateTime),
      status: e.isCancelled ? 'cancelled' : e.showAs === 'tentative' ? 'tentative' : 'confirmed',
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** The live rows inside the projector's window (history before it is not in Graph's answer). */
async function windowRows(db: Knex, mailbox: string): Promise<Comparable[]> {
  const from = new Date(Date.now() - PAST_DAYS * DAY).toISOString();
  return (await liveRows(db, mailbox)).filter((r) => r.end > from);
}

test('a Graph room: bookings, a move, a series with an exception and a deleted occurrence, cancellations', async (t) => {
  const s = await setup(t);
  // The room used to be read through EWS: its sync state is not a delta link, and its rows (one
  // far past the window, one before it) carry EWS ids.
  await writeSyncState(s.db, { mailbox: ROOM, expected: null, syncState: 'ews-sync-state', full: true });
  const ewsRow = (id: string, start: string, end: string) =>
    toReservationRow(ROOM, calendarItem({ id, subject: id, start, end }));
  await applyRowOps(s.db, [
    { op: 'upsert', row: ewsRow('ews-far-future', at(HORIZON_DAYS + 30, 9), at(HORIZON_DAYS + 30, 10)) },
    { op: 'upsert', row: ewsRow('ews-history', at(-PAST_DAYS - 10, 9), at(-PAST_DAYS - 10, 10)) },
  ]);
  const single = await s.book(ROOM, { subject: 'Planning', start: at(2, 9), end: at(2, 10) });
  const series = await s.book(ROOM, {
    subject: 'Standup',
    start: at(3, 8),
    end: at(3, 9),
    recurrence: { pattern: 'daily', numberOfOccurrences: 4 },
  });
  const secret = await s.book(ROOM, { subject: 'Secret', start: at(4, 13), end: at(4, 14), sensitivity: 'Private' });
  const kept = await s.book(ROOM, { subject: 'Kept but cancelled', start: at(5, 9), end: at(5, 10) });
  const dropped = await s.book(ROOM, { subject: 'Cancelled and gone', start: at(5, 11), end: at(5, 12) });

  await s.h.run(s.h.append(graphSubscriptionCreated(ROOM, CONNECTION)), 'subscriptions');
  assert.deepEqual(await windowRows(s.db, ROOM), await truth(s.graph, ROOM));
  assert.equal((await windowRows(s.db, ROOM)).length, 8);
  const live = await s.db<{ item_id: string }>('reservations').whereNull('deleted_at').pluck('item_id');
  assert.ok(!live.includes('ews-far-future'), "a migrated room's rows past the window are replaced too");
  assert.ok(live.includes('ews-history'), 'history before the window stays');
  const state = (await readSyncStates(s.db, [ROOM])).get(ROOM);
  assert.deepEqual([state?.source, state?.connection], ['graph', CONNECTION]);
  assert.notEqual(state?.syncState, 'ews-sync-state');
  assert.equal(
    (await windowRows(s.db, ROOM)).find((r) => r.start === new Date(at(4, 13)).toISOString())?.subject,
    null,
    'a private subject never reaches the read model',
  );
  assert.ok(secret);

  await s.admin('POST', `${s.items(ROOM)}/${enc(single)}/move`, { start: at(2, 14), end: at(2, 15) });
  await s.admin('PATCH', `${s.items(ROOM)}/${enc(series)}/occurrences/${at(4, 8)}`, {
    subject: 'Standup (late)',
    start: at(4, 11),
    end: at(4, 12),
  });
  await s.admin('DELETE', `${s.items(ROOM)}/${enc(series)}/occurrences/${at(5, 8)}`);
  await s.admin('POST', `${s.items(ROOM)}/${enc(kept)}/cancel`, { mode: 'keep' });
  await s.admin('POST', `${s.items(ROOM)}/${enc(dropped)}/cancel`, {});
  await s.h.run(s.h.append(graphNotification(ROOM, { connection: CONNECTION })));
  const rows = await windowRows(s.db, ROOM);
  assert.deepEqual(rows, await truth(s.graph, ROOM));
  assert.equal(rows.length, 6);
  assert.ok(rows.some((r) => r.subject === 'Standup (late)' && r.start === new Date(at(4, 11)).toISOString()));
  assert.ok(rows.some((r) => r.subject?.endsWith('Kept but cancelled') === true && r.status === 'cancelled'));
  assert.ok(rows.some((r) => r.subject === 'Planning' && r.start === new Date(at(2, 14)).toISOString()));
  assert.equal(s.h.dead.length, 0);
});

test('a meeting moved to another room converges in both', async (t) => {
  const s = await setup(t);
  const meeting = await s.book(ROOM, { subject: 'Moving', start: at(6, 9), end: at(6, 10) });
  await s.book(OTHER, { subject: 'Resident', start: at(6, 11), end: at(6, 12) });
  await s.h.run(
    s.h.append(graphSubscriptionCreated(ROOM, CONNECTION), graphSubscriptionCreated(OTHER, CONNECTION, 'GSUB-2')),
    'subscriptions',
  );
  assert.equal((await liveRows(s.db, ROOM)).length, 1);

  await s.admin('POST', `${s.items(ROOM)}/${enc(meeting)}/move`, { toMailbox: OTHER });
  await s.h.run(
    s.h.append(
      graphNotification(ROOM, { connection: CONNECTION }),
      graphNotification(OTHER, { connection: CONNECTION }),
    ),
  );
  assert.deepEqual(await liveRows(s.db, ROOM), []);
  assert.deepEqual(await liveRows(s.db, OTHER), await truth(s.graph, OTHER));
  assert.deepEqual((await liveRows(s.db, OTHER)).map((r) => r.subject).sort(), ['Moving', 'Resident']);
});

test('an expired delta token ends in a full round equal to the calendar', async (t) => {
  const s = await setup(t);
  const a = await s.book(ROOM, { subject: 'A', start: at(2, 9), end: at(2, 10) });
  await s.book(ROOM, { subject: 'B', start: at(2, 11), end: at(2, 12) });
  await s.h.run(s.h.append(graphSubscriptionCreated(ROOM, CONNECTION)), 'subscriptions');

  await s.admin('DELETE', `${s.items(ROOM)}/${enc(a)}`);
  await s.book(ROOM, { subject: 'C', start: at(3, 9), end: at(3, 10) });
  await s.admin('POST', '/admin/faults', { type: 'graphExpireDeltaTokens', mailbox: ROOM });
  await s.h.run(s.h.append(resyncRequested(ROOM, 'changes')), 'subscriptions');
  assert.deepEqual(await liveRows(s.db, ROOM), await truth(s.graph, ROOM));
  assert.deepEqual((await liveRows(s.db, ROOM)).map((r) => r.subject).sort(), ['B', 'C']);
  assert.equal(await s.graphCalls('invalid_sync_state'), 1);
});

test('throttling is waited out; duplicate and lifecycle notifications of a room collapse into one round', async (t) => {
  const s = await setup(t);
  await s.h.run(s.h.append(graphSubscriptionCreated(ROOM, CONNECTION)), 'subscriptions');
  await s.book(ROOM, { subject: 'During the throttle', start: at(2, 9), end: at(2, 10) });
  await s.admin('POST', '/admin/faults', { type: 'graphThrottle', mailbox: ROOM, seconds: 1 });
  await s.h.run(s.h.append(graphNotification(ROOM, { connection: CONNECTION })));
  assert.deepEqual(await liveRows(s.db, ROOM), await truth(s.graph, ROOM));
  const throttled = await s.graphCalls('throttled');
  assert.ok(throttled >= 1 && throttled <= 2, `${throttled} throttled answers: the retry waits out Retry-After`);
  assert.equal(s.h.dead.length, 0);

  await s.book(ROOM, { subject: 'Once', start: at(3, 9), end: at(3, 10) });
  const before = await s.graphCalls('ok');
  await s.h.run(
    s.h.append(
      graphNotification(ROOM, { connection: CONNECTION, eventId: 'E' }),
      graphNotification(ROOM, { connection: CONNECTION, eventId: 'E' }),
      graphNotification(ROOM, { connection: CONNECTION, lifecycle: 'missed' }),
      graphNotification(ROOM, { connection: CONNECTION, lifecycle: 'reauthorizationRequired' }),
      graphNotification(ROOM, { connection: CONNECTION, lifecycle: 'subscriptionRemoved' }),
    ),
  );
  assert.equal((await s.graphCalls('ok')) - before, 1, 'one delta request for five notifications');
  assert.deepEqual(await liveRows(s.db, ROOM), await truth(s.graph, ROOM));
  const exposition = await s.h.registry.metrics();
  const observed = (source: string) =>
    Number(
      new RegExp(`^rooms_projector_freshness_seconds_count\\{source="${source}"\\} (\\d+)$`, 'm').exec(
        exposition,
      )?.[1] ?? 0,
    );
  assert.ok(observed('graph') >= 1, "a delta round's changed rows are timed from Graph's lastModifiedDateTime");
  assert.equal(observed('ews'), 0);
});

test('a room of a connection this projector has no client for is dead-lettered, the rest goes on', async (t) => {
  const s = await setup(t);
  await s.book(ROOM, { subject: 'Fine', start: at(2, 9), end: at(2, 10) });
  const [orphan] = s.h.append(graphSubscriptionCreated(OTHER, 'elsewhere', 'GSUB-9'));
  const [fine] = s.h.append(graphSubscriptionCreated(ROOM, CONNECTION));
  await s.h.run([orphan!, fine!], 'subscriptions');
  assert.equal(s.h.dead.length, 1);
  assert.equal(s.h.dead[0]?.headers?.[DLQ_HEADERS.reason], 'unconfigured_connection');
  assert.match(String(s.h.dead[0]?.headers?.[DLQ_HEADERS.details]), /graph connection "elsewhere"/);
  assert.deepEqual(await liveRows(s.db, ROOM), await truth(s.graph, ROOM));
});
