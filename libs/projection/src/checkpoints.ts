// Consumer checkpoints kept beside the rows they cover (after emmett's storeProcessorCheckpoint):
// a compare-and-set on the offset the caller read, answered as a union, never moving backwards.
import type { Knex } from '@rooms-sync/db';

export interface CheckpointId {
  group: string;
  topic: string;
  partition: number;
}

export type StoreCheckpointResult =
  | { success: true; offset: bigint }
  /** The stored offset already equals the new one: this batch was applied before. */
  | { success: false; reason: 'IGNORED'; current: bigint }
  /** Someone else moved the checkpoint past the new offset. */
  | { success: false; reason: 'CURRENT_AHEAD'; current: bigint }
  /** The stored offset is not the one the caller read (another writer in between). */
  | { success: false; reason: 'MISMATCH'; current: bigint | null };

const TABLE = 'projector_checkpoints';

interface CheckpointRow {
  consumer_group: string;
  topic: string;
  partition: number;
  offset: string;
  updated_at: Date;
}

export async function readCheckpoint(db: Knex, id: CheckpointId): Promise<bigint | null> {
  const row = await db<CheckpointRow>(TABLE)
    .where({ consumer_group: id.group, topic: id.topic, partition: id.partition })
    .first('offset');
  return row === undefined ? null : BigInt(row.offset);
}

export async function readCheckpoints(db: Knex, group: string): Promise<Map<string, bigint>> {
  const rows = await db<CheckpointRow>(TABLE).where({ consumer_group: group }).select('topic', 'partition', 'offset');
  return new Map(rows.map((r) => [`${r.topic}:${r.partition}`, BigInt(r.offset)]));
}

/**
 * Stores `offset` if the stored value is still `expected` (null = no row yet). Runs inside the
 * caller's transaction, so the checkpoint commits or rolls back with the rows.
 */
export async function storeCheckpoint(
  trx: Knex | Knex.Transaction,
  id: CheckpointId,
  expected: bigint | null,
  offset: bigint,
): Promise<StoreCheckpointResult> {
  const key = { consumer_group: id.group, topic: id.topic, partition: id.partition };
  // Both statements lock the row they touch, so concurrent writers serialise and the check below
  // sees the winner's value.
  const updated: unknown[] =
    expected === null
      ? await trx(TABLE)
          .insert({ ...key, offset: offset.toString() })
          .onConflict(['consumer_group', 'topic', 'partition'])
          .ignore()
          .returning('offset')
      : await trx(TABLE)
          .where(key)
          .andWhere('offset', '=', expected.toString())
          .andWhere('offset', '<', offset.toString())
          .update({ offset: offset.toString(), updated_at: trx.fn.now() }, ['offset']);
  if (updated.length === 1) return { success: true, offset };
  const current = await readCheckpoint(trx, id);
  if (current === offset) return { success: false, reason: 'IGNORED', current };
  if (current !== null && current > offset) return { success: false, reason: 'CURRENT_AHEAD', current };
  return { success: false, reason: 'MISMATCH', current };
}
