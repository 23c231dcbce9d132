// Puts the manager together from its collaborators: the rooms table, the lifecycle and
// notification topics folded into the state, leader election, and the reconcile loop.
// Every replica folds the topics; only the leader, once caught up, acts.
import type { Registry } from 'prom-client';
import type { CallbackRule } from '@rooms-sync/events';
import { EventTypes } from '@rooms-sync/events';
import { advisoryLeadership, pingDb, runMigrations } from '@rooms-sync/db';
import type { Knex } from '@rooms-sync/db';
import { createEventProducer, fetchPartitionOffsets, runEventConsumer, withAdmin } from '@rooms-sync/kafka';
import type { CrashInfo, EventBatch, KafkaClient } from '@rooms-sync/kafka';
import type { Logger } from '@rooms-sync/lifecycle';
import { createCatchUp } from './createCatchUp.ts';
import { createManagerMetrics } from './createManagerMetrics.ts';
import { createReconciler } from './createReconciler.ts';
import { createRoomsRepository } from './createRoomsRepository.ts';
import { createStateStore } from './createStateStore.ts';
import type { StateStore } from './createStateStore.ts';
import { createTakeover } from './createTakeover.ts';
import type { DecideConfig } from './decide.ts';
import type { EwsSubscriber } from './EwsSubscriber.ts';
import type { BackoffPolicy } from './failureFact.ts';
import { readEndOffsets } from './readEndOffsets.ts';
import { emptyState } from './ManagerState.ts';
import { lookbackWindowMs, planTopicStart } from './planTopicStart.ts';
import { ROOMS_DB_OWNER, roomsMigrations } from './roomsMigrations.ts';
import { summarizeState } from './summarizeState.ts';

export interface SubscriptionManagerOptions {
  kafka: KafkaClient;
  db: Knex;
  ews: EwsSubscriber;
  registry: Registry;
  logger: Logger;
  /** Event `source`, e.g. `subscription-manager`. */
  source: string;
  /** A group of its own per process: every replica reads both topics from the beginning. */
  groupId: string;
  topics: { subscriptions: string; notifications: string };
  callback: { url: string; rule: CallbackRule };
  decide: Omit<DecideConfig, 'callbackUrl' | 'callbackRule' | 'owner'>;
  backoff: BackoffPolicy;
  /** The deployment's name: replicas sharing it elect one leader (lock key) and own the subscriptions they create. */
  name: string;
  leaderCheckIntervalMs: number;
  reconcileIntervalMs: number;
  catchUpMaxWaitMs?: number;
  /** Read the notifications topic only this far back (at least 3 × StatusFrequency); undefined = from the beginning. */
  notificationsLookbackMinutes?: number;
  /** The consumer died for good: the process should exit so the orchestrator restarts it. */
  onFatal: (error: unknown) => void;
}

export interface SubscriptionManager {
  isLeader(): boolean;
  /** Leader and caught up since it became leader. */
  isActing(): boolean;
  readonly store: StateStore;
  readiness: Record<string, () => Promise<void>>;
  stop(): Promise<void>;
}

export async function startSubscriptionManager(options: SubscriptionManagerOptions): Promise<SubscriptionManager> {
  const { kafka, db, logger, topics } = options;
  const startedAt = Date.now();
  await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
  const rooms = createRoomsRepository(db);
  const metrics = createManagerMetrics(options.registry);
  metrics.setCallbackUrl(options.callback.rule, options.callback.url);
  const config = {
    ...options.decide,
    owner: options.name,
    callbackUrl: options.callback.url,
    callbackRule: options.callback.rule,
    source: options.source,
    folder: 'calendar',
    backoff: options.backoff,
  };

  // The lookback window. Only the notifications give each room its last contact and last
  // watermark, but a live subscription pushes (a status heartbeat at least) every StatusFrequency
  // and every push carries a watermark: its latest contact and watermark lie inside any window of
  // a few StatusFrequency. A subscription silent for longer than the window is dead for decide
  // too; for it the resume point comes from the lifecycle topic (read whole): its
  // SubscriptionCreated, or the HeartbeatMissed that recorded the watermark (`lastWatermark`).
  // When neither vouches for it (the room's last push is older than the window and was never
  // recorded, e.g. every manager was down), decide starts a fresh subscription and asks the
  // projector to resync the room (ResyncRequested `WatermarkUnknown`); it converges from
  // SyncFolderItems. The state carries the window start so decide can tell (watermarkUnknown).
  const windowMs =
    options.notificationsLookbackMinutes === undefined
      ? undefined
      : lookbackWindowMs({
          lookbackMinutes: options.notificationsLookbackMinutes,
          statusFrequencyMinutes: options.decide.statusFrequencyMinutes,
          heartbeatGraceMs: options.decide.heartbeatGraceMs,
          timeScale: options.decide.timeScale,
        });
  const since = windowMs === undefined ? undefined : startedAt - windowMs;
  const start = planTopicStart(
    topics,
    await fetchPartitionOffsets(kafka, topics.subscriptions),
    await fetchPartitionOffsets(kafka, topics.notifications, since),
  );
  logger.info(
    {
      since: since === undefined ? undefined : new Date(since).toISOString(),
      skipped: Number(start.skipped),
      inWindow: Number(start.inWindow),
    },
    since === undefined
      ? 'reading the notifications from the beginning'
      : 'reading the notifications from the lookback window',
  );
  const store = createStateStore({ ...emptyState, notificationsSince: since });

  const producer = createEventProducer(kafka, { logger, deadlineMs: 15_000 });
  await producer.connect();

  const catchUp = createCatchUp({
    endOffsets: () => readEndOffsets(kafka, [topics.subscriptions, topics.notifications]),
    startOffsets: start.startOffsets,
    ...(options.catchUpMaxWaitMs === undefined ? {} : { maxWaitMs: options.catchUpMaxWaitMs }),
    onLagging: (lagging) => {
      logger.info({ lagging }, 'still reading the topics before acting');
    },
  });

  let isLeader = (): boolean => false;
  const takeover = createTakeover({
    isLeader: () => isLeader(),
    catchUp,
    onReady: () => {
      logger.info({ rooms: store.state.rooms.size }, 'caught up with the topics; acting as leader');
      reconciler.kick();
    },
    onCatchUpTimeout: () => {
      logger.warn({}, 'could not confirm reading every record before acting; duplicates, if any, are superseded');
    },
    onError: (error) => {
      logger.warn({ err: error }, 'could not read end offsets; retrying');
    },
  });

  const reconciler = createReconciler({
    store,
    listRooms: () => rooms.list(),
    ews: options.ews,
    send: async (events) => {
      await producer.sendEvents(topics.subscriptions, events);
    },
    canAct: () => takeover.canAct(),
    config,
    logger,
    intervalMs: options.reconcileIntervalMs,
    onOutcome: (command, outcome) => {
      if (command.kind !== 'subscribe') return;
      metrics.countAttempt(
        outcome.kind === 'subscribed' ? 'ok' : outcome.kind === 'failed' ? outcome.errorKind : 'error',
      );
    },
    onTick: (roomList) => {
      metrics.setSummary(summarizeState(store.state, roomList, Date.now(), config));
    },
  });

  const leadership = advisoryLeadership({
    db,
    name: options.name,
    logger,
    checkIntervalMs: options.leaderCheckIntervalMs,
    onChange: (leader) => {
      metrics.setLeader(leader);
      if (!leader) metrics.setSummary(undefined);
      takeover.onLeadership(leader);
    },
  });
  isLeader = () => leadership.isLeader();

  let initialCatchUp = false;
  const read = { lifecycle: 0, notifications: 0 };
  const consumer = await runEventConsumer({
    kafka,
    groupId: options.groupId,
    topics: [topics.subscriptions, topics.notifications],
    fromBeginning: true,
    startAt: start.seeks,
    logger,
    handleBatch: (batch: EventBatch) => {
      let relevant = false;
      if (!initialCatchUp)
        read[batch.topic === topics.notifications ? 'notifications' : 'lifecycle'] += batch.events.length;
      for (const consumed of batch.events) {
        store.applyConsumed(consumed.event);
        catchUp.observe(consumed.topic, consumed.partition, consumed.offset);
        relevant ||=
          consumed.event.type !== EventTypes.NotificationReceivedV1 ||
          consumed.event.data.messages.some((m) => m.responseClass === 'Error');
      }
      if (relevant && initialCatchUp) reconciler.kick();
      return Promise.resolve();
    },
    onCrash: (info: CrashInfo) => {
      if (!info.restart) options.onFatal(info.error);
    },
  });
  void catchUp.wait().then(
    (complete) => {
      initialCatchUp = true;
      logger.info(
        {
          complete,
          rooms: store.state.rooms.size,
          subscriptions: store.state.owners.size,
          read,
          ms: Date.now() - startedAt,
        },
        'state rebuilt from the topics',
      );
    },
    (error: unknown) => {
      logger.warn({ err: error }, 'initial catch-up failed');
    },
  );

  reconciler.start();
  await leadership.start();

  let stopping: Promise<void> | undefined;
  return {
    store,
    isLeader: () => leadership.isLeader(),
    isActing: () => takeover.canAct(),
    readiness: {
      kafka: () =>
        withAdmin(kafka, async (admin) => {
          await admin.listTopics();
        }),
      database: () => pingDb(db),
      state: () => (initialCatchUp ? Promise.resolve() : Promise.reject(new Error('still reading the topics'))),
    },
    stop() {
      stopping ??= (async () => {
        // Stop acting first (no EWS call after this), then hand the lock over, then the rest.
        await reconciler.stop();
        await leadership.stop();
        await Promise.all([consumer.stop(), producer.disconnect()]);
      })();
      return stopping;
    },
  };
}
