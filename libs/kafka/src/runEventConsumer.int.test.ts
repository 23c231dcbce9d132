// The consumer loop against the real broker: DLQ for undecodable records, offsets only
// after success, the crash hook, and a consumer group (the kafkajs-on-Kafka-4 smoke test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent, EventTypes } from '@rooms-sync/events';
import type { KafkaMessage } from 'kafkajs';
import { createEventProducer } from './createEventProducer.ts';
import { readDeadLetterInfo } from './deadLetterMessage.ts';
import { runEventConsumer } from './runEventConsumer.ts';
import type { ConsumedEvent, CrashInfo, RunEventConsumerOptions } from './runEventConsumer.ts';
import { dropTopics, freshTopic, testKafka, uniqueName, waitFor } from './testing/testKafka.ts';
import type { KafkaClient } from './createKafka.ts';
import { dlqTopicFor } from './topics.ts';

const FAST = {
  maxWaitTimeMs: 100,
  heartbeatIntervalMs: 100,
  sessionTimeoutMs: 6000,
  retry: { retries: 1, initialRetryTimeMs: 50, maxRetryTimeMs: 200 },
};

const resync = (mailbox: string) =>
  createEvent(EventTypes.ResyncRequestedV1, { mailbox, reason: 'test' }, { source: 'test', subject: mailbox });

async function setup(t: { after: (fn: () => Promise<void>) => void }, partitions = 1) {
  const kafka = testKafka();
  const topic = await freshTopic(kafka, 'consumer', partitions);
  const producer = createEventProducer(kafka, { logger: kafka.logger });
  await producer.connect();
  t.after(async () => {
    await producer.disconnect();
    await dropTopics(kafka, [topic, dlqTopicFor(topic)]);
  });
  return { kafka, topic, producer };
}

async function readAll(kafka: KafkaClient, topic: string, count: number): Promise<KafkaMessage[]> {
  const out: KafkaMessage[] = [];
  const consumer = kafka.engine.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 100 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: ({ message }) => {
        out.push(message);
        return Promise.resolve();
      },
    });
    await waitFor(() => out.length >= count, 15_000, `${count} records on ${topic}`);
  } finally {
    await consumer.disconnect();
  }
  return out;
}

async function start(t: { after: (fn: () => Promise<void>) => void }, options: RunEventConsumerOptions) {
  const consumer = await runEventConsumer({ ...FAST, ...options });
  t.after(() => consumer.stop());
  return consumer;
}

test('undecodable records and handler give-ups go to the DLQ with error and origin; the rest is handled', async (t) => {
  const { kafka, topic, producer } = await setup(t);
  const good = resync('room@x');
  const giveUp = resync('poison@x');
  const valid = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
  const sent = await producer.sendRaw(topic, [
    { key: 'a', value: '{"not json' },
    { key: 'b', value: JSON.stringify({ ...valid, type: 'rooms.exchange.ResyncRequested.v7' }) },
    { key: 'c', value: JSON.stringify({ ...valid, data: { reason: 'no mailbox' } }) },
  ]);
  await producer.sendEvents(topic, [good, giveUp]);
  const baseOffset = Number(sent[0]?.baseOffset);

  const handled: ConsumedEvent[] = [];
  const counted: string[] = [];
  const groupId = uniqueName('group');
  await start(t, {
    kafka,
    groupId,
    topics: [topic],
    fromBeginning: true,
    logger: kafka.logger,
    onDeadLettered: ({ reason }) => counted.push(reason),
    handleBatch: async (batch) => {
      for (const consumed of batch.events) {
        if (consumed.event.subject === 'poison@x')
          await batch.deadLetter(consumed, { reason: 'apply_failed', details: 'row conflict' });
        else handled.push(consumed);
      }
    },
  });

  const dlq = await readAll(kafka, dlqTopicFor(topic), 4);
  assert.deepEqual(
    handled.map((h) => h.event),
    [good],
  );
  const infos = dlq.map((m) => readDeadLetterInfo(m.headers));
  assert.deepEqual(
    infos.map((i) => [i?.reason, i?.topic, i?.partition, i?.groupId]),
    [
      ['apply_failed', topic, 0, groupId],
      ['invalid_json', topic, 0, groupId],
      ['unknown_type', topic, 0, groupId],
      ['schema', topic, 0, groupId],
    ],
  );
  assert.deepEqual(
    infos.slice(1).map((i) => Number(i?.offset)),
    [baseOffset, baseOffset + 1, baseOffset + 2],
  );
  assert.equal(dlq[1]?.value?.toString(), '{"not json', 'the original bytes are kept');
  assert.equal(dlq[1].key?.toString(), 'a');
  assert.match(infos[3]?.details ?? '', /mailbox/);
  assert.equal(dlq[0]?.headers?.['dlq-event-id']?.toString(), giveUp.id);
  assert.deepEqual(counted.toSorted(), ['apply_failed', 'invalid_json', 'schema', 'unknown_type'], 'each one counted');
});

test('a failing handler leaves the offset unresolved: the batch comes again, then commits', async (t) => {
  const { kafka, topic, producer } = await setup(t);
  const events = [resync('a@x'), resync('b@x')];
  await producer.sendEvents(topic, events);
  let calls = 0;
  const seen: string[] = [];
  const groupId = uniqueName('group');
  const consumer = await start(t, {
    kafka,
    groupId,
    topics: [topic],
    fromBeginning: true,
    logger: kafka.logger,
    handleBatch: (batch) => {
      calls += 1;
      if (calls === 1) return Promise.reject(new Error('database briefly down'));
      seen.push(...batch.events.map((e) => e.event.id));
      return Promise.resolve();
    },
  });
  await waitFor(() => seen.length === 2, 15_000, 'redelivery');
  assert.deepEqual(
    seen,
    events.map((e) => e.id),
  );
  await consumer.stop();
  const admin = kafka.engine.admin();
  await admin.connect();
  const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  assert.equal(offsets?.partitions[0]?.offset, '2');
});

test('a programmer error is not retried: the crash hook hears restart=false', async (t) => {
  const { kafka, topic, producer } = await setup(t);
  await producer.sendEvents(topic, [resync('a@x')]);
  const crashes: CrashInfo[] = [];
  await start(t, {
    kafka,
    groupId: uniqueName('group'),
    topics: [topic],
    fromBeginning: true,
    logger: kafka.logger,
    onCrash: (info) => crashes.push(info),
    handleBatch: () => Promise.reject(new TypeError('cannot read properties of undefined')),
  });
  await waitFor(() => crashes.length > 0, 15_000, 'crash');
  assert.equal(crashes[0]?.restart, false);
  assert.ok(crashes[0].error instanceof TypeError);
});

test('consumer group: members split partitions, each event once, committed offsets survive members', async (t) => {
  const { kafka, topic, producer } = await setup(t, 2);
  const groupId = uniqueName('group');
  const got = new Map<string, string[]>();
  const assignments = new Map<string, number[]>();
  const member = (name: string) =>
    start(t, {
      kafka,
      groupId,
      topics: [topic],
      fromBeginning: true,
      logger: kafka.logger,
      onGroupJoin: ({ assignment }) => assignments.set(name, assignment[topic] ?? []),
      handleBatch: (batch) => {
        got.set(name, [...(got.get(name) ?? []), ...batch.events.map((e) => e.event.id)]);
        return Promise.resolve();
      },
    });
  const a = await member('a');
  const b = await member('b');
  const split = () => (assignments.get('a')?.length ?? 0) === 1 && (assignments.get('b')?.length ?? 0) === 1;
  await waitFor(split, 20_000, 'both members assigned one partition');

  const first = Array.from({ length: 20 }, (_, i) => resync(`room-${i}@x`));
  await producer.sendEvents(topic, first);
  const all = () => [...got.values()].flat();
  await waitFor(() => all().length >= first.length, 15_000, 'first events');
  assert.deepEqual(all().sort(), first.map((e) => e.id).sort(), 'each event exactly once');
  assert.ok((got.get('a')?.length ?? 0) > 0 && (got.get('b')?.length ?? 0) > 0, 'both members consumed');

  await a.stop();
  await b.stop();
  const later = [resync('room-x@x'), resync('room-y@x')];
  await producer.sendEvents(topic, later);
  await member('c');
  await waitFor(() => (got.get('c')?.length ?? 0) >= later.length, 15_000, 'later events');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.deepEqual(
    got.get('c')?.sort(),
    later.map((e) => e.id).sort(),
    'a new member resumes from the committed offsets',
  );
});
