// Integration tests get a database of their own on the shared local server, so
// test files run in parallel without seeing each other's rows.
import { randomBytes } from 'node:crypto';
import { createDb, type Knex } from '../createDb.ts';

export interface TestDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

export async function createTestDatabase(serverUrl: string): Promise<TestDatabase> {
  const name = `rooms_sync_test_${randomBytes(6).toString('hex')}`;
  const admin = createDb({ url: serverUrl, poolMax: 1 });
  await admin.raw(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = createDb({ url: url.toString() });
  return {
    url: url.toString(),
    db,
    async drop() {
      await db.destroy();
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}
