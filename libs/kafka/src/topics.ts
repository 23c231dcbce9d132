// The layout of the rooms-sync topics. Their names are settings (libs/config `topicSettings`);
// a DLQ sits beside its topic as `<name>.dlq.v<N>`.
import type { TopicNames } from '@rooms-sync/config';

/** `x.v1` → `x.dlq.v1`; a name without a version suffix gets `.dlq.v1` appended. */
export function dlqTopicFor(topic: string): string {
  const match = /^(.*)\.(v\d+)$/.exec(topic);
  if (!match) return `${topic}.dlq.v1`;
  return `${match[1] ?? ''}.dlq.${match[2] ?? ''}`;
}

export type TopicSpec = {
  topic: string;
  partitions: number;
  retentionMs: number;
  /** Omit to take the broker's default. */
  replicationFactor?: number;
  /** Extra topic configs (e.g. `min.insync.replicas`). */
  config?: Readonly<Record<string, string>>;
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The four rooms-sync topics: two event topics and their DLQs (DLQs kept longer, for humans). */
export function roomsTopicSpecs(
  topics: TopicNames,
  options: { partitions?: number; retentionMs?: number; dlqRetentionMs?: number; replicationFactor?: number } = {},
): TopicSpec[] {
  const partitions = options.partitions ?? 12;
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const dlqRetentionMs = options.dlqRetentionMs ?? 30 * DAY_MS;
  const rf = options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor };
  return [
    { topic: topics.notifications, partitions, retentionMs, ...rf },
    { topic: topics.subscriptions, partitions, retentionMs, ...rf },
    { topic: dlqTopicFor(topics.notifications), partitions: 1, retentionMs: dlqRetentionMs, ...rf },
    { topic: dlqTopicFor(topics.subscriptions), partitions: 1, retentionMs: dlqRetentionMs, ...rf },
  ];
}
