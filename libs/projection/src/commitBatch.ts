// The one PostgreSQL transaction of a partition batch: every room's rows and sync state, the
// subscription ids seen, the dead letters of the batch, and the checkpoint — all or nothing.
import type { Knex } from '@rooms-sync/db';
import { applyRowOps } from './applyRowOps.ts';
import type { ApplyRowOpsResult } from './applyRowOps.ts';
import { storeCheckpoint } from './checkpoints.ts';
import type { CheckpointId } from './checkpoints.ts';
import { BatchAlreadyAppliedError, isDataError, ProjectionConflictError } from './errors.ts';
import { evolve } from './evolve.ts';
import { evolveGraph } from './evolveGraph.ts';
import type { RoomWork } from './planBatch.ts';
import type { RoomFetch } from './syncRoom.ts';
import { advanceWatermarks, recordSubscription, writeSyncStates } from './syncState.ts';

export interface RoomOutcome {
  work: RoomWork;
  /** Generation read before fetching (null: no row yet). */
  expected: bigint | null;
  /** The watermark to store (decideSync). */
  lastWatermark?: string | undefined;
  /** Present when the room was synced. */
  fetched?: RoomFetch | undefined;
  /** Not synced: its pushes proved nothing changed, so only the watermark moves on. */
  skipped?: boolean | undefined;
}

export interface CommitBatchOptions {
  db: Knex;
  checkpoint: CheckpointId;
  expectedOffset: bigint | null;
  lastOffset: bigint;
  rooms: readonly RoomOutcome[];
  /** Called with a room whose rows could not be written (a data error); its events go to the DLQ. */
  onRoomFailed: (work: RoomWork, error: unknown) => void;
  /** Sends the batch's dead letters; runs inside the transaction, before COMMIT. */
  flushDeadLetters: () => Promise<void>;
}

export interface CommitResult {
  /** Rooms whose rows and sync state were committed. */
  rooms: RoomWork[];
  changed: ApplyRowOpsResult['changed'];
  softDeleted: number;
  /** Rooms whose evolve deleted something (for the freshness of deletions). */
  roomsWithDeletes: Set<string>;
}

export async function commitBatch(o: CommitBatchOptions): Promise<CommitResult> {
  return o.db.transaction(async (trx) => {
    let result: CommitResult;
    try {
      // Fast path: every room in a few statements.
      result = await trx.transaction((sp) => applyRooms(sp, o.rooms));
    } catch (error) {
      if (!isDataError(error)) throw error;
      // A row some room cannot store must not block the others: one savepoint per room.
      result = { rooms: [], changed: [], softDeleted: 0, roomsWithDeletes: new Set() };
      for (const room of o.rooms) {
        try {
          const one = await trx.transaction((sp) => applyRooms(sp, [room]));
          result.rooms.push(...one.rooms);
          result.changed.push(...one.changed);
          result.softDeleted += one.softDeleted;
          for (const r of one.roomsWithDeletes) result.roomsWithDeletes.add(r);
        } catch (roomError) {
          if (!isDataError(roomError)) throw roomError;
          o.onRoomFailed(room.work, roomError);
        }
      }
    }
    await o.flushDeadLetters();
    const stored = await storeCheckpoint(trx, o.checkpoint, o.expectedOffset, o.lastOffset);
    if (!stored.success) {
      if (stored.reason === 'MISMATCH')
        throw new ProjectionConflictError(
          `checkpoint of ${o.checkpoint.topic}[${o.checkpoint.partition}] moved to ${stored.current ?? 'none'}`,
        );
      throw new BatchAlreadyAppliedError(
        `checkpoint of ${o.checkpoint.topic}[${o.checkpoint.partition}] is already at ${stored.current}`,
      );
    }
    return result;
  });
}

async function applyRooms(trx: Knex.Transaction, rooms: readonly RoomOutcome[]): Promise<CommitResult> {
  for (const { work } of rooms) {
    for (const s of work.subscriptions) await recordSubscription(trx, s.subscriptionId, s.mailbox);
  }
  const synced = rooms.flatMap((r) => (r.fetched ? [{ room: r, fetched: r.fetched }] : []));
  const ops = synced.flatMap(({ fetched: { snapshot } }) =>
    snapshot.source === 'graph' ? evolveGraph(snapshot) : evolve(snapshot),
  );
  const roomsWithDeletes = new Set(ops.flatMap((op) => (op.op === 'deleteOwner' ? [op.room] : [])));
  const result = await applyRowOps(trx, ops);
  const refused = await writeSyncStates(
    trx,
    synced.map(({ room, fetched }) => ({
      mailbox: room.work.room,
      expected: room.expected,
      syncState: fetched.syncState,
      source: fetched.source,
      connection: fetched.connection,
      full: fetched.snapshot.full,
      lastWatermark: room.lastWatermark,
      lastNotificationAt: room.work.lastNotificationAt,
    })),
  );
  refused.push(
    ...(await advanceWatermarks(
      trx,
      rooms.flatMap((r) =>
        r.skipped === true && r.expected !== null
          ? [
              {
                mailbox: r.work.room,
                expected: r.expected,
                lastWatermark: r.lastWatermark,
                lastNotificationAt: r.work.lastNotificationAt,
              },
            ]
          : [],
      ),
    )),
  );
  if (refused.length > 0)
    throw new ProjectionConflictError(`sync state of ${refused.join(', ')} moved meanwhile`, { mailbox: refused[0] });
  return {
    rooms: rooms.map((r) => r.work),
    changed: result.changed,
    softDeleted: result.softDeleted,
    roomsWithDeletes,
  };
}
