// Composition root of the subscription-manager: settings, Kafka topics, the rooms table,
// the EWS client, the manager (leader election, state from the topics, reconcile loop), the
// ops port, and a clean stop on SIGTERM (stop acting, release the lock, disconnect).
import { tracing } from './tracing.ts';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { exitOnConfigErrors, topicNames } from '@rooms-sync/config';
import { createDb } from '@rooms-sync/db';
import { createEwsClient } from '@rooms-sync/ews-client';
import { createOpsApp, startHttpServer } from '@rooms-sync/http';
import { createKafka, ensureTopics, roomsTopicSpecs, withAdmin } from '@rooms-sync/kafka';
import { onShutdownSignal } from '@rooms-sync/lifecycle';
import { createLogger, createMetricsRegistry } from '@rooms-sync/observability';
import { DEFAULT_BACKOFF, startSubscriptionManager } from '@rooms-sync/subscriptions';
import { readManagerConfig } from './settings.ts';

const SERVICE = 'subscription-manager';
const config = readManagerConfig(process.env, process.argv.slice(2));
if (!config.ok) exitOnConfigErrors(config.errors);
const { settings: s, callback } = config;
const topics = topicNames(s);

const logger = createLogger({ service: SERVICE, level: s.LogLevel });
logger.info(
  { rule: callback.rule, url: callback.url, file: config.file },
  `callback URL from the ${callback.rule} rule`,
);
const registry = createMetricsRegistry({ service: SERVICE });
const kafka = createKafka({
  brokers: [...s.KafkaBrokers],
  clientId: s.KafkaClientId,
  logger,
  security: config.security,
});
await withAdmin(kafka, (admin) =>
  ensureTopics(
    admin,
    roomsTopicSpecs(topics, { partitions: s.KafkaTopicPartitions, retentionMs: s.KafkaTopicRetentionMs }),
  ),
);
const db = createDb({ url: s.DatabaseUrl, poolMax: 4, applicationName: SERVICE });
const ews = createEwsClient({
  url: s.EwsUrl,
  auth: config.auth,
  logger,
  registry,
  timeoutMs: s.EwsTimeoutMs,
  allowUntrustedCertificate: s.EwsAllowUntrustedCertificate,
});

const manager = await startSubscriptionManager({
  kafka,
  db,
  ews,
  registry,
  logger,
  source: SERVICE,
  // Every replica folds both topics itself, so each has a group of its own.
  groupId: `${SERVICE}-${hostname()}-${randomUUID()}`,
  topics,
  callback: { url: callback.url, rule: callback.rule },
  decide: {
    statusFrequencyMinutes: s.StatusFrequencyMinutes,
    heartbeatGraceMs: s.HeartbeatGraceSeconds * 1000,
    timeScale: s.SubscriptionTimeScale,
    maxSubscriptionAgeMs: s.SubscriptionMaxAgeHours * 3_600_000,
    maxPlannedPerTick: s.MaxPlannedReplacementsPerPass,
  },
  backoff: {
    ...DEFAULT_BACKOFF,
    initialMs: s.SubscribeRetryInitialMs,
    maxMs: s.SubscribeRetryMaxMs,
    permanentRetryMs: s.PermanentErrorRetrySeconds * 1000,
  },
  name: s.ManagerName,
  leaderCheckIntervalMs: s.LeaderCheckIntervalMs,
  notificationsLookbackMinutes: s.ManagerNotificationsLookbackMinutes,
  reconcileIntervalMs: s.ReconcileIntervalMs,
  onFatal: (error) => {
    logger.error({ err: error }, 'topic consumer died; exiting so the orchestrator restarts us');
    process.exit(1);
  },
});

const ops = createOpsApp({
  registry,
  // Ready = dependencies answer and the state is rebuilt; a standby is ready too (it must
  // not block a rollout), and says so on /leader and in rooms_manager_leader.
  readiness: manager.readiness,
  extend: (router) => {
    router.get('/leader', function leader(ctx) {
      ctx.body = { leader: manager.isLeader(), acting: manager.isActing() };
    });
  },
});
const opsServer = await startHttpServer(ops.callback(), { port: s.OpsPort, host: s.ListenAddress });
logger.info(
  { ops: opsServer.url, topics, tracing: tracing.enabled, leader: manager.isLeader() },
  'subscription manager started',
);

onShutdownSignal({
  logger,
  timeoutMs: 10_000,
  stop: async () => {
    await manager.stop();
    await db.destroy();
    await opsServer.close(1_000);
    await tracing.shutdown();
  },
});
