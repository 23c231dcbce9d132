// Produce → consume round trip against the real broker, schema-validated both ways.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { createEvent, EventTypes, EventValidationError } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { createEventProducer } from './createEventProducer.ts';
import { createKafka } from './createKafka.ts';
import { KafkaUnavailableError } from './errors.ts';
import { runEventConsumer } from './runEventConsumer.ts';
import type { ConsumedEvent } from './runEventConsumer.ts';
import { dlqTopicFor } from './topics.ts';
import { dropTopics, freshTopic, memoryLogger, testKafka, uniqueName, waitFor } from './testing/testKafka.ts';

const TRACE = { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: 'rooms=1' };

test('events produced are consumed intact, validated, with trace headers', async (t) => {
  const kafka = testKafka();
  const topic = await freshTopic(kafka, 'roundtrip', 2);
  const producer = createEventProducer(kafka, { logger: kafka.logger });
  await producer.connect();
  t.after(async () => {
    await producer.disconnect();
    await dropTopics(kafka, [topic, dlqTopicFor(topic)]);
  });

  const events: RoomsEvent[] = [
    createEvent(
      EventTypes.SubscriptionCreatedV1,
      {
        subscriptionId: 'sub-1',
        mailbox: 'room-1@x',
        folder: 'calendar',
        callbackUrl: 'https://h/api/webhooks/exchange',
        callbackRule: 'override',
        statusFrequencyMinutes: 1,
      },
      { source: 'test', subject: 'room-1@x' },
    ),
    createEvent(
      EventTypes.ResyncRequestedV1,
      { mailbox: 'room-2@x', reason: 'ErrorInvalidWatermark' },
      { source: 'test', subject: 'room-2@x' },
    ),
    createEvent(
      EventTypes.SubscriptionRemovedV1,
      { mailbox: 'room-1@x', subscriptionId: 'sub-1', reason: 'gone' },
      { source: 'test', subject: 'room-1@x' },
    ),
  ];
  const sent = await producer.sendEvents(topic, events, { trace: TRACE });
  assert.ok(sent.length >= 1 && sent.every((r) => r.topic === topic));

  const received: ConsumedEvent[] = [];
  const consumer = await runEventConsumer({
    kafka,
    groupId: uniqueName('group'),
    topics: [topic],
    fromBeginning: true,
    logger: kafka.logger,
    maxWaitTimeMs: 100,
    handleBatch: (batch) => {
      received.push(...batch.events);
      return Promise.resolve();
    },
  });
  t.after(() => consumer.stop());
  await waitFor(() => received.length === events.length, 15_000, 'three events');

  const byId = new Map(received.map((r) => [r.event.id, r]));
  for (const event of events) assert.deepEqual(byId.get(event.id)?.event, event);
  for (const r of received) {
    assert.deepEqual(r.trace, TRACE);
    assert.equal(r.message.headers?.traceparent?.toString(), TRACE.traceparent);
    assert.equal(r.message.key?.toString(), r.event.subject);
  }
  // Same key, same partition, produce order kept.
  const room1 = received.filter((r) => r.event.subject === 'room-1@x');
  assert.equal(new Set(room1.map((r) => r.partition)).size, 1);
  assert.deepEqual(
    room1.map((r) => r.event.type),
    [EventTypes.SubscriptionCreatedV1, EventTypes.SubscriptionRemovedV1],
  );
});

test('an invalid event is refused before anything is sent', async (t) => {
  const kafka = testKafka();
  const producer = createEventProducer(kafka, { logger: kafka.logger });
  await producer.connect();
  t.after(() => producer.disconnect());
  const good = createEvent(
    EventTypes.ResyncRequestedV1,
    { mailbox: 'm', reason: 'r' },
    { source: 'test', subject: 'm' },
  );
  const bad = { ...good, time: 'not a time' };
  await assert.rejects(producer.sendEvents('never.created.v1', [good, bad]), EventValidationError);
});

test('an unreachable broker is a KafkaUnavailableError', async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  const kafka = createKafka({
    brokers: [`127.0.0.1:${port}`],
    clientId: 'unreachable',
    logger: memoryLogger(),
    retry: { retries: 0 },
  });
  const producer = createEventProducer(kafka, { logger: kafka.logger });
  await assert.rejects(producer.connect(), (err: unknown) => err instanceof KafkaUnavailableError && err.retriable);
  await producer.disconnect();
});

test('after a failed send the producer recovers with a fresh one', async (t) => {
  const kafka = testKafka();
  const topic = await freshTopic(kafka, 'recover');
  const producer = createEventProducer(kafka, { logger: kafka.logger, retries: 1, ackTimeoutMs: 2000 });
  await producer.connect();
  t.after(async () => {
    await producer.disconnect();
    await dropTopics(kafka, [topic, dlqTopicFor(topic)]);
  });
  const event = createEvent(
    EventTypes.ResyncRequestedV1,
    { mailbox: 'm', reason: 'r' },
    { source: 'test', subject: 'm' },
  );
  await assert.rejects(
    producer.sendEvents(`${uniqueName('missing')}.v1`, [event]),
    (err: unknown) => err instanceof KafkaUnavailableError,
  );
  const sent = await producer.sendEvents(topic, [event]);
  assert.equal(sent[0]?.topic, topic);
});
