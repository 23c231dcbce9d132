// What every service does with Kafka before it produces or consumes: make sure the rooms topics
// (and their DLQs) exist as the settings describe them, and say so when an existing topic has a
// different partition count (Kafka never shrinks one; growing it reshuffles the keys).
import type { Logger } from '@rooms-sync/lifecycle';
import type { KafkaClient } from './createKafka.ts';
import { ensureTopics } from './ensureTopics.ts';
import type { EnsureTopicsResult } from './ensureTopics.ts';
import { roomsTopicSpecs } from './topics.ts';
import type { TopicNames } from '@rooms-sync/config';
import { withAdmin } from './withAdmin.ts';

export interface TopicSettings {
  readonly KafkaTopicPartitions: number;
  readonly KafkaTopicRetentionMs: number;
}

export async function ensureRoomsTopics(
  kafka: KafkaClient,
  topics: TopicNames,
  settings: TopicSettings,
  logger: Pick<Logger, 'warn'>,
): Promise<EnsureTopicsResult> {
  const specs = roomsTopicSpecs(topics, {
    partitions: settings.KafkaTopicPartitions,
    retentionMs: settings.KafkaTopicRetentionMs,
  });
  const ensured = await withAdmin(kafka, (admin) => ensureTopics(admin, specs));
  if (ensured.mismatched.length > 0) {
    logger.warn({ mismatched: ensured.mismatched }, 'topic partition counts differ from the settings');
  }
  return ensured;
}
