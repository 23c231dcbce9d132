// The rooms table (which room mailboxes the manager keeps subscribed) and the manager snapshots. Owned by the
// subscriptions migrations history (`knex_migrations_subscriptions`).
import type { Migration } from '@rooms-sync/db';

export const ROOMS_DB_OWNER = 'subscriptions';

export const roomsMigrations: readonly Migration[] = [
  {
    name: '0001_rooms',
    async up(db) {
      await db.schema.createTable('rooms', (t) => {
        // Lowercased by the repository: SMTP addresses compare case-insensitively.
        t.text('address').primary();
        t.text('tenant');
        t.boolean('enabled').notNullable().defaultTo(true);
        t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
        t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      });
      await db.raw('alter table rooms add constraint rooms_address_lowercase check (address = lower(address))');
    },
    async down(db) {
      await db.schema.dropTable('rooms');
    },
  },
  {
    // The connection (docs/architecture.md §9) the room is reached through. Rooms from before
    // connections existed keep the one of the Ews* keys; the literal, not DEFAULT_CONNECTION,
    // because a migration must do the same thing forever.
    name: '0002_rooms_connection',
    async up(db) {
      await db.schema.alterTable('rooms', (t) => {
        t.text('connection').notNullable().defaultTo('default');
      });
    },
    async down(db) {
      await db.schema.alterTable('rooms', (t) => {
        t.dropColumn('connection');
      });
    },
  },
  {
    // The manager's snapshot (docs/architecture.md §6): one row per deployment (ManagerName), the
    // encoded state and the offsets it covers. Text, not jsonb: it is only ever read whole by
    // decodeSnapshot, which must survive any content.
    name: '0003_manager_snapshots',
    async up(db) {
      await db.schema.createTable('manager_snapshots', (t) => {
        t.text('manager_name').primary();
        t.timestamp('taken_at', { useTz: true }).notNullable();
        t.text('body').notNullable();
      });
    },
    async down(db) {
      await db.schema.dropTable('manager_snapshots');
    },
  },
];
