// Composition root of the subscription-manager, built in the order things are needed: settings,
// the rooms table (migrations), Kafka (topics, producer), one EWS or Graph client per connection,
// then the manager itself: the state folded from the topics (on from its snapshot), the takeover
// gate, the reconcile loop, leader election, the consumer that feeds the state and the snapshot
// writer; then the ops port, and a clean stop on SIGTERM (stop acting, write the snapshot, release
// the lock, disconnect). Every replica folds the topics; only the leader, once caught up, acts
// (docs/architecture.md §6).
import { tracing } from './tracing.ts';
import { hostname } from 'node:os';
import { exitOnConfigErrors, topicNames } from '@rooms-sync/config';
import { advisoryLeadership, createDb, pingDb, runMigrations } from '@rooms-sync/db';
import { createEwsClient } from '@rooms-sync/ews-client';
import { graphClientForConnection } from '@rooms-sync/graph-client';
import type { GraphClient } from '@rooms-sync/graph-client';
import { createOpsApp, startHttpServer } from '@rooms-sync/http';
import {
  createEventProducer,
  kafkaFromSettings,
  ensureRoomsTopics,
  readEndOffsets,
  withAdmin,
} from '@rooms-sync/kafka';
import { onShutdownSignal } from '@rooms-sync/lifecycle';
import { createLogger, createMetricsRegistry } from '@rooms-sync/observability';
import {
  createCatchUp,
  createManagerMetrics,
  createReconciler,
  createRoomsRepository,
  createSnapshotRepository,
  createSnapshotWriter,
  createStateStore,
  createTakeover,
  DEFAULT_BACKOFF,
  readSnapshot,
  readTopicStart,
  ROOMS_DB_OWNER,
  roomsMigrations,
  runStateConsumer,
  summarizeState,
} from '@rooms-sync/subscriptions';
import type { EwsSubscriber } from '@rooms-sync/subscriptions';
import { readManagerConfig } from './settings.ts';

const SERVICE = 'subscription-manager';
const startedAt = Date.now();
const config = readManagerConfig(process.env, process.argv.slice(2));
if (!config.ok) exitOnConfigErrors(config.errors);
const { settings: s, callback } = config;
const topics = topicNames(s);

const logger = createLogger({ service: SERVICE, level: s.LogLevel });
logger.info(
  { rule: callback.rule, url: callback.url, file: config.file },
  `callback URL from the ${callback.rule} rule`,
);
if (config.graphCallback) {
  const { rule, notificationUrl, lifecycleNotificationUrl } = config.graphCallback;
  logger.info({ rule, notificationUrl, lifecycleNotificationUrl }, `Graph callback URLs from the ${rule} rule`);
}
const registry = createMetricsRegistry({ service: SERVICE });
const metrics = createManagerMetrics(registry);
metrics.setCallbackUrl(callback.rule, callback.url);

const db = createDb({ url: s.DatabaseUrl, poolMax: 4, applicationName: SERVICE });
await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
const rooms = createRoomsRepository(db);
const snapshots = createSnapshotRepository(db);

const kafka = kafkaFromSettings(s, config.security, logger);
await ensureRoomsTopics(kafka, topics, s, logger);
const producer = createEventProducer(kafka, { logger, deadlineMs: 15_000 });
await producer.connect();

const ewsOptions = {
  logger,
  registry,
  timeoutMs: s.EwsTimeoutMs,
  allowUntrustedCertificate: s.EwsAllowUntrustedCertificate,
};
const ews = createEwsClient({ ...ewsOptions, url: s.EwsUrl, auth: config.auth });
const namedEws = new Map<string, EwsSubscriber>();
const graphClients = new Map<string, GraphClient>();
for (const connection of config.connections) {
  if (connection.kind === 'ews') {
    namedEws.set(connection.name, createEwsClient({ ...ewsOptions, url: connection.url, auth: connection.auth }));
  } else {
    graphClients.set(connection.name, graphClientForConnection(connection, { logger }));
  }
}
const graph = config.graphCallback && {
  clients: graphClients,
  settings: {
    notificationUrl: config.graphCallback.notificationUrl,
    lifecycleNotificationUrl: config.graphCallback.lifecycleNotificationUrl,
    callbackRule: config.graphCallback.rule,
    subscriptionMinutes: s.GraphSubscriptionMinutes,
    renewBeforeMinutes: s.GraphRenewBeforeMinutes,
    reconcileIntervalMinutes: s.GraphReconcileIntervalMinutes,
  },
};

const decideConfig = {
  statusFrequencyMinutes: s.StatusFrequencyMinutes,
  heartbeatGraceMs: s.HeartbeatGraceSeconds * 1000,
  timeScale: s.SubscriptionTimeScale,
  maxSubscriptionAgeMs: s.SubscriptionMaxAgeHours * 3_600_000,
  maxPlannedPerTick: s.MaxPlannedReplacementsPerPass,
  reconcileRoomsIntervalMinutes: s.ReconcileRoomsIntervalMinutes,
  owner: s.ManagerName,
  callbackUrl: callback.url,
  callbackRule: callback.rule,
  source: SERVICE,
  folder: 'calendar',
  backoff: {
    ...DEFAULT_BACKOFF,
    initialMs: s.SubscribeRetryInitialMs,
    maxMs: s.SubscribeRetryMaxMs,
    permanentRetryMs: s.PermanentErrorRetrySeconds * 1000,
  },
};

// The lifecycle topic is read whole, the notifications only from the lookback window; or, from
// this deployment's snapshot on, only what came after it (docs/architecture.md §6).
const start = await readTopicStart(
  kafka,
  topics,
  { ...decideConfig, lookbackMinutes: s.ManagerNotificationsLookbackMinutes },
  startedAt,
  await readSnapshot(snapshots, s.ManagerName),
);
if (start.ignored !== undefined) {
  logger.warn({ reason: start.ignored }, 'state snapshot not used; reading the topics in full');
}
if (start.restored) {
  metrics.setSnapshotTakenAt(start.restored.takenAt);
  logger.info(
    {
      rooms: start.initial.rooms.size,
      ageSeconds: Math.round((startedAt - start.restored.takenAt) / 1000),
      takenAt: new Date(start.restored.takenAt).toISOString(),
      after: Number(start.restored.after),
    },
    'restored state from snapshot',
  );
} else {
  logger.info(
    { since: new Date(start.since).toISOString(), skipped: Number(start.skipped), inWindow: Number(start.inWindow) },
    'reading the notifications from the lookback window',
  );
}
const store = createStateStore(start.initial, start.folded);
const catchUp = createCatchUp({
  endOffsets: () => readEndOffsets(kafka, [topics.subscriptions, topics.notifications]),
  startOffsets: start.startOffsets,
  onLagging: (lagging) => {
    logger.info({ lagging }, 'still reading the topics before acting');
  },
});
const takeover = createTakeover({
  catchUp,
  onCatchUpTimeout: () => {
    logger.warn({}, 'could not confirm reading every record before acting; duplicates, if any, are superseded');
  },
  onError: (error) => {
    logger.warn({ err: error }, 'could not read end offsets; retrying');
  },
});
const reconciler = createReconciler({
  store,
  listRooms: () => rooms.listAll(),
  ews,
  namedEws,
  ...(graph ? { graph } : {}),
  send: async (events) => {
    await producer.sendEvents(topics.subscriptions, events);
  },
  // Nothing is decided on a state that stopped following the topics (nor could it be recorded).
  canAct: () => takeover.canAct() && stateConsumer.reading(),
  config: decideConfig,
  logger,
  intervalMs: s.ReconcileIntervalMs,
  subscribeLimits: {
    ratePerSecond: s.SubscribeRatePerSecond,
    burst: Math.max(1, Math.ceil(s.SubscribeRatePerSecond)),
    concurrency: s.SubscribeConcurrency,
  },
  onOutcome: (command, outcome) => {
    if (command.kind !== 'subscribe') return;
    metrics.countAttempt(
      outcome.kind === 'subscribed' ? 'ok' : outcome.kind === 'failed' ? outcome.errorKind : 'error',
    );
  },
  onGraphCall: (operation, outcome) => {
    metrics.countGraphCall(operation, outcome);
  },
  onUnconfigured: (count) => {
    metrics.setUnconfiguredRooms(count);
  },
  onTick: (roomList) => {
    metrics.setSummary(summarizeState(store.state, roomList, Date.now(), decideConfig));
  },
});
// ManagerName is the lock key: replicas of one deployment elect one leader.
const leadership = advisoryLeadership({
  db,
  name: s.ManagerName,
  logger,
  checkIntervalMs: s.LeaderCheckIntervalMs,
  onChange: (leader) => {
    metrics.setLeader(leader);
    if (!leader) metrics.setSummary(undefined);
    void takeover.onLeadership(leader).then((ready) => {
      if (!ready) return;
      logger.info({ rooms: store.state.rooms.size }, 'caught up with the topics; acting as leader');
      reconciler.kick();
    });
  },
});
const stateConsumer = runStateConsumer({
  kafka,
  groupPrefix: `${SERVICE}-${hostname()}`,
  topics,
  start,
  store,
  catchUp,
  logger,
  startedAt,
  onRelevant: () => {
    reconciler.kick();
  },
  // Real time, not scaled: it is Kafka's retention, which SubscriptionTimeScale does not compress.
  endedHorizonMs: s.KafkaTopicRetentionMs,
});
const snapshotWriter = createSnapshotWriter({
  store,
  repository: snapshots,
  managerName: s.ManagerName,
  intervalMs: s.ManagerSnapshotIntervalSeconds * 1000,
  shouldWrite: () => leadership.isLeader() && stateConsumer.rebuilt(),
  logger,
  onWritten: (takenAt) => {
    metrics.setSnapshotTakenAt(takenAt);
  },
});
reconciler.start();
await leadership.start();
snapshotWriter.start();

const ops = createOpsApp({
  registry,
  // Ready = dependencies answer and the state is rebuilt; a standby is ready too (it must
  // not block a rollout), and says so on /leader and in rooms_manager_leader.
  readiness: {
    kafka: () =>
      withAdmin(kafka, async (admin) => {
        await admin.listTopics();
      }),
    database: () => pingDb(db),
    state: () => (stateConsumer.rebuilt() ? Promise.resolve() : Promise.reject(new Error('still reading the topics'))),
  },
  extend: (router) => {
    router.get('/leader', function leader(ctx) {
      ctx.body = { leader: leadership.isLeader(), acting: takeover.canAct() };
    });
  },
});
const opsServer = await startHttpServer(ops.callback(), { port: s.OpsPort, host: s.ListenAddress });
logger.info(
  { ops: opsServer.url, topics, tracing: tracing.enabled, leader: leadership.isLeader() },
  'subscription manager started',
);

onShutdownSignal({
  logger,
  timeoutMs: 10_000,
  stop: async () => {
    // Stop acting first (no EWS call after this), write the last snapshot while still the
    // leader, then hand the lock over, then the rest.
    await reconciler.stop();
    if (await snapshotWriter.stop()) logger.info({}, 'state snapshot written at stop');
    await leadership.stop();
    await Promise.all([stateConsumer.stop(), producer.disconnect()]);
    await db.destroy();
    await opsServer.close(1_000);
    await tracing.shutdown();
  },
});
