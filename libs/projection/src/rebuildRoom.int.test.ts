import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rebuildRoom } from './rebuildRoom.ts';
import { FakeCalendar } from './testing/FakeCalendar.ts';
import { harness, liveRows, notification, subscriptionCreated, truth } from './testing/projectorHarness.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const room = 'room-101@contoso.example';
const day = (d: number, h: number) => new Date(Date.UTC(2026, 11, d, h)).toISOString();
const content =
  'reservation_key, item_id, owner_id, series_id, occurrence_start, subject, start_utc, end_utc, status, change_key, last_modified, deleted_at is null as live';

test('a rebuild yields the same rows as incremental sync, and repairs rows a bug corrupted', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  const cal = new FakeCalendar();
  const h = harness(db, cal);
  await h.run(h.append(subscriptionCreated(room)));
  const single = cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  const series = cal.book(room, { subject: 'S', start: day(3, 8), end: day(3, 9) }, { count: 4 });
  await h.run(h.append(notification(room)));
  cal.modifyOccurrence(room, series.id, 1, { subject: 'S moved', start: day(4, 15), end: day(4, 16) });
  cal.update(room, single.id, { subject: 'A2' });
  await h.run(h.append(notification(room)));
  const snapshot = async (): Promise<unknown[]> =>
    (await db.raw<{ rows: unknown[] }>(`select ${content} from reservations order by reservation_key`)).rows;
  const incremental = await snapshot();

  const rebuilt = await rebuildRoom({
    db,
    source: cal,
    room,
    horizonDays: 60,
    pastDays: 30,
    now: () => new Date(cal.now),
  });
  assert.equal(rebuilt.written, 0, 'nothing differs, so no version moves');
  assert.deepEqual(await snapshot(), incremental);

  // A row with a last-modified in the future would block every guarded update; a rebuild fixes it.
  await db('reservations')
    .where({ item_id: single.id })
    .update({ subject: 'corrupt', last_modified: new Date('2099-01-01') });
  const repaired = await rebuildRoom({
    db,
    source: cal,
    room,
    horizonDays: 60,
    pastDays: 30,
    now: () => new Date(cal.now),
  });
  assert.equal(repaired.written, 1);
  assert.deepEqual(await liveRows(db, room), truth(cal, room));

  // The live projector continues from the rebuild's sync state.
  cal.update(room, single.id, { subject: 'A3' });
  await h.run(h.append(notification(room)));
  assert.deepEqual(await liveRows(db, room), truth(cal, room));
});
