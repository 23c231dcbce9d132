// The private reader against the real broker: after a crash it reads on under a new group from
// the record after the last one handled, so nothing handled comes again and nothing is skipped;
// an undecodable record is passed over, not dead-lettered (the topic's processor does that).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent, EventTypes } from '@rooms-sync/events';
import { createEventProducer } from './createEventProducer.ts';
import { runPrivateReader } from './runPrivateReader.ts';
import { dropTopics, freshTopic, testKafka, uniqueName, waitFor } from './testing/testKafka.ts';
import { dlqTopicFor } from './topics.ts';

const resync = (mailbox: string) =>
  createEvent(EventTypes.ResyncRequestedV1, { mailbox, reason: 'test' }, { source: 'test', subject: mailbox });

test('a crashed private reader starts again in a new group from where it stopped', async (t) => {
  const kafka = testKafka();
  const topic = await freshTopic(kafka, 'private', 1);
  const producer = createEventProducer(kafka, { logger: kafka.logger });
  await producer.connect();
  t.after(async () => {
    await producer.disconnect();
    await dropTopics(kafka, [topic, dlqTopicFor(topic)]);
  });
  const mailboxes = Array.from({ length: 6 }, (_, i) => `room-${String(i)}@x`);
  await producer.sendEvents(topic, mailboxes.slice(0, 2).map(resync));
  await producer.sendRaw(topic, [{ key: 'x', value: '{"not json' }]);
  await producer.sendEvents(topic, mailboxes.slice(2, 3).map(resync));

  const handled: string[] = [];
  const states: string[] = [];
  let failOn: string | undefined = mailboxes[4];
  const prefix = uniqueName('private');
  const reader = runPrivateReader({
    kafka,
    groupPrefix: prefix,
    topics: [topic],
    fromBeginning: true,
    logger: kafka.logger,
    maxWaitTimeMs: 100,
    maxBatchSize: 1,
    retry: { retries: 0 },
    backoff: { initialMs: 50, maxMs: 50 },
    onState: (state) => states.push(state.phase),
    handleBatch: (batch) => {
      for (const { event } of batch.events) {
        const { mailbox } = event.data as { mailbox: string };
        if (mailbox === failOn) {
          failOn = undefined;
          return Promise.reject(new Error('handler failed once'));
        }
        handled.push(mailbox);
      }
      return Promise.resolve();
    },
  });
  t.after(() => reader.stop());
  await waitFor(() => handled.length === 3, 15_000, 'the first three records');
  await producer.sendEvents(topic, mailboxes.slice(3).map(resync));
  await waitFor(() => handled.length === 6, 30_000, 'the rest, after the crash');

  assert.deepEqual(handled, mailboxes);
  assert.deepEqual(states, ['running', 'starting', 'running']);
  const admin = kafka.engine.admin();
  await admin.connect();
  try {
    const { groups } = await admin.listGroups();
    const dlq = await admin.fetchTopicOffsets(dlqTopicFor(topic));
    assert.deepEqual(
      dlq.map((p) => p.high),
      ['0'],
      'nothing dead-lettered',
    );
    const ours = groups.filter((g) => g.groupId.startsWith(`${prefix}-`));
    assert.equal(ours.length, 2, 'one group per start');
    const committed = await admin.fetchOffsets({ groupId: ours[0]?.groupId ?? '', topics: [topic] });
    assert.deepEqual(
      committed.flatMap((c) => c.partitions.map((p) => p.offset)),
      ['-1'],
      'positions are kept in the process, not committed',
    );
  } finally {
    await admin.disconnect();
  }
});
