// The Kafka topic names, one row each. Every service that reads or writes a topic takes its name
// from this table, so one key means one topic everywhere (the chart's extraAppSettings, a test's
// topics of its own, two deployments side by side on one cluster). The DLQ of a topic is named
// after it (libs/kafka `dlqTopicFor`), so it needs no key of its own.
import type { Parser } from './parsers.ts';
import { setting } from './setting.ts';
import type { SettingsOf } from './setting.ts';

/** The production names (docs/architecture.md §4); the names carry the format version. */
export const DEFAULT_TOPICS = {
  notifications: 'rooms.exchange.notifications.v1',
  subscriptions: 'rooms.exchange.subscriptions.v1',
} as const;

// Kafka's own rule for topic names, short enough that the DLQ name (`.dlq` added) fits too: a bad
// name then stops the service at start, naming the key, not at its first produce.
const topicName: Parser<string> = {
  kind: 'Kafka topic name',
  parse: (raw) =>
    /^[a-zA-Z0-9._-]{1,245}$/.test(raw) && raw !== '.' && raw !== '..'
      ? { ok: true, value: raw }
      : { ok: false, reason: 'not a Kafka topic name (letters, digits, . _ -; at most 245)' },
};

export const topicSettings = {
  /** NotificationReceived: the ingress writes, the manager and the projector read. */
  NotificationsTopic: setting(topicName, { default: DEFAULT_TOPICS.notifications }),
  /** The subscription lifecycle and ResyncRequested: the manager writes, all three services read. */
  SubscriptionsTopic: setting(topicName, { default: DEFAULT_TOPICS.subscriptions }),
} as const;

export type TopicSettings = SettingsOf<typeof topicSettings>;

/** The two event topics of one deployment, by role. */
export interface TopicNames {
  readonly notifications: string;
  readonly subscriptions: string;
}

export function topicNames(settings: TopicSettings): TopicNames {
  return { notifications: settings.NotificationsTopic, subscriptions: settings.SubscriptionsTopic };
}
