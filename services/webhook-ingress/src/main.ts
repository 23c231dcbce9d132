// Composition root of the webhook ingress: reads settings, connects to Kafka,
// follows the subscription lifecycle, serves the public callback and the ops
// port, and stops cleanly on SIGTERM.
import { tracing } from './tracing.ts';
import { hostname } from 'node:os';
import { exitOnConfigErrors, topicNames } from '@rooms-sync/config';
import { createEvent, encodeEvent, EventTypes } from '@rooms-sync/events';
import { createOpsApp, startHttpServer } from '@rooms-sync/http';
import {
  createEventProducer,
  kafkaFromSettings,
  ensureRoomsTopics,
  runPrivateReader,
  withAdmin,
} from '@rooms-sync/kafka';
import { onShutdownSignal } from '@rooms-sync/lifecycle';
import { activeTraceContext, createLogger, createMetricsRegistry } from '@rooms-sync/observability';
import {
  createAddressMatcher,
  createEventBatcher,
  createRateLimiter,
  createSubscriptionDirectory,
  createWebhookApp,
  createWebhookMetrics,
  subscriptionFactOf,
  type RecordedNotification,
} from '@rooms-sync/webhook';
import { readIngressConfig } from './settings.ts';

const SERVICE = 'webhook-ingress';
const config = readIngressConfig(process.env, process.argv.slice(2));
if (!config.ok) exitOnConfigErrors(config.errors);
const s = config.settings;
const topics = topicNames(s);

const logger = createLogger({ service: SERVICE, level: s.LogLevel });
const registry = createMetricsRegistry({ service: SERVICE });
const metrics = createWebhookMetrics(registry);
const kafka = kafkaFromSettings(s, config.security, logger);

await ensureRoomsTopics(kafka, topics, s, logger);
// A send may not outlive the request waiting for it: the batcher sends one batch at a time, and a
// send left in the client's retry back-off after an outage held the first pushes behind it past
// their own deadline although the broker was back (503s from a Ready pod).
const producer = createEventProducer(kafka, { logger, deadlineMs: s.WebhookRecordTimeoutMs });
await producer.connect();

const directory = createSubscriptionDirectory();
// Every replica folds the whole lifecycle itself, in groups of its own. While Kafka is down the
// ingress stays up and answers 503 to every push it cannot record (Exchange retries; the
// callback-error alert sees it), and the reader starts again until the broker answers. Exiting
// instead made Exchange meet a closed port, hid the refusals from the alert, and an orchestrator's
// restart back-off would keep the callback closed after the broker's return.
const lifecycle = runPrivateReader({
  kafka,
  groupPrefix: `${SERVICE}-${hostname()}`,
  topics: [topics.subscriptions],
  fromBeginning: true,
  logger,
  handleBatch: (batch) => {
    for (const { event } of batch.events) {
      const fact = subscriptionFactOf(event);
      if (fact) directory.apply(fact);
    }
    return Promise.resolve();
  },
});

const batcher = createEventBatcher<RecordedNotification>({
  send: async (items) => {
    // Encoded one by one: each push carries the trace context of its own request.
    const messages = items.map(({ key, data, trace }) =>
      encodeEvent(
        createEvent(EventTypes.NotificationReceivedV1, data, { source: SERVICE, subject: key, time: data.receivedAt }),
        { trace },
      ),
    );
    await producer.sendRaw(topics.notifications, messages);
  },
  onBatch: (size, seconds, error) => {
    metrics.batchSize.observe(size);
    metrics.produceDuration.observe({ result: error === undefined ? 'ok' : 'error' }, seconds);
  },
});

const allowed = s.WebhookAllowedSources.length > 0 ? createAddressMatcher(s.WebhookAllowedSources) : undefined;
const proxies = s.WebhookTrustedProxies.length > 0 ? createAddressMatcher(s.WebhookTrustedProxies) : undefined;
const webhook = createWebhookApp({
  record: (n) => batcher.record(n),
  directory,
  metrics,
  logger,
  maxBodyBytes: s.WebhookMaxBodyBytes,
  recordTimeoutMs: s.WebhookRecordTimeoutMs,
  legacyPath: s.WebhookLegacyPathEnabled,
  currentTrace: tracing.enabled ? activeTraceContext : undefined,
  allowlist: allowed,
  trustedProxies: proxies,
  rateLimiter:
    s.WebhookRateLimitPerSecond > 0
      ? createRateLimiter({ perSecond: s.WebhookRateLimitPerSecond, burst: s.WebhookRateLimitBurst })
      : undefined,
});
const ops = createOpsApp({
  registry,
  // Ready = a push now would be recorded: the broker answers, and the producer a failed send left
  // behind is replaced here rather than on the first push's time once the broker is back.
  readiness: {
    kafka: () =>
      withAdmin(kafka, async (admin) => {
        await admin.listTopics();
      }),
    producer: () => producer.ready(),
  },
});

const publicServer = await startHttpServer(webhook.callback(), { port: s.HttpPort, host: s.ListenAddress });
const opsServer = await startHttpServer(ops.callback(), { port: s.OpsPort, host: s.ListenAddress });
logger.info(
  { public: publicServer.url, ops: opsServer.url, topics, tracing: tracing.enabled },
  'webhook ingress listening',
);

onShutdownSignal({
  logger,
  stop: async () => {
    // Stop taking pushes first; in-flight ones finish recording before the producer goes.
    await publicServer.close(5_000);
    await batcher.drain();
    await Promise.all([lifecycle.stop(), producer.disconnect()]);
    await opsServer.close(1_000);
    await tracing.shutdown();
  },
});
