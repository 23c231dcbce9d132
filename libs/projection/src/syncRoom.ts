// One room's read from Exchange, through the API and connection the room belongs to
// (roomRoute.ts): EWS (fetchRoomSnapshot) or Microsoft Graph (fetchGraphRoomSnapshot). A room of
// a connection this projector has no client for is not an Exchange failure: it is reported as
// such, so its events are dead-lettered with a reason an operator can act on.
import type { EwsError } from '@rooms-sync/ews-client';
import type { GraphFailure } from '@rooms-sync/graph-client';
import type { CalendarSource } from './CalendarSource.ts';
import type { ExchangeRetryOptions } from './callExchange.ts';
import type { RoomSnapshot } from './evolve.ts';
import type { GraphRoomSnapshot } from './evolveGraph.ts';
import { fetchGraphRoomSnapshot } from './fetchGraphRoomSnapshot.ts';
import { fetchRoomSnapshot } from './fetchRoomSnapshot.ts';
import type { GraphCalendarSource } from './GraphCalendarSource.ts';
import type { RoomWork } from './planBatch.ts';
import { resolveRoute } from './roomRoute.ts';
import type { RoomSource } from './roomRoute.ts';
import type { MailboxSyncState } from './syncState.ts';

/** The clients of each configured connection; undefined = not configured (or not of that kind). */
export interface ProjectorSources {
  ews(connection: string): CalendarSource | undefined;
  graph(connection: string): GraphCalendarSource | undefined;
}

export interface RoomFetch {
  source: RoomSource;
  connection: string;
  snapshot: RoomSnapshot | GraphRoomSnapshot;
  /** EWS sync state or Graph delta link to resume from next time. */
  syncState: string;
}

export type SyncRoomResult =
  | { ok: true; fetched: RoomFetch }
  | {
      ok: false;
      reason: 'unconfigured_connection' | 'exchange_error';
      details: string;
      error?: EwsError | GraphFailure;
    };

export interface SyncRoomOptions {
  sources: ProjectorSources;
  work: RoomWork;
  state: MailboxSyncState | undefined;
  /** The last full sync is too old (or the batch asks for one): start from scratch. */
  full: boolean;
  window: { start: Date; end: Date };
  retry: ExchangeRetryOptions;
  /** Each Exchange request's outcome (`ok` or the error kind), for the metrics. */
  onCall?: ((source: RoomSource, operation: string, outcome: string) => void) | undefined;
}

export async function syncRoom(o: SyncRoomOptions): Promise<SyncRoomResult> {
  const route = resolveRoute(o.work.route, o.state);
  const full = o.full || route.changed;
  const syncState = route.changed ? null : (o.state?.syncState ?? null);
  const { source, connection } = route;
  const unconfigured = (): SyncRoomResult => ({
    ok: false,
    reason: 'unconfigured_connection',
    details: `the room belongs to the ${source} connection "${connection}", which this projector is not configured for (ExchangeConnections)`,
  });
  const failed = (error: EwsError | GraphFailure): SyncRoomResult => ({
    ok: false,
    reason: 'exchange_error',
    details: `${error.operation} ${error.code} (${error.kind}): ${error.message}`,
    error,
  });

  if (source === 'graph') {
    const graph = o.sources.graph(connection);
    if (!graph) return unconfigured();
    const got = await fetchGraphRoomSnapshot({
      source: graph,
      room: o.work.room,
      deltaLink: syncState,
      full,
      rebaseline: route.changed,
      window: o.window,
      retry: o.retry,
      onCall: (outcome) => o.onCall?.('graph', 'CalendarDelta', outcome),
    });
    return got.ok
      ? { ok: true, fetched: { source, connection, snapshot: got.snapshot, syncState: got.syncState } }
      : failed(got.error);
  }
  const ews = o.sources.ews(connection);
  if (!ews) return unconfigured();
  const got = await fetchRoomSnapshot({
    source: ews,
    room: o.work.room,
    syncState,
    full,
    window: o.window,
    retry: o.retry,
    onCall: (operation, outcome) => o.onCall?.('ews', operation, outcome),
  });
  return got.ok
    ? { ok: true, fetched: { source, connection, snapshot: got.snapshot, syncState: got.syncState } }
    : failed(got.error);
}
