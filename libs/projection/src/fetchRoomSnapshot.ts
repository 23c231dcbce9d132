// The impure half of the projection: ask Exchange what changed in a room since its stored sync
// state (SyncFolderItems pages), read the changed items (GetItem) and, for recurring masters,
// their occurrences in the horizon (CalendarView). Notifications only trigger this; the sync
// state decides what changed, so lost, duplicated or reordered notifications converge.
import type { CalendarItem, EwsError, EwsResult } from '@rooms-sync/ews-client';
import type { CalendarSource } from './CalendarSource.ts';
import { callExchange } from './callExchange.ts';
import type { ExchangeRetryOptions } from './callExchange.ts';
import type { RoomSnapshot } from './evolve.ts';

export interface FetchRoomOptions {
  source: CalendarSource;
  room: string;
  /** Stored sync state; null or `full: true` = sync the whole calendar from scratch. */
  syncState: string | null;
  full: boolean;
  window: { start: Date; end: Date };
  retry: ExchangeRetryOptions<EwsError>;
  maxChangesPerPage?: number;
  getItemBatchSize?: number;
  /** Told the outcome of every request (`ok` or the error kind), retries included. */
  onCall?: ((operation: EwsOperation, outcome: string) => void) | undefined;
}

export type EwsOperation = 'SyncFolderItems' | 'GetItem' | 'FindItem';

export type FetchRoomResult =
  { ok: true; snapshot: RoomSnapshot; syncState: string; changes: number } | { ok: false; error: EwsError };

export async function fetchRoomSnapshot(o: FetchRoomOptions): Promise<FetchRoomResult> {
  const counted =
    <T>(operation: EwsOperation, call: () => Promise<EwsResult<T>>) =>
    async (): Promise<EwsResult<T>> => {
      const result = await call();
      o.onCall?.(operation, result.ok ? 'ok' : result.error.kind);
      return result;
    };
  let full = o.full || o.syncState === null;
  let state: string | undefined = full ? undefined : (o.syncState ?? undefined);
  // Last change per item wins: a create then delete inside one sync window is a delete.
  let latest = new Map<string, 'upsert' | 'delete'>();
  let changes = 0;
  for (;;) {
    const from = state;
    const page = await callExchange(
      counted('SyncFolderItems', () => o.source.syncCalendar(o.room, from, o.maxChangesPerPage ?? 200)),
      o.retry,
    );
    if (!page.ok) {
      if (page.error.kind === 'invalid_sync_state' && !full) {
        // Exchange no longer knows our state: start over with a full sync of the room.
        full = true;
        state = undefined;
        latest = new Map();
        continue;
      }
      return page;
    }
    for (const c of page.value.changes) latest.set(c.itemId, c.type === 'delete' ? 'delete' : 'upsert');
    changes += page.value.changes.length;
    state = page.value.syncState;
    if (page.value.includesLastItem) break;
  }

  const deletedIds = [...latest].filter(([, t]) => t === 'delete').map(([id]) => id);
  const wanted = [...latest].filter(([, t]) => t === 'upsert').map(([id]) => id);
  const items: CalendarItem[] = [];
  const size = o.getItemBatchSize ?? 100;
  for (let i = 0; i < wanted.length; i += size) {
    const chunk = wanted.slice(i, i + size);
    const got = await callExchange(
      counted('GetItem', () => o.source.getCalendarItems(o.room, chunk)),
      o.retry,
    );
    if (!got.ok) return got;
    items.push(...got.value.items);
    // Gone between SyncFolderItems and GetItem: the next sync reports the delete too, but
    // applying it now keeps reads from showing a meeting Exchange no longer has.
    deletedIds.push(...got.value.missing);
  }

  let occurrences: CalendarItem[] = [];
  if (items.some((i) => i.appointmentType === 'RecurringMaster')) {
    const view = await callExchange(
      counted('FindItem', () => o.source.findCalendarView(o.room, o.window.start, o.window.end)),
      o.retry,
    );
    if (!view.ok) return view;
    occurrences = view.value.filter((i) => i.appointmentType === 'Occurrence' || i.appointmentType === 'Exception');
  }
  return {
    ok: true,
    snapshot: { room: o.room, full, deletedIds, items, occurrences, window: o.window },
    syncState: state,
    changes,
  };
}
