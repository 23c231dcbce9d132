import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyRowOps } from './applyRowOps.ts';
import { evolve, toReservationRow } from './evolve.ts';
import { calendarItem, occurrencesOf } from './testing/calendarItem.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const room = 'room-101@contoso.example';
const window = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2027-02-20T00:00:00Z') };

test('guard: a stale copy never overwrites a newer row; the same copy twice is a no-op', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  const v1 = calendarItem({ subject: 'v1', lastModified: '2026-11-25T08:00:00Z' });
  const v2 = { ...v1, subject: 'v2', changeKey: 'ck-v2', lastModified: '2026-11-25T09:00:00Z' };

  assert.equal((await applyRowOps(db, [{ op: 'upsert', row: toReservationRow(room, v1) }])).changed.length, 1);
  assert.equal((await applyRowOps(db, [{ op: 'upsert', row: toReservationRow(room, v2) }])).changed.length, 1);
  assert.equal((await applyRowOps(db, [{ op: 'upsert', row: toReservationRow(room, v1) }])).changed.length, 0, 'stale');
  assert.equal(
    (await applyRowOps(db, [{ op: 'upsert', row: toReservationRow(room, v2) }])).changed.length,
    0,
    'replay',
  );
  const rows = await db<{ subject: string; version: string }>('reservations').select('subject', 'version');
  assert.deepEqual(rows, [{ subject: 'v2', version: '2' }]);
});

test('replaying the operations of a recurring series twice leaves the same rows (emmett numberOfTimes: 2)', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const ops = evolve({
    room,
    full: false,
    deletedIds: [],
    items: [master],
    occurrences: occurrencesOf(master, 5),
    window,
  });
  await db.transaction((trx) => applyRowOps(trx, ops));
  const first = await db('reservations').orderBy('reservation_key').select('*');
  const again = await db.transaction((trx) => applyRowOps(trx, ops));
  assert.deepEqual(again, { changed: [], softDeleted: 0 });
  assert.deepEqual(await db('reservations').orderBy('reservation_key').select('*'), first);
  assert.equal(first.length, 5);
});

test('an occurrence that disappears from the view is soft-deleted; deleting the master soft-deletes the rest', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const occs = occurrencesOf(master, 3);
  await applyRowOps(db, evolve({ room, full: false, deletedIds: [], items: [master], occurrences: occs, window }));
  const edited = { ...master, changeKey: 'ck-2', lastModified: '2026-11-26T00:00:00Z' };
  const rest = occs
    .filter((_, i) => i !== 1)
    .map((o) => ({ ...o, changeKey: 'ck-2', lastModified: edited.lastModified }));
  const r1 = await applyRowOps(
    db,
    evolve({ room, full: false, deletedIds: [], items: [edited], occurrences: rest, window }),
  );
  assert.equal(r1.softDeleted, 1);
  const count = async (liveOnly: boolean) => {
    const q = db('reservations');
    if (liveOnly) q.whereNull('deleted_at');
    const [row] = await q.count<{ n: string }[]>('* as n');
    return Number(row?.n);
  };
  const live = () => count(true);
  assert.equal(await live(), 2);
  const r2 = await applyRowOps(
    db,
    evolve({ room, full: false, deletedIds: [master.id], items: [], occurrences: [], window }),
  );
  assert.equal(r2.softDeleted, 2);
  assert.equal(await live(), 0);
  assert.equal(await count(false), 3, 'history is kept');
});

test('a full sync soft-deletes owners Exchange no longer has', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  const a = calendarItem();
  const b = calendarItem();
  await applyRowOps(db, evolve({ room, full: false, deletedIds: [], items: [a, b], occurrences: [], window }));
  const r = await applyRowOps(db, evolve({ room, full: true, deletedIds: [], items: [a], occurrences: [], window }));
  assert.equal(r.softDeleted, 1);
  assert.deepEqual(await db('reservations').whereNull('deleted_at').pluck('item_id'), [a.id]);
});
