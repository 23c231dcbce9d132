// Applies row operations inside the caller's transaction. Upserts are guarded so a stale copy of
// an item never overwrites a newer one; deletes are soft (deleted_at) so ROOMS sees what went away.
import type { Knex } from '@rooms-sync/db';
import type { ReservationRow, RowOp } from './rowOps.ts';

export interface ApplyRowOpsResult {
  /** Rows inserted or updated (the guard let them through), with their Exchange change time. */
  changed: { room_mailbox: string; reservation_key: string; last_modified: Date | null }[];
  softDeleted: number;
}

const T = 'reservations';
// 500 rows × 21 columns stays far below PostgreSQL's 65 535 bind parameters.
const CHUNK = 500;
/** The columns a row op writes besides its key (room, reservation key); the bench's baseline writes the same. */
export const DATA_COLUMNS = [
  'item_id',
  'owner_id',
  'series_id',
  'occurrence_start',
  'appointment_type',
  'ical_uid',
  'subject',
  'sensitivity',
  'organizer_name',
  'organizer_email',
  'start_utc',
  'end_utc',
  'time_zone',
  'is_all_day',
  'location',
  'attendees_count',
  'status',
  'change_key',
  'last_modified',
] as const;

// Newer last-modified wins; with equal (or unknown) times a different change key wins, and a
// soft-deleted row comes back only with data at least as new as what it last held.
const GUARD = `
  excluded.last_modified is null or ${T}.last_modified is null
  or excluded.last_modified > ${T}.last_modified
  or (excluded.last_modified = ${T}.last_modified
      and (excluded.change_key is distinct from ${T}.change_key or ${T}.deleted_at is not null))`;

// A rebuild trusts Exchange over whatever is stored, but still leaves identical rows alone so
// their version (what ROOMS watches) does not move.
const CONTENT_DIFFERS = `(${DATA_COLUMNS.map((c) => `${T}.${c}`).join(', ')}, ${T}.deleted_at) is distinct from (${DATA_COLUMNS.map((c) => `excluded.${c}`).join(', ')}, null)`;

export type UpsertMode = 'guarded' | 'rebuild';

async function upsertRows(
  trx: Knex.Transaction | Knex,
  rows: readonly ReservationRow[],
  mode: UpsertMode = 'guarded',
): Promise<ApplyRowOpsResult['changed']> {
  const changed: ApplyRowOpsResult['changed'] = [];
  const merge: Record<string, Knex.Raw> = {};
  for (const c of DATA_COLUMNS) merge[c] = trx.raw('excluded.??', [c]);
  merge.deleted_at = trx.raw('null');
  merge.version = trx.raw(`${T}.version + 1`);
  merge.updated_at = trx.raw('now()');
  for (let i = 0; i < rows.length; i += CHUNK) {
    const query = trx<ReservationRow & { version: string }>(T)
      .insert(rows.slice(i, i + CHUNK))
      .onConflict(['room_mailbox', 'reservation_key'])
      .merge(merge);
    const out = await query
      .whereRaw(mode === 'guarded' ? GUARD : CONTENT_DIFFERS)
      .returning(['room_mailbox', 'reservation_key', 'last_modified']);
    changed.push(...out);
  }
  return changed;
}

const softDelete = (trx: Knex.Transaction | Knex) => ({
  deleted_at: trx.fn.now(),
  updated_at: trx.fn.now(),
  version: trx.raw('version + 1'),
});

// The common ops of many rooms become one statement each (a batch touches hundreds of items):
// "this single item owns only its own row" and "this item was deleted" go through unnest().
export async function applyRowOps(
  trx: Knex.Transaction | Knex,
  ops: readonly RowOp[],
  mode: UpsertMode = 'guarded',
): Promise<ApplyRowOpsResult> {
  let softDeleted = 0;
  const singles: { room: string; owner: string }[] = [];
  const deleted: { room: string; owner: string }[] = [];
  for (const op of ops) {
    if (op.op === 'deleteOwner') {
      deleted.push({ room: op.room, owner: op.owner });
    } else if (
      op.op === 'retainKeys' &&
      op.endsAfter === undefined &&
      op.keys.length === 1 &&
      op.keys[0] === op.owner
    ) {
      singles.push({ room: op.room, owner: op.owner });
    } else if (op.op === 'retainKeys') {
      const q = trx(T).where({ room_mailbox: op.room, owner_id: op.owner }).whereNull('deleted_at');
      if (op.keys.length > 0) q.whereNotIn('reservation_key', op.keys);
      if (op.endsAfter) q.where('end_utc', '>', op.endsAfter);
      softDeleted += await q.update(softDelete(trx));
    } else if (op.op === 'retainOwners') {
      const q = trx(T).where({ room_mailbox: op.room }).whereNull('deleted_at');
      if (op.owners.length > 0) q.whereNotIn('owner_id', op.owners);
      softDeleted += await q.update(softDelete(trx));
    } else if (op.op === 'deleteItems' && op.ids.length > 0) {
      softDeleted += await trx(T)
        .where({ room_mailbox: op.room })
        .whereNull('deleted_at')
        .whereIn('item_id', op.ids)
        .update(softDelete(trx));
    } else if (op.op === 'retainWindow') {
      const q = trx(T).where({ room_mailbox: op.room }).whereNull('deleted_at').where('start_utc', '>=', op.start);
      if (op.end) q.where('start_utc', '<', op.end);
      if (op.keys.length > 0) q.whereNotIn('reservation_key', op.keys);
      softDeleted += await q.update(softDelete(trx));
    }
  }
  softDeleted += await softDeleteOwners(trx, deleted, false);
  // A single that used to be a recurring master: its old occurrence rows go.
  softDeleted += await softDeleteOwners(trx, singles, true);
  const changed = await upsertRows(
    trx,
    ops.flatMap((o) => (o.op === 'upsert' ? [o.row] : [])),
    mode,
  );
  return { changed, softDeleted };
}

async function softDeleteOwners(
  trx: Knex.Transaction | Knex,
  owners: readonly { room: string; owner: string }[],
  exceptOwnRow: boolean,
): Promise<number> {
  if (owners.length === 0) return 0;
  const result = await trx.raw<{ rowCount: number }>(
    `update ${T} set deleted_at = now(), updated_at = now(), version = version + 1
     from unnest(?::text[], ?::text[]) as o(room, owner)
     where ${T}.room_mailbox = o.room and ${T}.owner_id = o.owner and ${T}.deleted_at is null
       ${exceptOwnRow ? `and ${T}.reservation_key <> o.owner` : ''}`,
    [owners.map((o) => o.room), owners.map((o) => o.owner)],
  );
  return result.rowCount;
}
