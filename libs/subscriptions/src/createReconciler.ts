// The manager's loop: every interval (and when kicked), if this process may act, it reads
// the rooms, asks decide what to do and runs the commands in order, new subscriptions at a
// bounded rate and a few at a time (subscribeLimits; those over the rate wait for a later pass,
// which comes as soon as the rate allows). Events are
// produced before the state moves; if Kafka refuses them they wait in an outbox (same ids,
// so retrying cannot duplicate) and nothing else happens until they are out, because the
// state would otherwise disagree with the record.
import { DEFAULT_CONNECTION } from '@rooms-sync/config';
import type { RoomsEvent } from '@rooms-sync/events';
import type { Logger } from '@rooms-sync/lifecycle';
import { connectionOf, decide } from './decide.ts';
import type { Command, DecideConfig, Room } from './decide.ts';
import { decideGraph } from './decideGraph.ts';
import type { GraphCommand, GraphDecideConfig } from './decideGraph.ts';
import { executeCommand } from './executeCommand.ts';
import type { ExecuteConfig, ExecuteOutcome } from './executeCommand.ts';
import { executeGraphCommand } from './executeGraphCommand.ts';
import type { GraphExecuteConfig, GraphExecuteOutcome } from './executeGraphCommand.ts';
import type { EwsSubscriber } from './EwsSubscriber.ts';
import type { GraphSubscriber } from './GraphSubscriber.ts';
import type { StateStore } from './createStateStore.ts';
import { createCommandWindow } from './createCommandWindow.ts';
import { createTokenBucket } from './createTokenBucket.ts';
import { logEwsOutcome, logGraphOutcome } from './logCommandOutcome.ts';
import type { CommandDeps } from './recordFailure.ts';

/** What the Graph path needs beyond the EWS settings it shares (owner, time scale, back-off, …). */
export type GraphSettings = Pick<
  GraphDecideConfig,
  'notificationUrl' | 'renewBeforeMinutes' | 'reconcileIntervalMinutes'
> &
  Pick<GraphExecuteConfig, 'lifecycleNotificationUrl' | 'callbackRule' | 'subscriptionMinutes'>;

export interface GraphSide {
  /** One client per Graph connection, by connection name. */
  readonly clients: ReadonlyMap<string, GraphSubscriber>;
  readonly settings: GraphSettings;
}

export interface ReconcilerOptions {
  store: StateStore;
  listRooms: () => Promise<readonly Room[]>;
  /** The EWS of the `default` connection (the Ews* keys). */
  ews: EwsSubscriber;
  /** The EWS of each named EWS connection. */
  namedEws?: ReadonlyMap<string, EwsSubscriber>;
  /** The Graph connections, if any. */
  graph?: GraphSide;
  /** Produces lifecycle events in one request (the subscriptions topic, key = mailbox). */
  send: (events: readonly RoomsEvent[]) => Promise<void>;
  /** Leader, and caught up with the topics since it became leader. Checked before every command. */
  canAct: () => boolean;
  config: DecideConfig & ExecuteConfig;
  logger: Logger;
  intervalMs: number;
  now?: () => number;
  random?: () => number;
  onOutcome?: (command: Command, outcome: ExecuteOutcome | { kind: 'error' }) => void;
  /** Every Graph call: operation and `ok` or the error kind. */
  onGraphCall?: (operation: string, outcome: string) => void;
  /** Rooms whose connection is not configured, per tick (left alone). */
  onUnconfigured?: (count: number) => void;
  /** After each tick that could act (metrics). */
  onTick?: (rooms: readonly Room[]) => void;
  /**
   * New subscriptions (EWS subscribe, Graph create): per second and at most `burst` at once, and
   * how many EWS subscribes run concurrently. Absent: no limit, one after another.
   */
  subscribeLimits?: SubscribeLimits;
  /** How long stop() waits for a pass in flight (an EWS call may hang); default 5 s. */
  stopGraceMs?: number;
}

export interface SubscribeLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
  readonly concurrency: number;
}

export interface Reconciler {
  start(): void;
  /** Runs one pass now (serialised with the timer's). */
  tick(): Promise<void>;
  /** Asks for a pass soon (e.g. a relevant event arrived). */
  kick(): void;
  stop(): Promise<void>;
}

/** Passes per tick while a refused watermark asks for an immediate fresh subscription. */
const MAX_ROUNDS = 3;

export function createReconciler(options: ReconcilerOptions): Reconciler {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const outbox: RoomsEvent[][] = [];
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let kicked: NodeJS.Timeout | undefined;
  let stopped = false;
  let pausedUntil = 0;
  const namedEws = options.namedEws ?? new Map<string, EwsSubscriber>();
  const ewsConnections = new Set([DEFAULT_CONNECTION, ...namedEws.keys()]);
  const graphConnections = new Set(options.graph?.clients.keys());
  const knownConnections = new Set([...ewsConnections, ...graphConnections]);
  const reported = new Set<string>();
  const limits = options.subscribeLimits;
  const bucket = limits ? createTokenBucket({ ...limits, now }) : undefined;
  /** A pass left new subscriptions for lack of tokens: the next comes when the bucket is full again. */
  let leftBehind = false;
  let deferred: NodeJS.Timeout | undefined;

  async function publish(events: readonly RoomsEvent[]): Promise<void> {
    try {
      await options.send(events);
    } catch (error) {
      outbox.push([...events]);
      throw error;
    }
    store.applyProduced(events);
  }

  async function flushOutbox(): Promise<boolean> {
    while (outbox.length > 0) {
      const events = outbox[0] ?? [];
      try {
        await options.send(events);
      } catch (error) {
        logger.warn({ err: error, pending: outbox.length }, 'lifecycle events still not produced; holding back');
        return false;
      }
      outbox.shift();
      store.applyProduced(events);
    }
    return true;
  }

  function ewsFor(command: Command): EwsSubscriber | undefined {
    const connection = command.kind === 'subscribe' ? connectionOf(command.connection) : DEFAULT_CONNECTION;
    return connection === DEFAULT_CONNECTION ? options.ews : namedEws.get(connection);
  }

  /** Rooms of a connection this deployment does not know are left alone; each is said once. */
  function unconfigured(rooms: readonly Room[]): void {
    let count = 0;
    for (const room of rooms) {
      const connection = connectionOf(room.connection);
      if (knownConnections.has(connection)) continue;
      count += 1;
      const key = `${room.address} ${connection}`;
      if (reported.has(key)) continue;
      reported.add(key);
      logger.warn(
        { mailbox: room.address, connection },
        'room of a connection that is not configured (ExchangeConnections); leaving it alone',
      );
    }
    options.onUnconfigured?.(count);
  }

  function mayStartNew(): boolean {
    if (!bucket || bucket.take()) return true;
    leftBehind = true;
    return false;
  }

  async function pass(rooms: readonly Room[]): Promise<boolean> {
    const commands = decide(store.state, rooms, now(), { ...options.config, ewsConnections });
    const graphCommands = options.graph ? decideGraph(store.state, rooms, now(), graphDecideConfig(options.graph)) : [];
    const again = { value: false };
    // Only subscribes overlap; any other command waits for them, so each room's events keep their order.
    const window = createCommandWindow(limits?.concurrency ?? 1);
    for (const command of commands) {
      const free = command.kind === 'subscribe' ? await window.slot(command.mailbox) : await window.drain();
      if (!free || stopped || !options.canAct()) {
        await window.drain();
        return false;
      }
      if (command.kind === 'subscribe' && now() < pausedUntil) continue;
      const ews = ewsFor(command);
      if (!ews) continue;
      if (command.kind !== 'subscribe') {
        if (!(await runEws(command, ews, again))) return false;
      } else if (mayStartNew()) {
        window.start(command.mailbox, () => runEws(command, ews, again));
      }
    }
    if (!(await window.drain())) return false;
    for (const command of graphCommands) {
      if (stopped || !options.canAct()) return false;
      if (command.kind === 'graphCreate' && !mayStartNew()) continue;
      if (!(await runGraph(command))) return false;
    }
    return again.value;
  }

  /** What every command runs with, EWS or Graph: the record (publish, local folds) and the clock. */
  const commandDeps: CommandDeps = {
    publish,
    applyLocal: (fact) => {
      store.applyLocal(fact);
    },
    room: (mailbox) => store.state.rooms.get(mailbox),
    now,
    random,
  };

  /** One EWS command; false when it threw (logged), which ends the pass. */
  async function runEws(command: Command, ews: EwsSubscriber, again: { value: boolean }): Promise<boolean> {
    let outcome: ExecuteOutcome;
    try {
      outcome = await executeCommand(command, {
        ...commandDeps,
        ews,
        config: options.config,
      });
    } catch (error) {
      options.onOutcome?.(command, { kind: 'error' });
      logger.error(
        { err: error, command: command.kind, mailbox: command.mailbox },
        'command failed; stopping this pass',
      );
      return false;
    }
    options.onOutcome?.(command, outcome);
    logEwsOutcome(logger, command, outcome);
    if (outcome.kind === 'failed') {
      if (outcome.errorKind === 'throttled') pausedUntil = now() + (outcome.backOffMs ?? options.intervalMs);
      if (outcome.errorKind === 'invalid_watermark') again.value = true;
    }
    return true;
  }

  function graphDecideConfig(graph: GraphSide): GraphDecideConfig {
    const { config } = options;
    return {
      owner: config.owner,
      graphConnections,
      knownConnections,
      notificationUrl: graph.settings.notificationUrl,
      renewBeforeMinutes: graph.settings.renewBeforeMinutes,
      reconcileIntervalMinutes: graph.settings.reconcileIntervalMinutes,
      timeScale: config.timeScale,
      maxPlannedPerTick: config.maxPlannedPerTick,
    };
  }

  async function runGraph(command: GraphCommand): Promise<boolean> {
    const graph = options.graph?.clients.get(command.connection);
    const settings = options.graph?.settings;
    if (!graph || !settings) return true;
    const { config } = options;
    let outcome: GraphExecuteOutcome;
    try {
      outcome = await executeGraphCommand(command, {
        ...commandDeps,
        graph,
        ...(options.onGraphCall ? { onCall: options.onGraphCall } : {}),
        config: {
          source: config.source,
          owner: config.owner,
          notificationUrl: settings.notificationUrl,
          lifecycleNotificationUrl: settings.lifecycleNotificationUrl,
          callbackRule: settings.callbackRule,
          statusFrequencyMinutes: config.statusFrequencyMinutes,
          subscriptionMinutes: settings.subscriptionMinutes,
          folder: config.folder,
          backoff: config.backoff,
        },
      });
    } catch (error) {
      logger.error(
        { err: error, command: command.kind, mailbox: command.mailbox },
        'Graph command failed; stopping this pass',
      );
      return false;
    }
    logGraphOutcome(logger, command, outcome);
    return true;
  }

  async function run(): Promise<void> {
    if (!(await flushOutbox())) return;
    if (!options.canAct()) return;
    const rooms = await options.listRooms();
    unconfigured(rooms);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      if (!(await pass(rooms))) break;
    }
    options.onTick?.(rooms);
    if (leftBehind && bucket && limits) passIn(bucket.msUntil(limits.burst));
    leftBehind = false;
  }

  /** A pass sooner than the interval, for the rooms the rate left behind. */
  function passIn(ms: number): void {
    if (stopped || deferred || ms >= options.intervalMs) return;
    deferred = setTimeout(() => {
      deferred = undefined;
      void tick();
    }, ms);
  }

  function tick(): Promise<void> {
    running ??= run()
      .catch((error: unknown) => {
        logger.error({ err: error }, 'reconcile pass failed');
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  }

  return {
    start() {
      stopped = false;
      timer ??= setInterval(() => {
        void tick();
      }, options.intervalMs);
      void tick();
    },
    tick,
    kick() {
      if (stopped || kicked) return;
      // Coalesces a burst of events into one pass.
      kicked = setTimeout(() => {
        kicked = undefined;
        void tick();
      }, 50);
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(kicked);
      clearTimeout(deferred);
      timer = undefined;
      kicked = undefined;
      deferred = undefined;
      // A pass stops before its next command once `stopped` is set; only a hung EWS or Kafka
      // call can hold it, and shutdown must stay within the pod's grace period.
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        running,
        new Promise((resolve) => {
          grace = setTimeout(resolve, options.stopGraceMs ?? 5_000);
        }),
      ]);
      clearTimeout(grace);
    },
  };
}
