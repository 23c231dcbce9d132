import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCheckpoint } from './checkpoints.ts';
import { DLQ_HEADERS } from '@rooms-sync/kafka';
import { FakeCalendar } from './testing/FakeCalendar.ts';
import {
  harness,
  liveRows,
  notification,
  resyncRequested,
  subscriptionCreated,
  truth,
} from './testing/projectorHarness.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const room = 'room-101@contoso.example';
const day = (d: number, h: number) => new Date(Date.UTC(2026, 11, d, h)).toISOString();

test('initial full sync, then book / change / cancel single and recurring with an exception converge', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  const pre = cal.book(room, { subject: 'Before we subscribed', start: day(1, 9), end: day(1, 10) });

  await h.run(h.append(subscriptionCreated(room)));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));

  const single = cal.book(room, { subject: 'Planning', start: day(2, 9), end: day(2, 10) });
  const series = cal.book(room, { subject: 'Standup', start: day(3, 8), end: day(3, 9) }, { count: 5 });
  await h.run(
    h.append(
      notification(room, { kind: 'Created', itemId: single.id }),
      notification(room, { kind: 'Created', itemId: series.id }),
    ),
  );
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.equal((await liveRows(testDb.db, room)).length, 7);

  cal.update(room, single.id, { subject: 'Planning (moved)', start: day(2, 14), end: day(2, 15) });
  cal.modifyOccurrence(room, series.id, 2, { subject: 'Standup (late)', start: day(5, 11), end: day(5, 12) });
  cal.deleteOccurrence(room, series.id, 4);
  await h.run(h.append(notification(room)));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));

  cal.remove(room, pre.id);
  cal.update(room, single.id, { isCancelled: true });
  await h.run(h.append(notification(room, { kind: 'Deleted' })));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  const all = await testDb
    .db<{ item_id: string; deleted_at: Date | null }>('reservations')
    .where({ item_id: pre.id })
    .first('deleted_at');
  assert.ok(all?.deleted_at instanceof Date, 'deleted items stay as soft-deleted history');
});

test('duplicated, reordered and lost notifications converge; a replayed batch changes nothing', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  await h.run(h.append(subscriptionCreated(room)));

  const a = cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  const lost = cal.book(room, { subject: 'Lost push', start: day(2, 11), end: day(2, 12) });
  cal.update(room, a.id, { subject: 'A2' });
  // The push for `lost` never arrives; A's two pushes arrive twice and in reverse order.
  const batch = h.append(
    notification(room, { itemId: a.id }),
    notification(room, { itemId: a.id, kind: 'Created' }),
    notification(room, { itemId: a.id }),
  );
  await h.run(batch);
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.ok((await liveRows(testDb.db, room)).some((r) => r.subject === lost.subject));

  const before = await testDb.db('reservations').orderBy('id').select('*');
  const calls = cal.calls;
  await h.run(batch);
  assert.deepEqual(await testDb.db('reservations').orderBy('id').select('*'), before);
  assert.equal(cal.calls, calls, 'a batch at or below the checkpoint is not even fetched');
});

test('throttling is waited out; a permanent error dead-letters the room and processing continues', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  cal.failures.push({ kind: 'throttled', backOffMs: 5 }, { kind: 'transient' });
  await h.run(h.append(subscriptionCreated(room)));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.equal(h.dead.length, 0);

  const other = 'room-102@contoso.example';
  cal.book(other, { subject: 'B', start: day(2, 9), end: day(2, 10) });
  cal.failures.push({ kind: 'unauthorized', code: 'ErrorAccessDenied' });
  const [bad, good, garbage] = h.append(notification(room), notification(other), Buffer.from('not json'));
  // room-101 is fetched first (rooms in parallel, but the failure queue is global): it fails.
  await h.run([bad!, good!, garbage!]);
  assert.equal(h.dead.length, 2);
  const reasons = h.dead.map((m) => m.headers?.[DLQ_HEADERS.reason]).sort();
  assert.deepEqual(reasons, ['exchange_error', 'undecodable']);
  assert.equal(
    h.dead.find((m) => m.headers?.[DLQ_HEADERS.reason] === 'exchange_error')?.headers?.[DLQ_HEADERS.offset],
    bad!.offset,
  );
  assert.deepEqual(await liveRows(testDb.db, other), truth(cal, other));
  assert.equal(
    await readCheckpoint(testDb.db, { group: 'test-group', topic: 'notifications', partition: 0 }),
    BigInt(garbage!.offset),
  );
});

test('notifications without a mailbox are routed by subscription id; unknown ids are counted and passed over', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  await h.run(h.append(subscriptionCreated(room, 'SUB-9')), 'subscriptions');
  cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  await h.run(
    h.append(
      notification(undefined, { subscriptionId: 'SUB-9' }),
      notification(undefined, { subscriptionId: 'SUB-X' }),
    ),
  );
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.deepEqual(h.dead, []);
  const unroutable = await h.registry.getSingleMetric('rooms_projector_notifications_unroutable_total')?.get();
  assert.equal(unroutable?.values[0]?.value, 1);
});

test('an invalid sync state and ResyncRequested both end in a full resync that drops vanished rows', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  const a = cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  await h.run(h.append(subscriptionCreated(room)));
  await testDb.db('mailbox_sync_state').update({ sync_state: 'garbage' });
  cal.book(room, { subject: 'B', start: day(3, 9), end: day(3, 10) });
  await h.run(h.append(notification(room)));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));

  // Simulate a delete we never heard of: Exchange's log forgets it, only a full sync sees it.
  cal.rooms.get(room)?.items.delete(a.id);
  await h.run(h.append(resyncRequested(room)));
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
});

test('two projector instances on the same partition: the effect is applied once', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h1 = harness(testDb.db, cal);
  const h2 = harness(testDb.db, cal);
  cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  const msgs = h1.append(subscriptionCreated(room), notification(room));
  await Promise.all([h1.run(msgs), h2.run(msgs)]);
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  const rows = await testDb.db('reservations').select('version');
  assert.deepEqual(rows, [{ version: '1' }]);
});

test('a room whose data PostgreSQL refuses is dead-lettered; the other rooms of the batch commit', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  const other = 'room-102@contoso.example';
  cal.book(room, { subject: 'NUL \u0000 in a subject', start: day(2, 9), end: day(2, 10) });
  cal.book(other, { subject: 'Fine', start: day(2, 9), end: day(2, 10) });
  const [bad] = h.append(subscriptionCreated(room), subscriptionCreated(other, 'SUB-2'));
  await h.run(h.log);
  assert.deepEqual(await liveRows(testDb.db, other), truth(cal, other));
  assert.deepEqual(await liveRows(testDb.db, room), []);
  assert.deepEqual(
    h.dead.map((m) => [m.headers?.[DLQ_HEADERS.reason], m.headers?.[DLQ_HEADERS.offset]]),
    [['apply_error', bad!.offset]],
  );
});

test('occurrences entering the horizon as days pass are materialised by the periodic full sync', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal, { horizonDays: 10, pastDays: 1 });
  cal.book(
    room,
    {
      subject: 'Daily',
      start: new Date(cal.now + 3_600_000).toISOString(),
      end: new Date(cal.now + 7_200_000).toISOString(),
    },
    { count: 40 },
  );
  await h.run(h.append(subscriptionCreated(room)));
  const before = (await liveRows(testDb.db, room)).length;
  assert.equal(before, 10);
  cal.now += 20 * 86_400_000; // three weeks pass; nothing changes in Exchange
  await h.run(h.append(notification(room, { kind: 'Status' })));
  const after = await liveRows(testDb.db, room);
  assert.equal(after.length, 21, 'the first ten stay as history; the ones around now and the next ten days appear');
  assert.ok(after.at(-1)!.start > new Date(cal.now + 9 * 86_400_000).toISOString());
});
