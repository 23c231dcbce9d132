import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evolve, occurrenceKey, toReservationRow } from './evolve.ts';
import type { RoomSnapshot } from './evolve.ts';
import type { ReservationRow, RowOp } from './rowOps.ts';
import { calendarItem, occurrencesOf } from './testing/calendarItem.ts';

const room = 'room-101@contoso.example';
const window = { start: new Date('2026-11-20T00:00:00Z'), end: new Date('2027-02-20T00:00:00Z') };
const snap = (s: Partial<RoomSnapshot>): RoomSnapshot => ({
  room,
  full: false,
  deletedIds: [],
  items: [],
  occurrences: [],
  window,
  ...s,
});
const upserts = (ops: RowOp[]): ReservationRow[] => ops.flatMap((o) => (o.op === 'upsert' ? [o.row] : []));

test('a single item becomes one row keyed by its id, UTC times, lower-case organizer', () => {
  const item = calendarItem({ freeBusyStatus: 'Tentative' });
  const ops = evolve(snap({ items: [item] }));
  const [row] = upserts(ops);
  assert.equal(row?.reservation_key, item.id);
  assert.equal(row?.owner_id, item.id);
  assert.equal(row?.series_id, null);
  assert.equal(row?.status, 'tentative');
  assert.equal(row?.organizer_email, 'ada@contoso.example');
  assert.deepEqual(row?.start_utc, new Date(item.start));
  assert.deepEqual(
    ops.find((o) => o.op === 'retainKeys'),
    { op: 'retainKeys', room, owner: item.id, keys: [item.id] },
  );
});

test('private and confidential subjects are never stored; sensitivity is', () => {
  for (const sensitivity of ['Private', 'Confidential'] as const) {
    const row = toReservationRow(room, calendarItem({ sensitivity, subject: 'Layoffs' }));
    assert.equal(row.subject, null);
    assert.equal(row.sensitivity, sensitivity);
  }
  assert.equal(toReservationRow(room, calendarItem({ sensitivity: 'Personal', subject: 'x' })).subject, 'x');
});

test('cancelled items keep their row with status cancelled', () => {
  assert.equal(toReservationRow(room, calendarItem({ isCancelled: true })).status, 'cancelled');
});

test('a recurring master becomes one row per occurrence; exceptions keep their original-start key', () => {
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const occs = occurrencesOf(master, 3);
  const moved = {
    ...occs[1]!,
    appointmentType: 'Exception' as const,
    start: '2026-12-02T13:00:00.000Z',
    end: '2026-12-02T14:00:00.000Z',
    subject: 'Moved',
  };
  const ops = evolve(snap({ items: [master], occurrences: [occs[0]!, moved, occs[2]!, calendarItem()] }));
  const rows = upserts(ops);
  assert.equal(rows.length, 3, 'the unrelated single from the view is not this series');
  const exceptionRow = rows.find((r) => r.subject === 'Moved');
  assert.equal(exceptionRow?.reservation_key, occurrenceKey(master.id, occs[1]!.originalStart!));
  assert.deepEqual(exceptionRow?.start_utc, new Date('2026-12-02T13:00:00.000Z'));
  assert.equal(exceptionRow?.owner_id, master.id);
  const retain = ops.find((o) => o.op === 'retainKeys');
  assert.deepEqual(retain, {
    op: 'retainKeys',
    room,
    owner: master.id,
    keys: rows.map((r) => r.reservation_key),
    endsAfter: window.start,
  });
});

test('occurrences without RecurringMasterId are matched to their master by UID', () => {
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const occs = occurrencesOf(master, 2).map(({ recurringMasterId: _drop, ...o }) => o);
  assert.equal(
    upserts(evolve(snap({ items: [master], occurrences: occs }))).every((r) => r.series_id === master.id),
    true,
  );
});

test('deletes soft-delete the owner unless the item was also fetched (re-created under the same id)', () => {
  const item = calendarItem();
  const ops = evolve(snap({ deletedIds: ['gone', 'gone', item.id], items: [item] }));
  assert.deepEqual(
    ops.filter((o) => o.op === 'deleteOwner'),
    [{ op: 'deleteOwner', room, owner: 'gone' }],
  );
});

test('a full sync retains exactly the owners it saw', () => {
  const single = calendarItem();
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const ops = evolve(snap({ full: true, items: [single, master], occurrences: occurrencesOf(master, 2) }));
  const retain = ops.find((o) => o.op === 'retainOwners');
  assert.deepEqual(retain, { op: 'retainOwners', room, owners: [single.id, master.id] });
});

test('evolve is deterministic: the same snapshot gives the same operations', () => {
  const master = calendarItem({ appointmentType: 'RecurringMaster' });
  const s = snap({ items: [master, calendarItem()], occurrences: occurrencesOf(master, 4), deletedIds: ['x'] });
  assert.deepEqual(evolve(s), evolve(s));
});
