import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readSyncStates, writeSyncState } from './syncState.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const mailbox = 'room-101@contoso.example';

test('sync state: created once, advanced by generation, conflicting writers refused', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  assert.deepEqual(await writeSyncState(db, { mailbox, expected: null, syncState: 'S1', full: true }), {
    ok: true,
    generation: 1n,
  });
  assert.deepEqual(await writeSyncState(db, { mailbox, expected: null, syncState: 'S1b' }), {
    ok: false,
    reason: 'CONFLICT',
    current: 1n,
  });
  assert.deepEqual(
    await writeSyncState(db, {
      mailbox,
      expected: 1n,
      syncState: 'S2',
      lastNotificationAt: new Date('2026-11-25T10:00:00Z'),
    }),
    { ok: true, generation: 2n },
  );
  assert.deepEqual(await writeSyncState(db, { mailbox, expected: 1n, syncState: 'S3' }), {
    ok: false,
    reason: 'CONFLICT',
    current: 2n,
  });
  await writeSyncState(db, {
    mailbox,
    expected: 2n,
    lastNotificationAt: new Date('2026-11-25T09:00:00Z'),
    lastWatermark: 'W9',
  });
  const state = (await readSyncStates(db, [mailbox])).get(mailbox);
  assert.equal(state?.syncState, 'S2', 'a notification-only write keeps the sync state');
  assert.equal(state?.lastWatermark, 'W9');
  assert.deepEqual(state?.lastNotificationAt, new Date('2026-11-25T10:00:00Z'), 'never moves backwards');
  assert.equal(state?.generation, 3n);
});
