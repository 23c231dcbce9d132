// Pure: the decoded events of one partition batch → one unit of work per room. Several
// notifications for a room collapse into at most one sync (the sync state says what changed);
// any event that asks for it makes that sync a full one. Whether EWS pushes call for a sync at
// all is decideSync's, once the room's stored watermark is known.
import { EventTypes, ewsMessagesOf } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { DEFAULT_CONNECTION } from './roomRoute.ts';
import type { RoomRoute } from './roomRoute.ts';

export interface BatchEntry {
  offset: bigint;
  event: RoomsEvent;
}

/** Why the projector asks Exchange about a room (the `reason` of its call metrics). */
export type SyncReason = 'change' | 'gap' | 'reconcile' | 'resync';

/** One EWS notification message of a push, as a link of the room's watermark chain. */
export interface EwsPush {
  previousWatermark: string | undefined;
  /** Its last event's watermark. */
  watermark: string | undefined;
  /** It carries an item event (anything but Status). */
  changes: boolean;
}

export interface RoomWork {
  room: string;
  entries: BatchEntry[];
  /** What the events other than EWS pushes ask for, the strongest reason first (SYNC_REASONS). */
  asks: SyncReason | undefined;
  /** The room's EWS pushes in offset order; decideSync reads the chain. */
  pushes: EwsPush[];
  /** From scratch (ResyncRequested). A room without a stored sync state is synced fully anyway. */
  full: boolean;
  /** The API and connection the batch's events name for the room (the last one wins); else the stored one. */
  route?: RoomRoute | undefined;
  /** The last watermark of the batch in offset order. */
  lastWatermark?: string | undefined;
  lastNotificationAt?: Date | undefined;
  /** Exchange's own event times, for the freshness of deletions. */
  changeTimes: Date[];
  subscriptions: { subscriptionId: string; mailbox: string }[];
}

/** Strongest first: the reason a sync is counted under when several apply. */
export const SYNC_REASONS: readonly SyncReason[] = ['resync', 'change', 'gap', 'reconcile'];

export function strongest(a: SyncReason | undefined, b: SyncReason | undefined): SyncReason | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  return SYNC_REASONS.indexOf(a) <= SYNC_REASONS.indexOf(b) ? a : b;
}

export interface BatchPlan {
  rooms: RoomWork[];
  /** Notifications whose mailbox is unknown (no SubscriptionCreated seen for the id). */
  unroutable: BatchEntry[];
}

/** Subscription ids of notifications that do not carry their mailbox. */
export function subscriptionsToResolve(entries: readonly BatchEntry[]): string[] {
  const out = new Set<string>();
  for (const { event } of entries) {
    if (
      event.type === EventTypes.NotificationReceivedV1 &&
      event.data.mailbox === undefined &&
      event.data.subscriptionId !== undefined
    ) {
      out.add(event.data.subscriptionId);
    }
  }
  return [...out];
}

export function planBatch(entries: readonly BatchEntry[], mailboxOf: ReadonlyMap<string, string>): BatchPlan {
  const rooms = new Map<string, RoomWork>();
  const unroutable: BatchEntry[] = [];
  const work = (room: string): RoomWork => {
    const key = room.toLowerCase();
    let w = rooms.get(key);
    if (!w) {
      w = { room: key, entries: [], asks: undefined, pushes: [], full: false, changeTimes: [], subscriptions: [] };
      rooms.set(key, w);
    }
    return w;
  };
  for (const entry of entries) {
    const { event } = entry;
    switch (event.type) {
      case EventTypes.NotificationReceivedV1: {
        const d = event.data;
        const room = d.mailbox ?? (d.subscriptionId === undefined ? undefined : mailboxOf.get(d.subscriptionId));
        if (room === undefined) {
          unroutable.push(entry);
          break;
        }
        const w = work(room);
        w.entries.push(entry);
        // An EWS push does not name its connection; only SubscriptionCreated and Graph say.
        if (d.source === 'graph') {
          w.route = { source: 'graph', connection: d.connection ?? DEFAULT_CONNECTION };
          // Graph's lifecycle notices (missed, subscriptionRemoved, reauthorizationRequired): changes
          // may have gone unnotified, and the delta round catches them up.
          w.asks = strongest(w.asks, d.changes.length > 0 ? 'change' : 'gap');
        }
        const at = new Date(d.receivedAt);
        if (!Number.isNaN(at.getTime()) && (w.lastNotificationAt === undefined || at > w.lastNotificationAt))
          w.lastNotificationAt = at;
        // Graph's notifications carry no watermark or change time; the sync fetches what changed.
        for (const m of ewsMessagesOf(d)) {
          if (m.responseClass === 'Error') {
            // Exchange could not read the events: whatever they were, we did not get them.
            w.asks = strongest(w.asks, 'gap');
            continue;
          }
          let watermark: string | undefined;
          for (const e of m.events) {
            if (e.watermark !== undefined) watermark = w.lastWatermark = e.watermark;
            if (e.timestamp !== undefined && e.kind !== 'Status') w.changeTimes.push(new Date(e.timestamp));
          }
          const changes = m.events.some((e) => e.kind !== 'Status');
          w.pushes.push({ previousWatermark: m.previousWatermark, watermark, changes });
        }
        break;
      }
      case EventTypes.SubscriptionCreatedV1: {
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        // A new subscription: pushes may have been lost while the room had none (a new room's
        // first sync is a full one anyway, for want of a sync state).
        w.asks = strongest(w.asks, 'gap');
        w.route = { source: event.data.source ?? 'ews', connection: event.data.connection ?? DEFAULT_CONNECTION };
        w.subscriptions.push({ subscriptionId: event.data.subscriptionId, mailbox: event.data.mailbox.toLowerCase() });
        break;
      }
      case EventTypes.SubscriptionSupersededV1: {
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        w.subscriptions.push({
          subscriptionId: event.data.newSubscriptionId,
          mailbox: event.data.mailbox.toLowerCase(),
        });
        break;
      }
      case EventTypes.ResyncRequestedV1: {
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        // `changes`: catch up from the stored sync state (the periodic reconcile, a subscription
        // re-created).
        if (event.data.scope === 'changes') w.asks = strongest(w.asks, 'reconcile');
        else {
          w.full = true;
          w.asks = 'resync';
        }
        break;
      }
      case EventTypes.SubscriptionRenewedV1: {
        // `checked`: the periodic read-back of a Graph subscription, the reconcile of its room.
        // Otherwise pushes may have been lost while the subscription was unhealthy: catch up.
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        w.asks = strongest(w.asks, event.data.reason === 'checked' ? 'reconcile' : 'gap');
        break;
      }
      case EventTypes.SubscriptionHeartbeatMissedV1: {
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        w.asks = strongest(w.asks, 'gap');
        break;
      }
      case EventTypes.SubscriptionFailedV1:
      case EventTypes.SubscriptionRemovedV1:
        work(event.data.mailbox).entries.push(entry);
        break;
    }
  }
  return { rooms: [...rooms.values()], unroutable };
}
