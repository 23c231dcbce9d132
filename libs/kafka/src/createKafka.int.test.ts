// kafkajs on Node 24 used to warn `TimeoutNegativeWarning` as soon as a client talked to a
// broker (tulios/kafkajs#1751); patches/apply.mjs fixes it at install. This proves it with
// admin, producer and consumer connections against the real broker.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent, EventTypes } from '@rooms-sync/events';
import { createEventProducer } from './createEventProducer.ts';
import { runEventConsumer } from './runEventConsumer.ts';
import { dropTopics, freshTopic, memoryLogger, testKafka, uniqueName, waitFor } from './testing/testKafka.ts';
import { dlqTopicFor } from './topics.ts';

test('no TimeoutNegativeWarning when clients connect and work', async (t) => {
  const warnings: Error[] = [];
  const onWarning = (warning: Error) => {
    warnings.push(warning);
  };
  process.on('warning', onWarning);
  t.after(() => {
    process.off('warning', onWarning);
  });

  const logger = memoryLogger();
  const kafka = testKafka(logger);
  const topic = await freshTopic(kafka, 'warning');
  t.after(() => dropTopics(kafka, [topic, dlqTopicFor(topic)]));
  const producer = createEventProducer(kafka, { logger });
  await producer.connect();
  await producer.sendEvents(topic, [
    createEvent(EventTypes.ResyncRequestedV1, { mailbox: 'm', reason: 'r' }, { source: 'test', subject: 'm' }),
  ]);
  let consumed = 0;
  const consumer = await runEventConsumer({
    kafka,
    groupId: uniqueName('group'),
    topics: [topic],
    fromBeginning: true,
    logger,
    maxWaitTimeMs: 100,
    handleBatch: (batch) => {
      consumed += batch.events.length;
      return Promise.resolve();
    },
  });
  await waitFor(() => consumed === 1, 15_000, 'one event');
  await consumer.stop();
  await producer.disconnect();
  // Warnings are emitted on the next tick.
  await new Promise((resolve) => setImmediate(resolve));

  const negative = warnings.filter((w) => w.name === 'TimeoutNegativeWarning');
  assert.deepEqual(
    negative.map((w) => w.message),
    [],
  );
  assert.deepEqual(
    logger.lines.filter((l) => l.level === 'warn' || l.level === 'error'),
    [],
  );
});
