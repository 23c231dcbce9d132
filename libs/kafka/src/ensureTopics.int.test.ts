import assert from 'node:assert/strict';
import { test } from 'node:test';
// Not a named export kafkajs's CommonJS entry exposes to ESM.
import kafkajs from 'kafkajs';
import { ensureTopics } from './ensureTopics.ts';
import { dropTopics, testKafka, uniqueName } from './testing/testKafka.ts';
import { dlqTopicFor } from './topics.ts';
import type { TopicSpec } from './topics.ts';
import { withAdmin } from './withAdmin.ts';

test('creates topics with partitions and retention, and is idempotent', async (t) => {
  const kafka = testKafka();
  const topic = `${uniqueName('ensure')}.v1`;
  const specs: TopicSpec[] = [
    { topic, partitions: 3, retentionMs: 86_400_000, replicationFactor: 1 },
    { topic: dlqTopicFor(topic), partitions: 1, retentionMs: 172_800_000, replicationFactor: 1 },
  ];
  t.after(() =>
    dropTopics(
      kafka,
      specs.map((s) => s.topic),
    ),
  );

  await withAdmin(kafka, async (admin) => {
    const first = await ensureTopics(admin, specs);
    assert.deepEqual(first.created, [topic, dlqTopicFor(topic)]);
    const again = await Promise.all([ensureTopics(admin, specs), ensureTopics(admin, specs)]);
    for (const result of again)
      assert.deepEqual(result, { created: [], existing: [topic, dlqTopicFor(topic)], mismatched: [] });
    const mismatch = await ensureTopics(admin, [{ ...specs[0]!, partitions: 4 }]);
    assert.deepEqual(mismatch.mismatched, [{ topic, partitions: 3, expected: 4 }]);
  });

  const engineAdmin = kafka.engine.admin();
  await engineAdmin.connect();
  t.after(() => engineAdmin.disconnect());
  const metadata = await engineAdmin.fetchTopicMetadata({ topics: [topic] });
  assert.equal(metadata.topics[0]?.partitions.length, 3);
  const configs = await engineAdmin.describeConfigs({
    includeSynonyms: false,
    resources: [{ type: kafkajs.ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
  });
  assert.equal(
    configs.resources[0]?.configEntries.find((c) => c.configName === 'retention.ms')?.configValue,
    '86400000',
  );
});

test('a creation race between two instances is not an error', async (t) => {
  const kafka = testKafka();
  const topic = `${uniqueName('race')}.v1`;
  t.after(() => dropTopics(kafka, [topic]));
  const spec: TopicSpec[] = [{ topic, partitions: 1, retentionMs: 3_600_000, replicationFactor: 1 }];
  const results = await Promise.all([
    withAdmin(kafka, (admin) => ensureTopics(admin, spec)),
    withAdmin(kafka, (admin) => ensureTopics(admin, spec)),
  ]);
  assert.ok(results.every((r) => r.created.length + r.existing.length === 1));
});
