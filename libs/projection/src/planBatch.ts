// Pure: the decoded events of one partition batch → one unit of work per room. Several
// notifications for a room collapse into one sync (the sync state says what changed); any
// event that asks for it makes that sync a full one.
import { EventTypes, ewsMessagesOf } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { DEFAULT_CONNECTION } from './roomRoute.ts';
import type { RoomRoute } from './roomRoute.ts';

export interface BatchEntry {
  offset: bigint;
  event: RoomsEvent;
}

export interface RoomWork {
  room: string;
  entries: BatchEntry[];
  /** Ask Exchange what changed. */
  sync: boolean;
  /** From scratch (ResyncRequested). A room without a stored sync state is synced fully anyway. */
  full: boolean;
  /** The API and connection the batch's events name for the room (the last one wins); else the stored one. */
  route?: RoomRoute | undefined;
  lastWatermark?: string | undefined;
  lastNotificationAt?: Date | undefined;
  /** Exchange's own event times, for the freshness of deletions. */
  changeTimes: Date[];
  subscriptions: { subscriptionId: string; mailbox: string }[];
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
      w = { room: key, entries: [], sync: false, full: false, changeTimes: [], subscriptions: [] };
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
        // Heartbeats too: a cheap SyncFolderItems that catches up whatever a lost push missed.
        // Graph's lifecycle notices (missed, subscriptionRemoved, reauthorizationRequired) too:
        // changes may have gone unnotified, and the delta round catches them up.
        w.sync = true;
        // An EWS push does not name its connection; only SubscriptionCreated and Graph say.
        if (d.source === 'graph') w.route = { source: 'graph', connection: d.connection ?? DEFAULT_CONNECTION };
        const at = new Date(d.receivedAt);
        if (!Number.isNaN(at.getTime()) && (w.lastNotificationAt === undefined || at > w.lastNotificationAt))
          w.lastNotificationAt = at;
        // Graph's notifications carry no watermark or change time; the sync fetches what changed.
        for (const m of ewsMessagesOf(d)) {
          if (m.responseClass === 'Error') continue;
          for (const e of m.events) {
            if (e.watermark !== undefined) w.lastWatermark = e.watermark;
            if (e.timestamp !== undefined && e.kind !== 'Status') w.changeTimes.push(new Date(e.timestamp));
          }
        }
        break;
      }
      case EventTypes.SubscriptionCreatedV1: {
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        w.sync = true;
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
        w.sync = true;
        // `changes`: catch up from the stored sync state (a subscription re-created, say).
        if (event.data.scope !== 'changes') w.full = true;
        break;
      }
      case EventTypes.SubscriptionRenewedV1:
      case EventTypes.SubscriptionHeartbeatMissedV1: {
        // Pushes may have been lost while the subscription was unhealthy: catch up.
        const w = work(event.data.mailbox);
        w.entries.push(entry);
        w.sync = true;
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
