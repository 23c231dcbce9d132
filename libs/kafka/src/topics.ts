// Topic names and their default layout. Names carry the format version (`.v1`); a DLQ
// sits beside its topic as `<name>.dlq.v<N>`.
import { EventTypes } from '@rooms-sync/events';
import type { RoomsEventType } from '@rooms-sync/events';

export const NOTIFICATIONS_TOPIC = 'rooms.exchange.notifications.v1';
export const SUBSCRIPTIONS_TOPIC = 'rooms.exchange.subscriptions.v1';
export const NOTIFICATIONS_DLQ_TOPIC = 'rooms.exchange.notifications.dlq.v1';
export const SUBSCRIPTIONS_DLQ_TOPIC = 'rooms.exchange.subscriptions.dlq.v1';

/** `x.v1` → `x.dlq.v1`; a name without a version suffix gets `.dlq.v1` appended. */
export function dlqTopicFor(topic: string): string {
  const match = /^(.*)\.(v\d+)$/.exec(topic);
  if (!match) return `${topic}.dlq.v1`;
  return `${match[1] ?? ''}.dlq.${match[2] ?? ''}`;
}

/** Where each event type is produced. ResyncRequested rides with the lifecycle events (key: mailbox). */
export function topicForEventType(type: RoomsEventType): string {
  return type === EventTypes.NotificationReceivedV1 ? NOTIFICATIONS_TOPIC : SUBSCRIPTIONS_TOPIC;
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
  options: { partitions?: number; retentionMs?: number; dlqRetentionMs?: number; replicationFactor?: number } = {},
): TopicSpec[] {
  const partitions = options.partitions ?? 12;
  const retentionMs = options.retentionMs ?? 7 * DAY_MS;
  const dlqRetentionMs = options.dlqRetentionMs ?? 30 * DAY_MS;
  const rf = options.replicationFactor === undefined ? {} : { replicationFactor: options.replicationFactor };
  return [
    { topic: NOTIFICATIONS_TOPIC, partitions, retentionMs, ...rf },
    { topic: SUBSCRIPTIONS_TOPIC, partitions, retentionMs, ...rf },
    { topic: NOTIFICATIONS_DLQ_TOPIC, partitions: 1, retentionMs: dlqRetentionMs, ...rf },
    { topic: SUBSCRIPTIONS_DLQ_TOPIC, partitions: 1, retentionMs: dlqRetentionMs, ...rf },
  ];
}
