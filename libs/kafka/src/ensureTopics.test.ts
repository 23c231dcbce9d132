import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureTopics } from './ensureTopics.ts';
import type { TopicAdmin } from './ensureTopics.ts';

function fakeAdmin(existing: Record<string, number>) {
  const topics = new Map(Object.entries(existing));
  const calls: Parameters<TopicAdmin['createTopics']>[0][] = [];
  const admin: TopicAdmin = {
    listTopics: () => Promise.resolve([...topics.keys()]),
    createTopics: (options) => {
      calls.push(options);
      for (const t of options.topics) topics.set(t.topic, t.numPartitions ?? 1);
      return Promise.resolve(true);
    },
    fetchTopicMetadata: ({ topics: names }) =>
      Promise.resolve({
        topics: names.map((name) => ({ name, partitions: Array.from({ length: topics.get(name) ?? 0 }) })),
      }),
  };
  return { admin, calls };
}

test('creates only missing topics with partitions and retention, then is a no-op', async () => {
  const { admin, calls } = fakeAdmin({ 'a.v1': 3 });
  const specs = [
    { topic: 'a.v1', partitions: 3, retentionMs: 1000 },
    { topic: 'b.v1', partitions: 2, retentionMs: 5000, replicationFactor: 1, config: { 'min.insync.replicas': '1' } },
  ];
  const first = await ensureTopics(admin, specs);
  assert.deepEqual(first, { created: ['b.v1'], existing: ['a.v1'], mismatched: [] });
  assert.deepEqual(calls[0]?.topics, [
    {
      topic: 'b.v1',
      numPartitions: 2,
      replicationFactor: 1,
      configEntries: [
        { name: 'retention.ms', value: '5000' },
        { name: 'min.insync.replicas', value: '1' },
      ],
    },
  ]);
  const second = await ensureTopics(admin, specs);
  assert.deepEqual(second.created, []);
  assert.equal(calls.length, 1);
});

test('reports a partition-count mismatch without touching the topic', async () => {
  const { admin, calls } = fakeAdmin({ 'a.v1': 6 });
  const result = await ensureTopics(admin, [{ topic: 'a.v1', partitions: 3, retentionMs: 1 }]);
  assert.deepEqual(result.mismatched, [{ topic: 'a.v1', partitions: 6, expected: 3 }]);
  assert.equal(calls.length, 0);
});
