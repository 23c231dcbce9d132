// decide's counterpart for the rooms of Graph connections: one live Graph subscription per
// enabled room, renewed before Graph ends it, re-authorized when Graph asks, created again when
// Graph removed or lost it, and confirmed with Graph now and then (a subscription Graph dropped
// without a word sends nothing, so only asking finds it). Pure, like decide; Graph has no
// heartbeat, so none of decide's heartbeat rules apply here.
import { Map as ImmutableMap } from 'immutable';
import type { Room } from './decide.ts';
import { connectionOf } from './decide.ts';
import type { ManagerState, RoomState } from './ManagerState.ts';
import { nextCheckAt } from './nextCheckAt.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

export interface GraphDecideConfig {
  /** This deployment's name: it only ends subscriptions it created (or unmarked ones). */
  readonly owner: string;
  /** The connections whose rooms go through Graph. */
  readonly graphConnections: ReadonlySet<string>;
  /** Every configured connection (EWS and Graph): a room of any other is left alone. */
  readonly knownConnections: ReadonlySet<string>;
  /** Graph's change-notification URL; a subscription made for another is replaced. */
  readonly notificationUrl: string;
  /** Renew once less than this remains of a subscription's lifetime (× timeScale). */
  readonly renewBeforeMinutes: number;
  /** Each subscription is confirmed with Graph once per this period (× timeScale), rooms spread over it. */
  readonly reconcileIntervalMinutes: number;
  readonly timeScale: number;
  /** Planned replacements (callback or connection changed) per decision. */
  readonly maxPlannedPerTick: number;
}

/** `not-found`: Graph no longer had it when asked to renew, reauthorize or confirm it (executeGraphCommand). */
export type GraphCreateReason = 'new' | 'removed-at-graph' | 'callback-changed' | 'connection-changed' | 'not-found';

interface GraphTarget {
  readonly mailbox: string;
  /** The connection whose Graph is called. */
  readonly connection: string;
  /** Failed attempts so far, for the back-off of the next failure. */
  readonly attempts: number;
}

export type GraphCommand =
  | (GraphTarget & {
      readonly kind: 'graphCreate';
      readonly tenant: string | undefined;
      readonly reason: GraphCreateReason;
      /** The subscription this one replaces: Superseded once the new one exists. */
      readonly replaces: string | undefined;
      /** The replaced one may still live at Graph (of this connection): DELETE it too. */
      readonly deleteReplaced: boolean;
    })
  | (GraphTarget & {
      readonly kind: 'graphRenew' | 'graphReauthorize' | 'graphCheck';
      readonly subscriptionId: string;
    })
  | (GraphTarget & {
      readonly kind: 'graphDelete';
      readonly subscriptionId: string;
      readonly reason: string;
      /** Set for a duplicate of the current subscription: recorded as Superseded by it, not Removed. */
      readonly replacedBy: string | undefined;
    });

export function decideGraph(
  state: ManagerState,
  rooms: readonly Room[],
  now: number,
  config: GraphDecideConfig,
): GraphCommand[] {
  const commands: GraphCommand[] = [];
  const rows = new Map<string, Room>();
  for (const row of rooms) rows.set(normalizeMailbox(row.address), row);
  const graphIds = state.graphSubscriptions ?? ImmutableMap<string, string | undefined>();
  // Ended at Graph by the connection that created it, if that connection is still configured.
  const endable = (id: string) => graphIds.has(id) && config.graphConnections.has(connectionOf(graphIds.get(id)));

  for (const room of state.rooms.values()) {
    const row = rows.get(room.mailbox);
    if (row?.enabled === true || (row !== undefined && !config.knownConnections.has(connectionOf(row.connection)))) {
      continue;
    }
    const owner = room.current?.owner;
    if (owner !== undefined && owner !== config.owner) continue;
    if (waiting(room, now)) continue;
    const reason = row ? 'room-disabled' : 'room-removed';
    for (const id of [...room.orphans, ...(room.current ? [room.current.subscriptionId] : [])]) {
      if (!endable(id)) continue;
      commands.push(deleteCommand(room, id, connectionOf(graphIds.get(id)), reason, undefined));
    }
  }

  let planned = 0;
  for (const [mailbox, row] of rows) {
    const connection = connectionOf(row.connection);
    if (!row.enabled || !config.graphConnections.has(connection)) continue;
    const room = state.rooms.get(mailbox);
    if (room && waiting(room, now)) continue;
    const current = room?.current;
    const attempts = room?.failure?.attempts ?? 0;
    const create = (reason: GraphCreateReason, deleteReplaced: boolean): GraphCommand => ({
      kind: 'graphCreate',
      mailbox,
      connection,
      attempts,
      tenant: row.tenant ?? room?.tenant,
      reason,
      replaces: current?.subscriptionId,
      deleteReplaced,
    });
    if (!room || !current) {
      commands.push(create('new', false));
      continue;
    }
    for (const orphan of room.orphans) {
      if (!endable(orphan)) continue;
      commands.push(
        deleteCommand(room, orphan, connectionOf(graphIds.get(orphan)), 'duplicate', current.subscriptionId),
      );
    }
    const on = (kind: 'graphRenew' | 'graphReauthorize' | 'graphCheck'): GraphCommand => ({
      kind,
      mailbox,
      connection: connectionOf(current.connection),
      attempts,
      subscriptionId: current.subscriptionId,
    });
    if (current.source !== 'graph') {
      // The room moved here from an EWS connection; the EWS subscription ends with its Superseded.
      commands.push(create('connection-changed', false));
    } else if (current.removedAtGraph) {
      commands.push(create('removed-at-graph', false));
    } else if (connectionOf(current.connection) !== connection || current.callbackUrl !== config.notificationUrl) {
      if (planned < config.maxPlannedPerTick) {
        planned += 1;
        const moved = connectionOf(current.connection) !== connection;
        commands.push(create(moved ? 'connection-changed' : 'callback-changed', endable(current.subscriptionId)));
      }
    } else if (current.reauthorize) {
      commands.push(on('graphReauthorize'));
    } else if (
      current.expiresAt !== undefined &&
      current.expiresAt - now < minutes(config.renewBeforeMinutes, config)
    ) {
      commands.push(on('graphRenew'));
    } else if (now >= nextCheckAt(current.confirmedAt, mailbox, config)) {
      commands.push(on('graphCheck'));
    }
  }
  return commands;
}

function waiting(room: RoomState, now: number): boolean {
  return room.failure?.nextAttemptAt !== undefined && room.failure.nextAttemptAt > now;
}

function deleteCommand(
  room: RoomState,
  subscriptionId: string,
  connection: string,
  reason: string,
  replacedBy: string | undefined,
): GraphCommand {
  return {
    kind: 'graphDelete',
    mailbox: room.mailbox,
    connection,
    attempts: room.failure?.attempts ?? 0,
    subscriptionId,
    reason,
    replacedBy,
  };
}

function minutes(value: number, config: Pick<GraphDecideConfig, 'timeScale'>): number {
  return value * 60_000 * config.timeScale;
}
