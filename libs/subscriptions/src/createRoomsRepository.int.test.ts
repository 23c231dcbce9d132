// The rooms table against the real PostgreSQL: the connection column, its migration over rows
// from before it, and the listing the manager reconciles from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runMigrations } from '@rooms-sync/db';
import { createTestDatabase } from '@rooms-sync/db/testing';
import { createRoomsRepository } from './createRoomsRepository.ts';
import { ROOMS_DB_OWNER, roomsMigrations } from './roomsMigrations.ts';

const SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';

test('rooms belong to a connection; the manager reconciles only those of default', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const { db } = testDb;
  // A room added before the connection column existed keeps working as a room of default.
  await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations.slice(0, 1) });
  await db('rooms').insert({ address: 'room-old@contoso.example', tenant: 'contoso' });
  await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });

  const repo = createRoomsRepository(db);
  assert.equal(await repo.add('Room-101@contoso.example'), 'added');
  assert.equal(await repo.add('cloud-room@contoso.example', { connection: 'cloud', tenant: 'contoso' }), 'added');
  assert.equal(await repo.add('cloud-room@contoso.example', { connection: 'other' }), 'exists');

  const all = await repo.listAll();
  assert.deepEqual(
    all.map((r) => [r.address, r.connection, r.tenant]),
    [
      ['cloud-room@contoso.example', 'cloud', 'contoso'],
      ['room-101@contoso.example', 'default', undefined],
      ['room-old@contoso.example', 'default', 'contoso'],
    ],
  );
});

test('addMany adds thousands in one transaction: existing rooms are left alone, an error adds none', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const { db } = testDb;
  await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
  const repo = createRoomsRepository(db);
  await repo.add('room-0@contoso.example', { tenant: 'kept' });

  const many = Array.from({ length: 6_000 }, (_, i) => ({ address: `Room-${i}@contoso.example`, connection: 'cloud' }));
  const result = await repo.addMany([...many, { address: 'room-1@contoso.example' }]);
  assert.equal(result.added.length, 5_999);
  assert.deepEqual(result.existing, ['room-0@contoso.example']);
  const rows = await repo.listAll();
  assert.equal(rows.length, 6_000);
  assert.deepEqual(
    rows.filter((r) => r.address === 'room-0@contoso.example').map((r) => [r.tenant, r.connection]),
    [['kept', 'default']],
  );

  // PostgreSQL refuses a NUL in text: the row after the first chunk fails, and the chunk before it is undone too.
  const failing = Array.from({ length: 5_001 }, (_, i) => ({ address: `new-${i}@contoso.example` }));
  await assert.rejects(repo.addMany([...failing, { address: 'bad@contoso.example', tenant: 'a\u0000b' }]));
  assert.equal((await repo.listAll()).length, 6_000);
});
