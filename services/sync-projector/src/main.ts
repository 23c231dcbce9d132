// Composition root of the sync-projector: settings, migrations, the Kafka side (topics, the
// consumer that applies notifications to the reservation read model) started in the background and
// not awaited, the ops port with the read API, and a bounded stop on SIGTERM. The read API needs
// only PostgreSQL, so it answers while Kafka is down (docs/architecture.md §8).
import { tracing } from './tracing.ts';
import { DEFAULT_CONNECTION, exitOnConfigErrors, topicNames } from '@rooms-sync/config';
import { createDb, pingDb, runMigrations } from '@rooms-sync/db';
import { createEwsClient } from '@rooms-sync/ews-client';
import { graphClientForConnection } from '@rooms-sync/graph-client';
import { createOpsApp, startHttpServer } from '@rooms-sync/http';
import { createEventProducer, kafkaFromSettings, dlqTopicFor, ensureRoomsTopics, probeKafka } from '@rooms-sync/kafka';
import { onShutdownSignal, startInBackground } from '@rooms-sync/lifecycle';
import type { BackgroundState } from '@rooms-sync/lifecycle';
import { createLogger, createMetricsRegistry } from '@rooms-sync/observability';
import {
  createProjector,
  createProjectorMetrics,
  MIGRATION_OWNER,
  projectionMigrations,
  reservationsRoute,
  runProjectorConsumer,
} from '@rooms-sync/projection';
import type { CalendarSource, GraphCalendarSource } from '@rooms-sync/projection';
import { readProjectorConfig } from './settings.ts';

const SERVICE = 'sync-projector';
const config = readProjectorConfig(process.env, process.argv.slice(2));
if (!config.ok) exitOnConfigErrors(config.errors);
const s = config.settings;

const logger = createLogger({ service: SERVICE, level: s.LogLevel });
const registry = createMetricsRegistry({ service: SERVICE });
const db = createDb({ url: s.DatabaseUrl, applicationName: SERVICE, poolMax: s.ProjectorRoomConcurrency + 4 });
await runMigrations(db, { owner: MIGRATION_OWNER, migrations: projectionMigrations });

const kafka = kafkaFromSettings(s, config.security, logger);
const topics = topicNames(s);
const dlqProducer = createEventProducer(kafka, { logger });
// One client per connection (docs/architecture.md §9): the `Ews*` keys are `default`.
const ewsClients = new Map<string, CalendarSource>([
  [DEFAULT_CONNECTION, createEwsClient({ url: s.EwsUrl, auth: config.auth, logger, registry })],
]);
const graphClients = new Map<string, GraphCalendarSource>();
for (const c of config.connections) {
  if (c.kind === 'ews') ewsClients.set(c.name, createEwsClient({ url: c.url, auth: c.auth, logger, registry }));
  else graphClients.set(c.name, graphClientForConnection(c, { logger }));
}
const metrics = createProjectorMetrics(registry);
const stopping = new AbortController();
let databaseHealthy = true;
const projector = createProjector({
  db,
  sources: { ews: (connection) => ewsClients.get(connection), graph: (connection) => graphClients.get(connection) },
  group: s.ProjectorConsumerGroup,
  logger,
  metrics,
  horizonDays: s.ProjectorHorizonDays,
  pastDays: s.ProjectorPastDays,
  roomConcurrency: s.ProjectorRoomConcurrency,
  dlq: {
    send: async (originTopic, records) => {
      await dlqProducer.sendRaw(dlqTopicFor(originTopic), records);
    },
  },
  onDatabaseHealth: (healthy) => {
    databaseHealthy = healthy;
  },
  signal: stopping.signal,
});

// Kafka in the background: until it answers, reads are served and the model is not updated
// (/readyz stays 200 with `degraded`, rooms_projector_consumer_running is 0). A consumer that
// crashes for good is started again here rather than by a pod restart, so reads never stop.
const consumer = startInBackground({
  name: 'projector consumer',
  logger,
  onState: (state) => {
    metrics.consumerRunning.set(state.phase === 'running' ? 1 : 0);
  },
  start: async (died) => {
    await probeKafka({ brokers: [...s.KafkaBrokers], clientId: s.KafkaClientId, security: config.security });
    await ensureRoomsTopics(kafka, topics, s, logger);
    await dlqProducer.connect();
    return runProjectorConsumer({
      kafka,
      db,
      groupId: s.ProjectorConsumerGroup,
      topics: [topics.notifications, topics.subscriptions],
      projector,
      logger,
      metrics,
      maxBatchSize: s.ProjectorBatchSize,
      lagIntervalMs: s.ProjectorLagIntervalSeconds * 1000,
      onCrash: ({ restart, error }) => {
        if (!restart) died(error);
      },
    });
  },
});

const ops = createOpsApp({
  registry,
  readiness: {
    database: async () => {
      await pingDb(db);
      if (!databaseHealthy) throw new Error('batches are waiting for PostgreSQL');
    },
  },
  advisory: {
    kafka: () => {
      const state = consumer.state();
      return state.phase === 'running' ? Promise.resolve() : Promise.reject(new Error(notConsuming(state)));
    },
  },
  extend: reservationsRoute(db),
});
const opsServer = await startHttpServer(ops.callback(), { port: s.OpsPort, host: s.ListenAddress });
logger.info(
  {
    ops: opsServer.url,
    topics,
    group: s.ProjectorConsumerGroup,
    ews: s.EwsUrl,
    connections: config.connections.map((c) => `${c.name} (${c.kind})`),
    tracing: tracing.enabled,
  },
  'sync projector running',
);

onShutdownSignal({
  logger,
  timeoutMs: 10_000,
  stop: async () => {
    // Stop consuming first: an in-flight batch either commits or rolls back; nothing half-applies.
    stopping.abort();
    await consumer.stop();
    await dlqProducer.disconnect().catch((error: unknown) => {
      logger.warn({ err: error }, 'disconnecting the DLQ producer failed');
    });
    await opsServer.close(1_000);
    await db.destroy();
    await tracing.shutdown();
  },
});

function notConsuming(state: Exclude<BackgroundState, { phase: 'running' }>): string {
  if (state.phase === 'stopped') return 'consumer stopped';
  const why =
    state.lastError === undefined
      ? 'starting'
      : `${String(state.attempts)} failed attempt(s), last: ${state.lastError}`;
  return `consumer not running since ${state.since.toISOString()} (${why}): reads are served, the model is not updated`;
}
