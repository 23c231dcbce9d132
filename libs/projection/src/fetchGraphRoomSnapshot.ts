// The impure half of the Graph projection: one calendarView delta round of a room, from the
// stored delta link (what changed since) or, when there is none or a full round is due, over a
// new window (everything in it). Pages are followed to the round's delta link, which becomes the
// room's sync state. Graph forgetting the link (410 syncStateNotFound) starts a full round.
import type { DeltaFrom, GraphEvent, GraphFailure } from '@rooms-sync/graph-client';
import { callExchange } from './callExchange.ts';
import type { ExchangeRetryOptions } from './callExchange.ts';
import type { GraphCalendarSource } from './GraphCalendarSource.ts';
import type { GraphRoomSnapshot } from './evolveGraph.ts';

export interface FetchGraphRoomOptions {
  source: GraphCalendarSource;
  room: string;
  /** The stored delta link; null or `full: true` = a full round over `window`. */
  deltaLink: string | null;
  full: boolean;
  /** The room comes from another API or connection: a full round replaces its rows past the window too. */
  rebaseline?: boolean | undefined;
  window: { start: Date; end: Date };
  retry: ExchangeRetryOptions<GraphFailure>;
  /** Told the outcome of every request (`ok` or the error kind), retries included. */
  onCall?: ((outcome: string) => void) | undefined;
}

export type FetchGraphRoomResult =
  { ok: true; snapshot: GraphRoomSnapshot; syncState: string } | { ok: false; error: GraphFailure };

/** A link Graph forgets while we page (tokens expiring mid-round) restarts the round; not forever. */
const MAX_RESTARTS = 3;

export async function fetchGraphRoomSnapshot(o: FetchGraphRoomOptions): Promise<FetchGraphRoomResult> {
  const window = { start: o.window.start.toISOString(), end: o.window.end.toISOString() };
  let full = o.full || o.deltaLink === null;
  let from: DeltaFrom = full || o.deltaLink === null ? { window } : { link: o.deltaLink };
  // The last word per id wins: an event changed then removed within one round is removed.
  let latest = new Map<string, GraphEvent | null>();
  for (let restarts = 0; ;) {
    const at = from;
    const page = await callExchange(async () => {
      const result = await o.source.calendarDelta(o.room, at);
      o.onCall?.(result.ok ? 'ok' : result.error.kind);
      return result;
    }, o.retry);
    if (!page.ok) {
      if (page.error.kind !== 'invalid_sync_state' || restarts >= MAX_RESTARTS) return page;
      restarts += 1;
      full = true;
      from = { window };
      latest = new Map();
      continue;
    }
    for (const e of page.value.events) latest.set(e.id, e);
    for (const id of page.value.removedIds) latest.set(id, null);
    if (page.value.deltaLink !== undefined) {
      const events = [...latest.values()].filter((e): e is GraphEvent => e !== null);
      const removedIds = [...latest].filter(([, e]) => e === null).map(([id]) => id);
      return {
        ok: true,
        snapshot: {
          source: 'graph',
          room: o.room,
          full,
          rebaseline: o.rebaseline === true,
          events,
          removedIds,
          window: o.window,
        },
        syncState: page.value.deltaLink,
      };
    }
    if (page.value.nextLink === undefined) {
      return {
        ok: false,
        error: {
          operation: 'CalendarDelta',
          mailbox: o.room,
          code: 'NoDeltaLink',
          message: 'a calendarView/delta page had neither @odata.nextLink nor @odata.deltaLink',
          // Graph broke its protocol: nothing to retry now; the room's events wait in the DLQ.
          kind: 'permanent',
        },
      };
    }
    from = { link: page.value.nextLink };
  }
}
