import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createOpsApp, startHttpServer } from '@rooms-sync/http';
import { Registry } from 'prom-client';
import { applyRowOps } from './applyRowOps.ts';
import { evolve } from './evolve.ts';
import { reservationsRoute } from './reservationsRoute.ts';
import { calendarItem } from './testing/calendarItem.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const room = 'room-101@contoso.example';
const window = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2027-02-20T00:00:00Z') };

test('GET /api/reservations: range, order, cancelled and deleted rows, private subjects, 400s', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const late = calendarItem({ subject: 'Late', start: '2026-12-01T15:00:00Z', end: '2026-12-01T16:00:00Z' });
  const early = calendarItem({
    subject: 'Early',
    start: '2026-12-01T08:00:00Z',
    end: '2026-12-01T09:00:00Z',
    sensitivity: 'Private',
  });
  const cancelled = calendarItem({
    subject: 'Canceled: x',
    start: '2026-12-01T10:00:00Z',
    end: '2026-12-01T11:00:00Z',
    isCancelled: true,
  });
  const gone = calendarItem({ subject: 'Gone', start: '2026-12-01T12:00:00Z', end: '2026-12-01T13:00:00Z' });
  const nextDay = calendarItem({ subject: 'Next day', start: '2026-12-02T08:00:00Z', end: '2026-12-02T09:00:00Z' });
  await applyRowOps(
    testDb.db,
    evolve({
      room,
      full: false,
      deletedIds: [],
      items: [late, early, cancelled, gone, nextDay],
      occurrences: [],
      window,
    }),
  );
  await applyRowOps(
    testDb.db,
    evolve({ room, full: false, deletedIds: [gone.id], items: [], occurrences: [], window }),
  );

  const app = createOpsApp({ registry: new Registry(), readiness: {}, extend: reservationsRoute(testDb.db) });
  const server = await startHttpServer(app.callback(), { port: 0 });
  t.after(() => server.close());
  const get = async (query: string) => {
    const res = await fetch(`${server.url}/api/reservations?${query}`);
    return {
      status: res.status,
      body: (await res.json()) as {
        reservations: { subject: string | null; sensitivity: string; deletedAt: string | null }[];
        details?: string[];
      },
    };
  };

  const day = await get(
    `room=${encodeURIComponent('Room-101@Contoso.example')}&from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z`,
  );
  assert.equal(day.status, 200);
  assert.deepEqual(
    day.body.reservations.map((r) => r.subject),
    [null, 'Late'],
    'ordered by start; private subject withheld; cancelled and deleted left out',
  );
  assert.equal(day.body.reservations[0]?.sensitivity, 'Private');
  const all = await get(`room=${room}&from=2026-12-01&to=2026-12-02&includeCancelled=true`);
  assert.deepEqual(
    all.body.reservations.map((r) => r.subject),
    [null, 'Canceled: x', 'Gone', 'Late'],
  );
  assert.ok(all.body.reservations.find((r) => r.subject === 'Gone')?.deletedAt);
  assert.equal((await get(`room=${room}`)).body.reservations.length, 3, 'no range = everything live');

  for (const bad of [
    '',
    'room=nobody',
    `room=${room}&from=tomorrow`,
    `room=${room}&from=2026-12-02&to=2026-12-01`,
    `room=${room}&includeCancelled=1`,
  ]) {
    const res = await get(bad);
    assert.equal(res.status, 400, bad);
    assert.ok((res.body.details ?? []).length > 0);
  }
});
