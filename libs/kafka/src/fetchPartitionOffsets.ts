// Where each partition of a topic begins, ends and, optionally, where a point in time falls
// in it: what a reader needs to start from a lookback window instead of the beginning, and
// to know how much it skipped and how much it still has to read.
import { retry } from '@rooms-sync/lifecycle';
import type { RetryOptions } from '@rooms-sync/lifecycle';
import type { KafkaClient } from './createKafka.ts';

// A topic just created (by this service or by another one starting beside it) has no partition
// leader for a moment: ListOffsets answers NOT_LEADER_FOR_PARTITION, which kafkajs marks
// retriable. Seen on a fresh broker when three services started at once.
const NEW_TOPIC_RETRY: RetryOptions = { retries: 8, initialMs: 100, maxMs: 2_000, factor: 2, jitter: 0.2 };

export type PartitionOffsets = {
  partition: number;
  /** Log start: the oldest offset still kept. */
  low: bigint;
  /** High watermark: the next offset to be written. */
  high: bigint;
  /**
   * With a timestamp: the first offset whose record time is at or after it (`high` when none
   * is), by the broker's time index (CreateTime unless the topic says LogAppendTime).
   * Without one: `low`.
   */
  at: bigint;
};

/** One admin connection; the topic must exist. Retriable broker errors are retried for a few seconds. */
export async function fetchPartitionOffsets(
  kafka: KafkaClient,
  topic: string,
  timestamp?: number,
  retryOptions: RetryOptions = NEW_TOPIC_RETRY,
): Promise<PartitionOffsets[]> {
  return retry(() => fetchOnce(kafka, topic, timestamp), {
    ...retryOptions,
    onRetry: ({ error, attempt, delayMs }) => {
      kafka.logger.warn({ err: error, topic, attempt, delayMs }, 'partition offsets not available yet; retrying');
    },
  });
}

async function fetchOnce(
  kafka: KafkaClient,
  topic: string,
  timestamp: number | undefined,
): Promise<PartitionOffsets[]> {
  const admin = kafka.engine.admin();
  await admin.connect();
  try {
    const bounds = await admin.fetchTopicOffsets(topic);
    const byTime = timestamp === undefined ? [] : await admin.fetchTopicOffsetsByTimestamp(topic, timestamp);
    return bounds
      .map((p): PartitionOffsets => {
        const low = BigInt(p.low);
        const high = BigInt(p.high);
        const found = byTime.find((t) => t.partition === p.partition);
        // Clamped: the two answers are two requests, records may be appended (or aged out) in between.
        const at = found === undefined ? low : clamp(BigInt(found.offset), low, high);
        return { partition: p.partition, low, high, at };
      })
      .sort((a, b) => a.partition - b.partition);
  } finally {
    await admin.disconnect();
  }
}

function clamp(value: bigint, min: bigint, max: bigint): bigint {
  return value < min ? min : value > max ? max : value;
}
