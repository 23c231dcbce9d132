// The ingress as it runs in production (its own process, real Kafka): every
// acknowledged push is on the broker, and nothing is acknowledged without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildSendNotification } from '@rooms-sync/ews';
import { EventTypes, ewsMessagesOf, type NotificationReceivedV1 } from '@rooms-sync/events';
import { createKafka, runEventConsumer } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { createPrivateKafka, LOCAL_KAFKA_BROKERS, spawnService, waitFor } from '@rooms-sync/testing';

const XML = { 'Content-Type': 'text/xml; charset=utf-8' };
const quietLogger = createLogger({ service: 'test', level: 'error' });

function push(subscriptionId: string, n: number): string {
  return buildSendNotification([
    {
      responseClass: 'Success',
      subscriptionId,
      previousWatermark: `wm-${n}-prev`,
      moreEvents: false,
      events: [
        {
          kind: 'Created',
          watermark: `wm-${n}-a`,
          timestamp: '2026-11-25T09:00:00Z',
          itemId: { id: `item-${n}`, changeKey: `ck-${n}` },
          parentFolderId: { id: 'cal' },
        },
        {
          kind: 'Modified',
          watermark: `wm-${n}-b`,
          timestamp: '2026-11-25T09:00:01Z',
          itemId: { id: `item-${n}`, changeKey: `ck-${n}-2` },
          parentFolderId: { id: 'cal' },
        },
      ],
    },
  ]);
}

/** An ingress writing to topics of its own (it creates them at start), so a reader has only its pushes to read. */
async function startIngress(brokers: string, extra: Record<string, string> = {}) {
  const tag = randomUUID();
  const topics = {
    notifications: `test.ingress.${tag}.notifications.v1`,
    subscriptions: `test.ingress.${tag}.subscriptions.v1`,
  };
  const ingress = await spawnService({
    name: 'webhook-ingress',
    env: {
      KafkaBrokers: brokers,
      HttpPort: '0',
      OpsPort: '0',
      LogLevel: 'info',
      KafkaTopicPartitions: '3',
      NotificationsTopic: topics.notifications,
      SubscriptionsTopic: topics.subscriptions,
      ...extra,
    },
    readyMessage: 'webhook ingress listening',
  });
  assert.deepEqual(ingress.ready.topics, topics, 'the topics it logs are the ones it was given');
  return { ingress, url: String(ingress.ready.public), ops: String(ingress.ready.ops), topic: topics.notifications };
}

/** Collects NotificationReceived events on `topic` whose subscription id starts with `prefix`. */
async function collect(brokers: string, topic: string, prefix: string) {
  const seen: NotificationReceivedV1[] = [];
  const traces = new Map<string, string | undefined>();
  const consumer = await runEventConsumer({
    kafka: createKafka({ brokers: [brokers], clientId: 'ingress-test', logger: quietLogger }),
    groupId: `ingress-test-${randomUUID()}`,
    topics: [topic],
    fromBeginning: true,
    logger: quietLogger,
    handleBatch: (batch) => {
      for (const { event, trace } of batch.events) {
        if (event.type === EventTypes.NotificationReceivedV1 && event.data.subscriptionId?.startsWith(prefix)) {
          seen.push(event.data);
          traces.set(event.data.subscriptionId, trace?.traceparent);
        }
      }
      return Promise.resolve();
    },
  });
  return { seen, traces, stop: () => consumer.stop() };
}

test('N concurrent pushes yield exactly N events on the broker, content intact', async (t) => {
  const { ingress, url, topic } = await startIngress(LOCAL_KAFKA_BROKERS);
  t.after(() => ingress.stop());
  const prefix = `conc-${randomUUID()}-`;
  const N = 200;
  const replies = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push(`${prefix}${i}`, i) }).then(
        async (r) => [r.status, await r.text()] as const,
      ),
    ),
  );
  assert.ok(
    replies.every(([status, body]) => status === 200 && body.includes('<SubscriptionStatus>OK</SubscriptionStatus>')),
  );

  const { seen, stop } = await collect(LOCAL_KAFKA_BROKERS, topic, prefix);
  t.after(stop);
  await waitFor('all pushes on the broker', () => seen.length >= N, 30_000).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 1_000)); // a duplicate would arrive within this
  assert.equal(seen.length, N);
  assert.equal(new Set(seen.map((d) => d.subscriptionId)).size, N, 'one event per push, none twice');
  const sample = seen.find((d) => d.subscriptionId === `${prefix}7`);
  const [message] = sample ? ewsMessagesOf(sample) : [];
  assert.ok(message?.responseClass === 'Success');
  assert.equal(message.previousWatermark, 'wm-7-prev');
  assert.deepEqual(
    message.events.map((e) => [e.kind, e.watermark, e.itemId?.changeKey]),
    [
      ['Created', 'wm-7-a', 'ck-7'],
      ['Modified', 'wm-7-b', 'ck-7-2'],
    ],
  );

  assert.equal(await ingress.stop(), 0, 'SIGTERM stops it cleanly');
});

test('broker down: 503 and never OK; broker back: accepted again without a restart', async (t) => {
  const kafka = await createPrivateKafka();
  await kafka.start();
  const { ingress, url, ops, topic } = await startIngress(kafka.brokers, { WebhookRecordTimeoutMs: '2000' });
  // Hooks run in the order added: the ingress goes before its broker.
  t.after(() => ingress.kill());
  t.after(() => kafka.destroy());
  const prefix = `outage-${randomUUID()}-`;
  const post = (n: number) =>
    fetch(`${url}/api/webhooks/exchange`, { method: 'POST', headers: XML, body: push(`${prefix}${n}`, n) });

  assert.equal((await post(0)).status, 200);

  await kafka.stop();
  const during = await Promise.all(
    [1, 2, 3].map(async (n) => {
      const r = await post(n);
      return [r.status, await r.text()] as const;
    }),
  );
  for (const [status, body] of during) {
    assert.equal(status, 503);
    assert.doesNotMatch(body, /SubscriptionStatus/);
  }

  await kafka.start();
  await waitFor('the ingress Ready with the broker back', async () => (await fetch(`${ops}/readyz`)).ok, 30_000);
  // The first pushes once the broker answers are taken: none waits behind a send the outage left
  // in the client's retry back-off (that held them past their deadline, a 503 from a Ready pod).
  const after = await Promise.all([100, 101, 102].map(async (n) => (await post(n)).status));
  assert.deepEqual(after, [200, 200, 200], 'accepts again at once when the broker is back');
  assert.equal(ingress.process.exitCode, null, 'the same process, not restarted');

  const { seen, stop } = await collect(kafka.brokers, topic, prefix);
  await waitFor(
    'pushes from before and after the outage',
    () =>
      seen.some((d) => d.subscriptionId === `${prefix}0`) &&
      seen.some((d) => Number(d.subscriptionId?.slice(prefix.length)) >= 100),
    30_000,
  ).catch(() => undefined);
  await stop();
  assert.ok(
    seen.some((d) => Number(d.subscriptionId?.slice(prefix.length)) >= 100),
    'the push acknowledged after the outage is on the broker',
  );
  assert.ok(
    seen.some((d) => d.subscriptionId === `${prefix}0`),
    'the push acknowledged before the outage is on the broker',
  );
});

test("with tracing on, the push's event carries the trace of the request that brought it", async (t) => {
  // Spans are exported nowhere useful here; the point is the context in the Kafka headers.
  const { ingress, url, topic } = await startIngress(LOCAL_KAFKA_BROKERS, {
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9',
  });
  t.after(() => ingress.stop());
  const prefix = `trace-${randomUUID()}-`;
  const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
  const res = await fetch(`${url}/api/webhooks/exchange`, {
    method: 'POST',
    headers: { ...XML, traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    body: push(`${prefix}0`, 0),
  });
  assert.equal(res.status, 200);
  const { seen, traces, stop } = await collect(LOCAL_KAFKA_BROKERS, topic, prefix);
  t.after(stop);
  await waitFor('the traced push', () => seen.length > 0, 30_000);
  assert.match(traces.get(`${prefix}0`) ?? '', new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
});
