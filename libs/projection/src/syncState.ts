// Per-mailbox sync state with a generation used as a compare-and-set token: a writer that read
// generation N may only write if it is still N, so two projector instances (or a rebuild and the
// live projector) never both advance one room from the same sync state.
import type { Knex } from '@rooms-sync/db';
import type { RoomRoute, RoomSource } from './roomRoute.ts';

export interface MailboxSyncState {
  mailbox: string;
  /** An EWS sync state or (source graph) a Graph delta link. */
  syncState: string | null;
  /** null on rows written before Graph (EWS, `default`). */
  source: RoomSource | null;
  connection: string | null;
  lastWatermark: string | null;
  lastNotificationAt: Date | null;
  lastSyncedAt: Date | null;
  lastFullSyncAt: Date | null;
  generation: bigint;
}

export type WriteSyncStateResult =
  { ok: true; generation: bigint } | { ok: false; reason: 'CONFLICT'; current: bigint | null };

interface Row {
  mailbox: string;
  sync_state: string | null;
  source: string | null;
  connection: string | null;
  last_watermark: string | null;
  last_notification_at: Date | null;
  last_synced_at: Date | null;
  last_full_sync_at: Date | null;
  generation: string;
}

const T = 'mailbox_sync_state';

const fromRow = (r: Row): MailboxSyncState => ({
  mailbox: r.mailbox,
  syncState: r.sync_state,
  source: r.source === 'ews' || r.source === 'graph' ? r.source : null,
  connection: r.connection,
  lastWatermark: r.last_watermark,
  lastNotificationAt: r.last_notification_at,
  lastSyncedAt: r.last_synced_at,
  lastFullSyncAt: r.last_full_sync_at,
  generation: BigInt(r.generation),
});

export async function readSyncStates(
  db: Knex | Knex.Transaction,
  mailboxes: readonly string[],
): Promise<Map<string, MailboxSyncState>> {
  if (mailboxes.length === 0) return new Map();
  const rows = await db<Row>(T).whereIn('mailbox', mailboxes).select('*');
  return new Map(rows.map((r) => [r.mailbox, fromRow(r)]));
}

export async function listMailboxes(db: Knex): Promise<string[]> {
  const rows = await db<Row>(T).select('mailbox').orderBy('mailbox');
  return rows.map((r) => r.mailbox);
}

export interface SyncStateWrite {
  mailbox: string;
  /** The generation read before fetching; null when the mailbox had no row. */
  expected: bigint | null;
  /** undefined keeps the stored sync state (nothing was synced). */
  syncState?: string | null | undefined;
  lastWatermark?: string | undefined;
  lastNotificationAt?: Date | undefined;
  full?: boolean;
  /** The API and connection `syncState` belongs to; written with it. */
  route?: RoomRoute | undefined;
}

export async function writeSyncState(trx: Knex.Transaction | Knex, w: SyncStateWrite): Promise<WriteSyncStateResult> {
  const values: Record<string, unknown> = { mailbox: w.mailbox };
  if (w.syncState !== undefined) {
    values.sync_state = w.syncState;
    values.last_synced_at = trx.fn.now();
    if (w.full === true) values.last_full_sync_at = trx.fn.now();
    if (w.route !== undefined) {
      values.source = w.route.source;
      values.connection = w.route.connection;
    }
  }
  if (w.lastWatermark !== undefined) values.last_watermark = w.lastWatermark;
  if (w.lastNotificationAt !== undefined) values.last_notification_at = w.lastNotificationAt;
  const merge: Record<string, unknown> = { ...values, generation: trx.raw(`${T}.generation + 1`) };
  delete merge.mailbox;
  if (w.lastNotificationAt !== undefined) {
    // Reordered notifications must not move the time backwards.
    merge.last_notification_at = trx.raw(`greatest(${T}.last_notification_at, excluded.last_notification_at)`);
  }
  const rows = await trx<Row>(T)
    .insert(values)
    .onConflict('mailbox')
    .merge(merge)
    .whereRaw(w.expected === null ? 'false' : `${T}.generation = ?`, w.expected === null ? [] : [w.expected.toString()])
    .returning('generation');
  const row = rows[0];
  if (row !== undefined) return { ok: true, generation: BigInt(row.generation) };
  const current = (await readSyncStates(trx, [w.mailbox])).get(w.mailbox);
  return { ok: false, reason: 'CONFLICT', current: current?.generation ?? null };
}

export async function recordSubscription(
  trx: Knex.Transaction | Knex,
  subscriptionId: string,
  mailbox: string,
): Promise<void> {
  await trx('projector_subscriptions')
    .insert({ subscription_id: subscriptionId, mailbox })
    .onConflict('subscription_id')
    .merge(['mailbox']);
}

export async function mailboxesForSubscriptions(db: Knex, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db<{ subscription_id: string; mailbox: string }>('projector_subscriptions')
    .whereIn('subscription_id', ids)
    .select('subscription_id', 'mailbox');
  return new Map(rows.map((r) => [r.subscription_id, r.mailbox]));
}

export interface SyncedRoom {
  mailbox: string;
  expected: bigint | null;
  syncState: string;
  source: RoomSource;
  connection: string;
  full: boolean;
  lastWatermark?: string | undefined;
  lastNotificationAt?: Date | undefined;
}

/**
 * The sync states of many rooms in two statements, each row compare-and-set on its generation.
 * Returns the mailboxes whose write was refused (another writer moved them).
 */
export async function writeSyncStates(trx: Knex.Transaction | Knex, rooms: readonly SyncedRoom[]): Promise<string[]> {
  const cols = (list: readonly SyncedRoom[]): Knex.Value[] => [
    list.map((r) => r.mailbox),
    list.map((r) => r.syncState),
    nullable(list.map((r) => r.lastWatermark ?? null)),
    nullable(list.map((r) => r.lastNotificationAt ?? null)),
    list.map((r) => r.full),
    list.map((r) => r.source),
    list.map((r) => r.connection),
  ];
  const written = new Set<string>();
  const existing = rooms.filter((r) => r.expected !== null);
  if (existing.length > 0) {
    const res = await trx.raw<{ rows: { mailbox: string }[] }>(
      `update ${T} m set sync_state = v.sync_state, source = v.source, connection = v.connection, last_synced_at = now(),
         last_full_sync_at = case when v.is_full then now() else m.last_full_sync_at end,
         last_watermark = coalesce(v.last_watermark, m.last_watermark),
         last_notification_at = greatest(m.last_notification_at, v.last_notification_at),
         generation = m.generation + 1
       from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[], ?::bigint[]) as v(mailbox, sync_state, last_watermark, last_notification_at, is_full, source, connection, expected)
       where m.mailbox = v.mailbox and m.generation = v.expected
       returning m.mailbox`,
      [...cols(existing), existing.map((r) => String(r.expected))],
    );
    for (const row of res.rows) written.add(row.mailbox);
  }
  const fresh = rooms.filter((r) => r.expected === null);
  if (fresh.length > 0) {
    const res = await trx.raw<{ rows: { mailbox: string }[] }>(
      `insert into ${T} (mailbox, sync_state, source, connection, last_watermark, last_notification_at, last_synced_at, last_full_sync_at)
       select v.mailbox, v.sync_state, v.source, v.connection, v.last_watermark, v.last_notification_at, now(), case when v.is_full then now() end
       from unnest(?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::boolean[], ?::text[], ?::text[]) as v(mailbox, sync_state, last_watermark, last_notification_at, is_full, source, connection)
       on conflict (mailbox) do nothing
       returning mailbox`,
      cols(fresh),
    );
    for (const row of res.rows) written.add(row.mailbox);
  }
  return rooms.filter((r) => !written.has(r.mailbox)).map((r) => r.mailbox);
}

/**
 * Rooms whose pushes proved nothing changed (decideSync): only the watermark and the notification
 * time move on, each row compare-and-set on its generation like a sync. Returns the mailboxes
 * whose write was refused.
 */
export async function advanceWatermarks(
  trx: Knex.Transaction | Knex,
  rooms: readonly {
    mailbox: string;
    expected: bigint;
    lastWatermark?: string | undefined;
    lastNotificationAt?: Date | undefined;
  }[],
): Promise<string[]> {
  if (rooms.length === 0) return [];
  const res = await trx.raw<{ rows: { mailbox: string }[] }>(
    `update ${T} m set last_watermark = coalesce(v.last_watermark, m.last_watermark),
       last_notification_at = greatest(m.last_notification_at, v.last_notification_at),
       generation = m.generation + 1
     from unnest(?::text[], ?::text[], ?::timestamptz[], ?::bigint[]) as v(mailbox, last_watermark, last_notification_at, expected)
     where m.mailbox = v.mailbox and m.generation = v.expected
     returning m.mailbox`,
    [
      rooms.map((r) => r.mailbox),
      nullable(rooms.map((r) => r.lastWatermark ?? null)),
      nullable(rooms.map((r) => r.lastNotificationAt ?? null)),
      rooms.map((r) => String(r.expected)),
    ],
  );
  const written = new Set(res.rows.map((r) => r.mailbox));
  return rooms.filter((r) => !written.has(r.mailbox)).map((r) => r.mailbox);
}

/** pg sends NULL array elements correctly; knex's binding types just do not list such arrays. */
function nullable(values: (string | Date | null)[]): Knex.Value {
  return values as unknown as string[];
}
