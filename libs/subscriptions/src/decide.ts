// The heart of the manager: given what it knows, the rooms that should be subscribed, the
// time and the settings, what to do next. Pure, so every rule is a unit test. Commands come
// in the order they must run; replacing a subscription is always "subscribe the new one, then
// supersede the old one", so no room is ever left without one.
import { DEFAULT_CONNECTION } from '@rooms-sync/config';
import type { CallbackRule } from '@rooms-sync/events';
import type { ManagerState, RoomState } from './ManagerState.ts';
import { nextCheckAt } from './nextCheckAt.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

export interface Room {
  readonly address: string;
  readonly tenant: string | undefined;
  readonly enabled: boolean;
  /** The connection the room is reached through; undefined = `default`. */
  readonly connection?: string | undefined;
}

/** The connection a room row or a subscription names (undefined = `default`). */
export function connectionOf(connection: string | undefined): string {
  return connection ?? DEFAULT_CONNECTION;
}

export interface DecideConfig {
  /** This deployment's name: it only ends subscriptions it created (or unmarked ones), never another deployment's. */
  readonly owner: string;
  readonly callbackUrl: string;
  readonly callbackRule: CallbackRule;
  readonly statusFrequencyMinutes: number;
  /** Slack on top of 2 × StatusFrequency before a subscription counts as dead. */
  readonly heartbeatGraceMs: number;
  /** Multiplies protocol durations (1 in production; the simulator's factor in tests). */
  readonly timeScale: number;
  /** Planned replacement so the current subscription's SubscriptionCreated never ages out of the topic. */
  readonly maxSubscriptionAgeMs: number;
  /** Planned replacements (URL change, rotation) per decision, so a config change does not storm EWS. */
  readonly maxPlannedPerTick: number;
  /**
   * Each EWS room is reconciled once per this period (× timeScale), in its own slot: a
   * ResyncRequested of scope `changes` has the projector catch it up, since continuous
   * heartbeats alone no longer make it ask Exchange (docs/architecture.md §6, §7).
   */
  readonly reconcileRoomsIntervalMinutes: number;
  /**
   * The connections whose rooms go through EWS; undefined = every room. Rooms of other
   * connections (Graph, or not configured) and Graph subscriptions are left to others.
   */
  readonly ewsConnections?: ReadonlySet<string> | undefined;
}

export type SubscribeReason =
  | 'new'
  | 'heartbeat-missed'
  | 'error-push'
  | 'callback-changed'
  | 'status-frequency-changed'
  | 'connection-changed'
  | 'rotation';

export type Command =
  | {
      readonly kind: 'reportHeartbeatMissed';
      readonly mailbox: string;
      readonly subscriptionId: string;
      readonly lastContactAt: number | undefined;
      readonly deadline: number;
      /** Recorded on the event (`lastWatermark`) so a manager that never reads the old pushes can still resume from it. */
      readonly lastWatermark?: string | undefined;
    }
  | {
      readonly kind: 'subscribe';
      readonly mailbox: string;
      readonly tenant: string | undefined;
      readonly reason: SubscribeReason;
      /** The room's connection, when not `default`: whose EWS to call, recorded on SubscriptionCreated. */
      readonly connection?: string;
      /** Resume point; absent = a fresh subscription. */
      readonly watermark: string | undefined;
      /** The subscription this one replaces: Superseded once the new one exists. */
      readonly replaces: string | undefined;
      /** Why the projector must resync the room (events may be lost), if it must. */
      readonly resync: string | undefined;
      /** Failed attempts so far, for the back-off of the next failure. */
      readonly attempts: number;
    }
  | {
      readonly kind: 'supersede';
      readonly mailbox: string;
      readonly oldSubscriptionId: string;
      readonly newSubscriptionId: string;
      readonly reason: string;
    }
  | { readonly kind: 'remove'; readonly mailbox: string; readonly subscriptionId: string; readonly reason: string }
  /** The periodic catch-up of a healthy room: ResyncRequested{scope: 'changes', reason: 'reconcile'}. */
  | { readonly kind: 'reconcile'; readonly mailbox: string };

/** ResyncRequested reason when the resume point is not known (see watermarkUnknown). */
export const WATERMARK_UNKNOWN = 'WatermarkUnknown';

/**
 * The manager folded only the notifications since `notificationsSince` (its lookback window),
 * and nothing since then vouches for this room's watermark: no push of the current subscription
 * carrying one, no SubscriptionCreated, no HeartbeatMissed that recorded it. The pushes that
 * moved it last may be older than the window, so it may be far behind (a long replay, or refused
 * as expired): the next subscription starts fresh and the projector resyncs the room instead.
 */
export function watermarkUnknown(room: RoomState, notificationsSince: number | undefined): boolean {
  if (notificationsSince === undefined || room.watermark === undefined) return false;
  return (room.watermarkAt ?? Number.NEGATIVE_INFINITY) < notificationsSince;
}

export function heartbeatDeadline(
  room: RoomState,
  config: Pick<DecideConfig, 'heartbeatGraceMs' | 'timeScale'>,
): number | undefined {
  const current = room.current;
  if (!current) return undefined;
  const since = Math.max(room.lastContactAt ?? 0, current.createdAt);
  return since + 2 * current.statusFrequencyMinutes * 60_000 * config.timeScale + config.heartbeatGraceMs;
}

export function decide(state: ManagerState, rooms: readonly Room[], now: number, config: DecideConfig): Command[] {
  const commands: Command[] = [];
  const wanted = new Map<string, Room>();
  const elsewhere = new Set<string>();
  for (const room of rooms) {
    const ews = config.ewsConnections?.has(connectionOf(room.connection)) ?? true;
    if (ews) wanted.set(normalizeMailbox(room.address), room);
    else elsewhere.add(normalizeMailbox(room.address));
  }
  const isGraph = (id: string) => state.graphSubscriptions?.has(id) === true;

  for (const room of state.rooms.values()) {
    const row = wanted.get(room.mailbox);
    if (row?.enabled === true || elsewhere.has(room.mailbox)) continue;
    const owner = room.current?.owner;
    if (owner !== undefined && owner !== config.owner) continue;
    const reason = row ? 'room-disabled' : 'room-removed';
    for (const id of [...room.orphans, ...(room.current ? [room.current.subscriptionId] : [])]) {
      if (!isGraph(id)) commands.push({ kind: 'remove', mailbox: room.mailbox, subscriptionId: id, reason });
    }
  }

  let planned = 0;
  const reconciles: { mailbox: string; dueAt: number }[] = [];
  for (const [mailbox, row] of wanted) {
    if (!row.enabled) continue;
    const room = state.rooms.get(mailbox);
    const current = room?.current;
    if (room && current) {
      for (const orphan of room.orphans) {
        if (isGraph(orphan)) continue;
        commands.push({
          kind: 'supersede',
          mailbox,
          oldSubscriptionId: orphan,
          newSubscriptionId: current.subscriptionId,
          reason: 'duplicate',
        });
      }
    }
    const unknown = room !== undefined && watermarkUnknown(room, state.notificationsSince);
    const waiting = room?.failure?.nextAttemptAt !== undefined && room.failure.nextAttemptAt > now;
    const subscribe = (reason: SubscribeReason, resync?: string): Command => ({
      kind: 'subscribe',
      mailbox,
      tenant: row.tenant ?? room?.tenant,
      reason,
      ...(connectionOf(row.connection) === DEFAULT_CONNECTION ? {} : { connection: connectionOf(row.connection) }),
      watermark: resync !== undefined || room?.resyncNeeded === true || unknown ? undefined : room?.watermark,
      replaces: current?.subscriptionId,
      resync:
        resync ?? (room?.resyncNeeded === true ? 'ErrorInvalidWatermark' : unknown ? WATERMARK_UNKNOWN : undefined),
      attempts: room?.failure?.attempts ?? 0,
    });

    if (!room || !current) {
      if (!waiting) commands.push(subscribe('new'));
      continue;
    }
    if (current.source !== 'ews') {
      // The room moved from a Graph connection: Graph subscriptions have no heartbeat to judge.
      if (!waiting) commands.push(subscribe('connection-changed'));
      continue;
    }
    if (room.errorPush?.subscriptionId === current.subscriptionId) {
      // Exchange says it cannot read the events: resuming from the watermark would not get
      // them either, so start fresh and have the projector resync.
      if (!waiting) commands.push(subscribe('error-push', room.errorPush.code));
      continue;
    }
    const deadline = heartbeatDeadline(room, config) ?? now;
    if (now > deadline) {
      if (room.heartbeatMissedFor !== current.subscriptionId) {
        const lastWatermark = unknown ? undefined : room.watermark;
        commands.push({
          kind: 'reportHeartbeatMissed',
          mailbox,
          subscriptionId: current.subscriptionId,
          lastContactAt: room.lastContactAt,
          deadline,
          lastWatermark,
        });
      }
      if (!waiting) commands.push(subscribe('heartbeat-missed'));
      continue;
    }
    const plannedReason = plannedReplacement(current, row, now, config);
    if (plannedReason !== undefined && !waiting && planned < config.maxPlannedPerTick) {
      planned += 1;
      commands.push(subscribe(plannedReason));
      continue;
    }
    // Counted from the room's last catch-up: its last ResyncRequested, or the sync its
    // SubscriptionCreated brought.
    const dueAt = nextCheckAt(Math.max(room.reconciledAt ?? 0, current.createdAt), mailbox, {
      reconcileIntervalMinutes: config.reconcileRoomsIntervalMinutes,
      timeScale: config.timeScale,
    });
    if (now >= dueAt) reconciles.push({ mailbox, dueAt });
  }
  // The most overdue first, and no more per decision than planned replacements: rooms that all
  // fell due together (the first run, a long outage) spread over the next passes.
  reconciles.sort((a, b) => a.dueAt - b.dueAt);
  for (const { mailbox } of reconciles.slice(0, config.maxPlannedPerTick))
    commands.push({ kind: 'reconcile', mailbox });
  return commands;
}

function plannedReplacement(
  current: NonNullable<RoomState['current']>,
  row: Room,
  now: number,
  config: DecideConfig,
): SubscribeReason | undefined {
  if (connectionOf(current.connection) !== connectionOf(row.connection)) return 'connection-changed';
  if (current.callbackUrl !== config.callbackUrl) return 'callback-changed';
  if (current.statusFrequencyMinutes !== config.statusFrequencyMinutes) return 'status-frequency-changed';
  if (now - current.createdAt > config.maxSubscriptionAgeMs) return 'rotation';
  return undefined;
}
