import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';
import { advisoryLeadership, advisoryLockKey } from './advisoryLeadership.ts';
import { createDb } from './createDb.ts';
import { createTestDatabase } from './testing/createTestDatabase.ts';

const SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';
const quiet = { info: () => undefined, warn: () => undefined };

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

test('the key is a stable signed 64-bit number per name', () => {
  assert.equal(advisoryLockKey('a'), advisoryLockKey('a'));
  assert.notEqual(advisoryLockKey('a'), advisoryLockKey('b'));
  const key = BigInt(advisoryLockKey('rooms-sync/subscription-manager'));
  assert.ok(key >= -(2n ** 63n) && key < 2n ** 63n);
});

test('one leader at a time; a standby takes over when the leader stops, and when its session dies', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const name = `test-${randomUUID()}`;
  const dbA = createDb({ url: testDb.url, poolMax: 1 });
  const dbB = createDb({ url: testDb.url, poolMax: 1 });
  const changes: string[] = [];
  const a = advisoryLeadership({
    db: dbA,
    name,
    logger: quiet,
    checkIntervalMs: 100,
    onChange: (l) => changes.push(`a:${l}`),
  });
  const b = advisoryLeadership({
    db: dbB,
    name,
    logger: quiet,
    checkIntervalMs: 100,
    onChange: (l) => changes.push(`b:${l}`),
  });
  t.after(async () => {
    await a.stop();
    await b.stop();
    await dbA.destroy();
    await dbB.destroy();
  });

  await a.start();
  await b.start();
  assert.equal(a.isLeader(), true);
  assert.equal(b.isLeader(), false);
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(b.isLeader(), false, 'the standby stays a standby while the leader lives');

  await a.stop();
  await until(() => b.isLeader());
  assert.equal(a.isLeader(), false);

  // Kill b's session from the server side, as a crash or a network cut would.
  await a.start();
  assert.equal(a.isLeader(), false);
  await testDb.db.raw(
    "select pg_terminate_backend(l.pid) from pg_locks l where l.locktype = 'advisory' and l.objid::bigint = (?::bigint & 4294967295) and l.granted",
    [b.key],
  );
  await until(() => changes.includes('b:false'));
  // Either may win the free lock now (b reconnects too); never both.
  await until(() => a.isLeader() || b.isLeader());
  assert.notEqual(a.isLeader(), b.isLeader());
  assert.deepEqual(changes.slice(0, 4), ['a:true', 'a:false', 'b:true', 'b:false']);
});
