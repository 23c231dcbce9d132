// Pure: whether a room's work calls for asking Exchange, given the watermark stored with the
// room's sync state (docs/protocols.md §8, docs/architecture.md §7). Every EWS push names the
// watermark it follows (PreviousWatermark). When the room's pushes chain on from the watermark we
// stored and carry only StatusEvents, no push was lost and nothing changed since our last look:
// the heartbeat costs Exchange nothing, and only the watermark moves on. Anything else (an item
// event, a broken chain, an event that asks) syncs.
import { strongest } from './planBatch.ts';
import type { EwsPush, RoomWork, SyncReason } from './planBatch.ts';

export interface StoredRoom {
  /** The watermark stored with the room's sync state (null: none yet). */
  lastWatermark: string | null | undefined;
  /** A sync now would be a full one (no sync state, route changed, last full sync too old, ResyncRequested). */
  fullDue: boolean;
}

export type SyncDecision =
  | { sync: true; reason: SyncReason; lastWatermark: string | undefined }
  /** `skipped`: pushes came and proved nothing changed (as opposed to events that ask for nothing). */
  | { sync: false; skipped: boolean; lastWatermark: string | undefined };

export function decideSync(
  work: Pick<RoomWork, 'asks' | 'pushes' | 'lastWatermark'>,
  stored: StoredRoom,
): SyncDecision {
  const chain = followChain(work.pushes, stored.lastWatermark ?? undefined);
  const lastWatermark = chain.continuous ? chain.end : work.lastWatermark;
  const fromPushes: SyncReason | undefined =
    work.pushes.length === 0
      ? undefined
      : work.pushes.some((p) => p.changes)
        ? 'change'
        : chain.continuous
          ? undefined
          : 'gap';
  // A full sync is due (no sync state, the daily one): the next push brings it, chain or not.
  const reason = strongest(work.asks, fromPushes) ?? (stored.fullDue && work.pushes.length > 0 ? 'resync' : undefined);
  if (reason === undefined) return { sync: false, skipped: work.pushes.length > 0, lastWatermark };
  // The sync is a full one: counted as such whatever brought it about.
  return { sync: true, reason: stored.fullDue ? 'resync' : reason, lastWatermark };
}

/**
 * Links the pushes from `from`, each to the one whose PreviousWatermark is the watermark reached
 * so far; the first such push in offset order is taken, so reordered pushes still link up.
 * Continuous when every push is linked; `end` is where the chain stops.
 */
function followChain(
  pushes: readonly EwsPush[],
  from: string | undefined,
): { continuous: boolean; end: string | undefined } {
  const left = [...pushes];
  let at = from;
  for (;;) {
    const i = left.findIndex((p) => at !== undefined && p.previousWatermark === at && p.watermark !== undefined);
    if (i < 0) break;
    at = left[i]?.watermark;
    left.splice(i, 1);
  }
  return { continuous: left.length === 0 && at !== undefined, end: at };
}
