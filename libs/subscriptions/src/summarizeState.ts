// The state as the chart's dashboards and alerts see it: how many rooms are in which
// condition, and how long each room's subscription has been silent.
import { heartbeatDeadline } from './decide.ts';
import type { DecideConfig, Room } from './decide.ts';
import type { ManagerState } from './ManagerState.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

/** live: pushes arrive in time (Graph: not expired); overdue: past the heartbeat deadline (Graph: expired); failing: no subscription, last attempt failed; pending: no subscription yet; orphaned: extra ids still to supersede. */
export const SUBSCRIPTION_STATES = ['live', 'overdue', 'failing', 'pending', 'orphaned'] as const;
export type SubscriptionStateLabel = (typeof SUBSCRIPTION_STATES)[number];

export interface StateSummary {
  readonly counts: Record<SubscriptionStateLabel, number>;
  /** Enabled rooms with a subscription → seconds since the last push or since it was created (Graph: confirmed). */
  readonly secondsSinceContact: ReadonlyMap<string, number>;
}

export function summarizeState(
  state: ManagerState,
  rooms: readonly Room[],
  now: number,
  config: Pick<DecideConfig, 'heartbeatGraceMs' | 'timeScale'>,
): StateSummary {
  const counts: Record<SubscriptionStateLabel, number> = { live: 0, overdue: 0, failing: 0, pending: 0, orphaned: 0 };
  const secondsSinceContact = new Map<string, number>();
  for (const row of rooms) {
    if (!row.enabled) continue;
    const mailbox = normalizeMailbox(row.address);
    const room = state.rooms.get(mailbox);
    counts.orphaned += room?.orphans.length ?? 0;
    if (!room?.current) {
      counts[room?.failure ? 'failing' : 'pending'] += 1;
      continue;
    }
    const { current } = room;
    if (current.source === 'graph') {
      // Graph has no heartbeat: live until the expiry Graph granted, contact = its last confirmation.
      counts[current.expiresAt !== undefined && now > current.expiresAt ? 'overdue' : 'live'] += 1;
      secondsSinceContact.set(mailbox, Math.max(0, (now - current.confirmedAt) / 1000));
      continue;
    }
    const deadline = heartbeatDeadline(room, config) ?? now;
    counts[now > deadline ? 'overdue' : 'live'] += 1;
    const since = Math.max(room.lastContactAt ?? 0, current.createdAt);
    secondsSinceContact.set(mailbox, Math.max(0, (now - since) / 1000));
  }
  return { counts, secondsSinceContact };
}
