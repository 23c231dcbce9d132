// The projector's tables (migration owner `projection`). Offsets, generations and versions are
// BIGINT; pg returns them as strings, which the store converts at its edge.
import type { Knex, Migration } from '@rooms-sync/db';

export const MIGRATION_OWNER = 'projection';

const reservations: Migration = {
  name: '0001_reservations',
  async up(db: Knex) {
    await db.schema.createTable('reservations', (t) => {
      t.bigIncrements('id');
      t.text('room_mailbox').notNullable();
      // Single item: its EWS id. Occurrence: `<master id>|<original start ISO>`, which stays
      // stable when the occurrence is moved (an exception keeps its original start).
      t.text('reservation_key').notNullable();
      t.text('item_id').notNullable();
      // The item whose change decides this row: the master for occurrences, else the item.
      t.text('owner_id').notNullable();
      t.text('series_id');
      t.timestamp('occurrence_start', { useTz: true });
      t.text('appointment_type').notNullable();
      t.text('ical_uid');
      // NULL when sensitivity is Private or Confidential: the private subject never leaves
      // Exchange; ROOMS shows its own "Private appointment" label from `sensitivity`.
      t.text('subject');
      t.text('sensitivity').notNullable();
      t.text('organizer_name');
      t.text('organizer_email');
      t.timestamp('start_utc', { useTz: true }).notNullable();
      t.timestamp('end_utc', { useTz: true }).notNullable();
      t.text('time_zone');
      t.boolean('is_all_day').notNullable().defaultTo(false);
      t.text('location');
      t.integer('attendees_count').notNullable().defaultTo(0);
      t.text('status').notNullable();
      t.text('change_key').notNullable();
      t.timestamp('last_modified', { useTz: true });
      t.timestamp('deleted_at', { useTz: true });
      // Bumped on every applied change: readers can detect an update without comparing fields.
      t.bigInteger('version').notNullable().defaultTo(1);
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.unique(['room_mailbox', 'reservation_key']);
      t.index(['room_mailbox', 'start_utc', 'end_utc']);
      t.index(['room_mailbox', 'owner_id']);
    });
    await db.raw(
      `alter table reservations add constraint reservations_status_check check (status in ('confirmed', 'tentative', 'cancelled'))`,
    );
  },
  async down(db: Knex) {
    await db.schema.dropTable('reservations');
  },
};

const syncState: Migration = {
  name: '0002_mailbox_sync_state',
  async up(db: Knex) {
    await db.schema.createTable('mailbox_sync_state', (t) => {
      t.text('mailbox').primary();
      t.text('sync_state');
      t.text('last_watermark');
      t.timestamp('last_notification_at', { useTz: true });
      t.timestamp('last_synced_at', { useTz: true });
      t.timestamp('last_full_sync_at', { useTz: true });
      // Compare-and-set token: every write expects the generation it read.
      t.bigInteger('generation').notNullable().defaultTo(1);
    });
    await db.schema.createTable('projector_subscriptions', (t) => {
      t.text('subscription_id').primary();
      t.text('mailbox').notNullable();
      t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    });
  },
  async down(db: Knex) {
    await db.schema.dropTable('projector_subscriptions');
    await db.schema.dropTable('mailbox_sync_state');
  },
};

const checkpoints: Migration = {
  name: '0003_projector_checkpoints',
  async up(db: Knex) {
    await db.schema.createTable('projector_checkpoints', (t) => {
      t.text('consumer_group').notNullable();
      t.text('topic').notNullable();
      t.integer('partition').notNullable();
      // The last offset whose effect is committed (Kafka's committed offset is this + 1).
      t.bigInteger('offset').notNullable();
      t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(db.fn.now());
      t.primary(['consumer_group', 'topic', 'partition']);
    });
  },
  async down(db: Knex) {
    await db.schema.dropTable('projector_checkpoints');
  },
};

const syncSource: Migration = {
  name: '0004_mailbox_sync_source',
  async up(db: Knex) {
    await db.schema.alterTable('mailbox_sync_state', (t) => {
      // Which API and connection the stored sync_state belongs to (an EWS sync state or a Graph
      // delta link). NULL on rows written before Graph: EWS through the `default` connection.
      t.text('source');
      t.text('connection');
    });
  },
  async down(db: Knex) {
    await db.schema.alterTable('mailbox_sync_state', (t) => {
      t.dropColumn('connection');
      t.dropColumn('source');
    });
  },
};

export const projectionMigrations: readonly Migration[] = [reservations, syncState, checkpoints, syncSource];
