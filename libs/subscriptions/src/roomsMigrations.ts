// The rooms table: which room mailboxes the manager keeps subscribed. Owned by the
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
];
