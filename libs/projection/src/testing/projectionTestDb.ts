// A fresh database with the projection's tables, per test file, on the shared local server.
import { runMigrations } from '@rooms-sync/db';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { MIGRATION_OWNER, projectionMigrations } from '../migrations.ts';

const TEST_DATABASE_SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';

export async function projectionTestDb(): Promise<TestDatabase> {
  const testDb = await createTestDatabase(TEST_DATABASE_SERVER);
  await runMigrations(testDb.db, { owner: MIGRATION_OWNER, migrations: projectionMigrations });
  return testDb;
}
