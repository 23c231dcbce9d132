// `projector rebuild`: a full resync of one room from Exchange, written as fresh rows (Exchange
// wins over whatever is stored, stale guards included) and swapped in with one transaction, so
// a reader sees the old rows or the new ones, never a gap. The live projector keeps running:
// the sync-state generation makes whichever of the two writes second re-read and re-apply.
import type { Knex } from '@rooms-sync/db';
import { applyRowOps } from './applyRowOps.ts';
import type { EwsError } from '@rooms-sync/ews-client';
import type { CalendarSource } from './CalendarSource.ts';
import type { ExchangeRetryOptions } from './callExchange.ts';
import { ProjectionConflictError } from './errors.ts';
import { evolve } from './evolve.ts';
import { fetchRoomSnapshot } from './fetchRoomSnapshot.ts';
import { DEFAULT_CONNECTION } from './roomRoute.ts';
import { readSyncStates, writeSyncState } from './syncState.ts';

export class RebuildFailedError extends Error {
  override readonly name = 'RebuildFailedError';
  readonly retriable: boolean;
  readonly mailbox: string;
  readonly ewsError: EwsError | undefined;
  constructor(message: string, context: { mailbox: string; ewsError?: EwsError; cause?: unknown }) {
    super(message, { cause: context.cause });
    this.mailbox = context.mailbox;
    this.ewsError = context.ewsError;
    this.retriable = context.ewsError === undefined || ['throttled', 'transient'].includes(context.ewsError.kind);
  }
}

export interface RebuildRoomOptions {
  db: Knex;
  source: CalendarSource;
  room: string;
  horizonDays: number;
  pastDays?: number;
  now?: () => Date;
  retry?: ExchangeRetryOptions<EwsError>;
}

export interface RebuildResult {
  room: string;
  rows: number;
  written: number;
  softDeleted: number;
}

const DAY = 86_400_000;

export async function rebuildRoom(o: RebuildRoomOptions): Promise<RebuildResult> {
  const room = o.room.toLowerCase();
  for (let attempt = 0; attempt < 5; attempt++) {
    const expected = (await readSyncStates(o.db, [room])).get(room)?.generation ?? null;
    const at = (o.now?.() ?? new Date()).getTime();
    const window = { start: new Date(at - (o.pastDays ?? 1) * DAY), end: new Date(at + o.horizonDays * DAY) };
    const fetched = await fetchRoomSnapshot({
      source: o.source,
      room,
      syncState: null,
      full: true,
      window,
      retry: o.retry ?? { retries: 6, initialMs: 500, maxMs: 30_000 },
    });
    if (!fetched.ok)
      throw new RebuildFailedError(
        `Exchange refused the rebuild of ${room}: ${fetched.error.code} ${fetched.error.message}`,
        { mailbox: room, ewsError: fetched.error },
      );
    const ops = evolve(fetched.snapshot);
    try {
      return await o.db.transaction(async (trx) => {
        const result = await applyRowOps(trx, ops, 'rebuild');
        const written = await writeSyncState(trx, {
          mailbox: room,
          expected,
          syncState: fetched.syncState,
          full: true,
          // The rebuild reads through the `Ews*` keys: the next Graph event of a Graph room sees
          // the route change and starts a full round instead of taking this state for a delta link.
          route: { source: 'ews', connection: DEFAULT_CONNECTION },
        });
        if (!written.ok)
          throw new ProjectionConflictError(`sync state of ${room} moved during the rebuild`, { mailbox: room });
        return {
          room,
          rows: ops.filter((op) => op.op === 'upsert').length,
          written: result.changed.length,
          softDeleted: result.softDeleted,
        };
      });
    } catch (error) {
      if (!(error instanceof ProjectionConflictError)) throw error;
    }
  }
  throw new RebuildFailedError(`the sync state of ${room} kept moving; is another rebuild running?`, { mailbox: room });
}
