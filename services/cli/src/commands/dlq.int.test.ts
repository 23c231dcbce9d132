import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  createEventProducer,
  createKafka,
  deadLetterMessage,
  dlqTopicFor,
  ensureTopics,
  withAdmin,
} from '@rooms-sync/kafka';
import { silentLogger as quiet } from '@rooms-sync/lifecycle';
import { consumeToEnd } from '@rooms-sync/projection';
import { captureIo } from '../testing/captureIo.ts';
import { dlq } from './dlq.ts';

const BROKERS = process.env.KafkaBrokers ?? '127.0.0.1:9092';

const io = (env: Record<string, string>) => captureIo({ ROOMS_APPSETTINGS_PATH: '', ...env });

test('dlq list shows dead letters; dlq replay sends originals back once', { timeout: 90_000 }, async (t) => {
  const suffix = randomUUID().slice(0, 8);
  const topic = `test.dlqcmd-n-${suffix}.v1`;
  const env = {
    KafkaBrokers: BROKERS,
    NotificationsTopic: topic,
    SubscriptionsTopic: `test.dlqcmd-s-${suffix}.v1`,
    ProjectorConsumerGroup: `dlqcmd-${suffix}`,
  };
  const kafka = createKafka({ brokers: [BROKERS], clientId: 'dlq-test', logger: quiet });
  await withAdmin(kafka, (admin) =>
    ensureTopics(admin, [
      { topic, partitions: 1, retentionMs: 3_600_000 },
      { topic: dlqTopicFor(topic), partitions: 1, retentionMs: 3_600_000 },
    ]),
  );
  const producer = createEventProducer(kafka, { logger: quiet });
  await producer.connect();
  t.after(() => producer.disconnect());
  const letters = [0, 1].map((n) =>
    deadLetterMessage(
      {
        topic,
        partition: 0,
        offset: String(40 + n),
        key: 'room-101@contoso.example',
        value: Buffer.from(`{"n":${n}}`),
        headers: { 'event-type': 'x' },
      },
      {
        reason: 'exchange_error',
        details: `GetItem ErrorServerBusy #${n}`,
        groupId: env.ProjectorConsumerGroup,
        eventId: `e-${n}`,
      },
    ),
  );
  await producer.sendRaw(dlqTopicFor(topic), letters);

  const listed = io(env);
  assert.equal(await dlq.run(['dlq', 'list', '--json'], listed.io), 0, listed.err());
  assert.equal(listed.err(), '');
  const rows = JSON.parse(listed.out()) as { origin: string; reason: string; eventId: string }[];
  assert.deepEqual(
    rows.map((r) => [r.origin, r.reason, r.eventId]),
    [
      [`${topic}[0]@40`, 'exchange_error', 'e-0'],
      [`${topic}[0]@41`, 'exchange_error', 'e-1'],
    ],
  );

  const replayed = io(env);
  assert.equal(await dlq.run(['replay', '--limit', '5'], replayed.io), 0, replayed.err());
  assert.match(replayed.out(), /2 replayed/);
  const again = io(env);
  assert.equal(await dlq.run(['replay'], again.io), 0);
  assert.match(again.out(), /0 replayed/, 'the replay position is remembered');

  const back: { value: string; headers: string[] }[] = [];
  await consumeToEnd({
    kafka,
    groupId: `dlq-test-${suffix}`,
    topics: [topic],
    commit: false,
    onMessage: (m) => {
      back.push({ value: m.value?.toString() ?? '', headers: Object.keys(m.headers ?? {}) });
      return Promise.resolve();
    },
  });
  assert.deepEqual(
    back,
    [
      { value: '{"n":0}', headers: ['event-type'] },
      { value: '{"n":1}', headers: ['event-type'] },
    ],
    'originals back, without dlq-* headers',
  );
});
