import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from './testing/createTestDatabase.ts';
import { runMigrations, rollbackMigrations, type Migration } from './runMigrations.ts';

const SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';

const migrations: Migration[] = [
  {
    name: '0001_widgets',
    up: (db) =>
      db.schema.createTable('widgets', (t) => {
        t.text('id').primary();
      }),
    down: (db) => db.schema.dropTable('widgets'),
  },
  {
    name: '0002_widgets_size',
    up: (db) =>
      db.schema.alterTable('widgets', (t) => {
        t.integer('size').notNullable().defaultTo(0);
      }),
    down: (db) =>
      db.schema.alterTable('widgets', (t) => {
        t.dropColumn('size');
      }),
  },
];

test('migrations apply against the real PostgreSQL, once, and roll back', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const { db } = testDb;

  const first = await runMigrations(db, { owner: 'test', migrations });
  assert.deepEqual(first.applied, ['0001_widgets', '0002_widgets_size']);
  await db('widgets').insert({ id: 'a' });
  assert.deepEqual(await db('widgets').select('id', 'size'), [{ id: 'a', size: 0 }]);

  const again = await runMigrations(db, { owner: 'test', migrations });
  assert.deepEqual(again.applied, [], 'a second start applies nothing');

  await rollbackMigrations(db, { owner: 'test', migrations });
  assert.equal(await db.schema.hasTable('widgets'), false);
  assert.equal(await db.schema.hasTable('knex_migrations_test'), true, 'history is kept per owner');
});

test('another owner keeps its own history in the same database', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  await runMigrations(testDb.db, { owner: 'a', migrations: migrations.slice(0, 1) });
  const other = await runMigrations(testDb.db, {
    owner: 'b',
    migrations: [
      {
        name: '0001_gadgets',
        up: (db) =>
          db.schema.createTable('gadgets', (t) => {
            t.text('id');
          }),
        down: (db) => db.schema.dropTable('gadgets'),
      },
    ],
  });
  assert.deepEqual(other.applied, ['0001_gadgets']);
});
