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
