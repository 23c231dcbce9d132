// What an idle room costs Exchange (docs/architecture.md §7): heartbeats that chain on from the
// stored watermark are not synced; a broken chain is, and catches up what the lost push carried.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
const heartbeat = (previousWatermark: string, watermark: string) =>
  notification(room, { kind: 'Status', previousWatermark, watermark });

test('continuous heartbeats cost no Exchange call; a gap syncs and catches up the lost change', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const cal = new FakeCalendar();
  const h = harness(testDb.db, cal);
  const counter = async (name: string, labels: Record<string, string> = {}) =>
    (await h.registry.getSingleMetric(name)?.get())?.values
      .filter((v) => Object.entries(labels).every(([k, value]) => v.labels[k] === value))
      .reduce((n, v) => n + v.value, 0) ?? 0;
  const storedWatermark = async () =>
    (await testDb.db('mailbox_sync_state').where({ mailbox: room }).first<{ last_watermark: string }>('last_watermark'))
      ?.last_watermark;

  cal.book(room, { subject: 'A', start: day(2, 9), end: day(2, 10) });
  await h.run(h.append(subscriptionCreated(room)), 'subscriptions');
  // The first push: we hold no watermark yet, so it cannot prove anything.
  await h.run(h.append(heartbeat('W0', 'W1')));
  assert.equal(await storedWatermark(), 'W1');

  const calls = cal.calls;
  for (let i = 1; i <= 3; i++) await h.run(h.append(heartbeat(`W${i}`, `W${i + 1}`)));
  await h.run(h.append(heartbeat('W4', 'W5'), heartbeat('W5', 'W6')));
  assert.equal(cal.calls, calls, 'no SyncFolderItems for heartbeats that chain on');
  assert.equal(await counter('rooms_projector_syncs_skipped_total'), 4);
  assert.equal(await storedWatermark(), 'W6', 'the watermark moves on without a sync');

  // The push W6 → W7 announcing B is lost; the next heartbeat follows W7, which we never saw.
  cal.book(room, { subject: 'B', start: day(3, 9), end: day(3, 10) });
  await h.run(h.append(heartbeat('W7', 'W8')));
  assert.equal(
    await counter('rooms_projector_exchange_calls_total', { operation: 'SyncFolderItems', reason: 'gap' }),
    2,
  );
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));
  assert.deepEqual((await liveRows(testDb.db, room)).map((r) => r.subject).sort(), ['A', 'B']);

  const c = cal.book(room, { subject: 'C', start: day(4, 9), end: day(4, 10) });
  await h.run(
    h.append(notification(room, { kind: 'Created', itemId: c.id, previousWatermark: 'W8', watermark: 'W9' })),
  );
  assert.equal(
    await counter('rooms_projector_exchange_calls_total', { operation: 'SyncFolderItems', reason: 'change' }),
    1,
  );
  assert.deepEqual(await liveRows(testDb.db, room), truth(cal, room));

  await h.run(h.append(resyncRequested(room, 'changes')), 'subscriptions');
  assert.equal(
    await counter('rooms_projector_exchange_calls_total', { operation: 'SyncFolderItems', reason: 'reconcile' }),
    1,
  );
  assert.equal(await storedWatermark(), 'W9', 'a reconcile keeps the chain: the next heartbeat is free again');
  const before = cal.calls;
  await h.run(h.append(heartbeat('W9', 'W10')));
  assert.equal(cal.calls, before);
});
