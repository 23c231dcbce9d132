import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCheckpoint, storeCheckpoint } from './checkpoints.ts';
import { projectionTestDb } from './testing/projectionTestDb.ts';

const id = { group: 'g', topic: 't', partition: 0 };

test('checkpoint compare-and-set: first write, advance, replay, stale, mismatch', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;

  assert.deepEqual(await storeCheckpoint(db, id, null, 4n), { success: true, offset: 4n });
  assert.equal(await readCheckpoint(db, id), 4n);
  assert.deepEqual(await storeCheckpoint(db, id, 4n, 9n), { success: true, offset: 9n });
  assert.deepEqual(
    await storeCheckpoint(db, id, 4n, 9n),
    { success: false, reason: 'IGNORED', current: 9n },
    'a replayed batch',
  );
  assert.deepEqual(
    await storeCheckpoint(db, id, 4n, 7n),
    { success: false, reason: 'CURRENT_AHEAD', current: 9n },
    'never backwards',
  );
  assert.deepEqual(await storeCheckpoint(db, id, 5n, 12n), { success: false, reason: 'MISMATCH', current: 9n });
  assert.deepEqual(
    await storeCheckpoint(db, id, null, 12n),
    { success: false, reason: 'MISMATCH', current: 9n },
    'no row expected but one exists',
  );
  assert.deepEqual(await storeCheckpoint(db, { ...id, partition: 1 }, 3n, 5n), {
    success: false,
    reason: 'MISMATCH',
    current: null,
  });
  assert.equal(await readCheckpoint(db, id), 9n);
});

test('the checkpoint rolls back with its transaction', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  await assert.rejects(
    db.transaction(async (trx) => {
      await storeCheckpoint(trx, id, null, 1n);
      throw new Error('crash before commit');
    }),
    /crash/,
  );
  assert.equal(await readCheckpoint(db, id), null);
});

test('two concurrent writers from the same expected offset: exactly one wins', async (t) => {
  const testDb = await projectionTestDb();
  t.after(() => testDb.drop());
  const { db } = testDb;
  await storeCheckpoint(db, id, null, 1n);
  const results = await Promise.all(
    [5n, 6n].map((offset) => db.transaction((trx) => storeCheckpoint(trx, id, 1n, offset))),
  );
  assert.equal(results.filter((r) => r.success).length, 1);
});
