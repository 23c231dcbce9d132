import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KafkaClient } from './createKafka.ts';
import { fetchPartitionOffsets } from './fetchPartitionOffsets.ts';
import type { RetryOptions } from '@rooms-sync/lifecycle';

const NO_WAIT: RetryOptions = { retries: 3, initialMs: 1, maxMs: 1, factor: 1, jitter: 0, sleep: async () => {} };
const NOT_LEADER = Object.assign(new Error('This server is not the leader for that topic-partition'), {
  retriable: true,
});

/** A client whose admin answers fetchTopicOffsets from `answers`, one per call (an Error is thrown). */
function clientAnswering(answers: (Error | { partition: number; low: string; high: string }[])[]) {
  const warnings: unknown[] = [];
  let calls = 0;
  const admin = {
    connect: async () => {},
    disconnect: async () => {},
    fetchTopicOffsets: () => {
      const answer = answers[calls++];
      if (answer === undefined || answer instanceof Error)
        return Promise.reject(answer ?? new Error('no more answers'));
      return Promise.resolve(answer);
    },
  };
  const client = {
    engine: { admin: () => admin },
    logger: { warn: (fields: unknown) => warnings.push(fields), debug() {}, info() {}, error() {} },
  } as unknown as KafkaClient;
  return { client, warnings, calls: () => calls };
}

describe('fetchPartitionOffsets', () => {
  it('retries while a new topic has no partition leader yet', async () => {
    const fake = clientAnswering([NOT_LEADER, NOT_LEADER, [{ partition: 0, low: '0', high: '7' }]]);
    const offsets = await fetchPartitionOffsets(fake.client, 'rooms.t', undefined, NO_WAIT);
    assert.deepEqual(offsets, [{ partition: 0, low: 0n, high: 7n, at: 0n }]);
    assert.equal(fake.calls(), 3);
    assert.equal(fake.warnings.length, 2);
  });

  it('does not retry an error the broker marks final', async () => {
    const final = Object.assign(new Error('This server does not host this topic-partition'), { retriable: false });
    const fake = clientAnswering([final, [{ partition: 0, low: '0', high: '1' }]]);
    await assert.rejects(fetchPartitionOffsets(fake.client, 'rooms.t', undefined, NO_WAIT), /does not host/);
    assert.equal(fake.calls(), 1);
  });

  it('gives up after its retries', async () => {
    const fake = clientAnswering([NOT_LEADER, NOT_LEADER, NOT_LEADER, NOT_LEADER, NOT_LEADER]);
    await assert.rejects(fetchPartitionOffsets(fake.client, 'rooms.t', undefined, NO_WAIT), /gave up after 4 attempt/);
  });
});
