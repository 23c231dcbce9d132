// Which API and connection a room is read through (docs/architecture.md §9): what the batch's
// events say (SubscriptionCreated, a Graph notification), else what the projector stored with
// the room's sync state, else EWS through `default` (rooms from before connections existed).
// A room whose route changes (a mailbox migrated on-premises → online) is synced from scratch:
// the stored sync state belongs to the other API.

export const DEFAULT_CONNECTION = 'default';

export type RoomSource = 'ews' | 'graph';

export interface RoomRoute {
  source: RoomSource;
  connection: string;
}

export interface ResolvedRoute extends RoomRoute {
  /** The stored sync state was written through another route: do not resume from it. */
  changed: boolean;
}

export function resolveRoute(
  fromEvents: RoomRoute | undefined,
  stored: { source: RoomSource | null; connection: string | null } | undefined,
): ResolvedRoute {
  const before: RoomRoute | undefined = stored && {
    source: stored.source ?? 'ews',
    connection: stored.connection ?? DEFAULT_CONNECTION,
  };
  const route = fromEvents ?? before ?? { source: 'ews', connection: DEFAULT_CONNECTION };
  const changed = before !== undefined && (before.source !== route.source || before.connection !== route.connection);
  return { ...route, changed };
}
