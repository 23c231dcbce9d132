import { parsers } from './parsers.ts';
import { setting } from './setting.ts';
import type { SettingsOf } from './setting.ts';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

// 0 lets the OS pick a port, which tests rely on.
const port = parsers.int({ min: 0, max: 65_535 });

/**
 * Infrastructure keys every service shares. Ports and the Kafka client id differ per service, so
 * they carry no default here; a service sets its own with withDefault (e.g. OpsPort 9101).
 */
export const infraSettings = {
  KafkaBrokers: setting(parsers.list(), { default: ['127.0.0.1:9092'] }),
  KafkaClientId: setting(parsers.string()),
  DatabaseUrl: setting(parsers.url({ protocols: ['postgres:', 'postgresql:'] }), {
    default: 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync',
  }),
  LogLevel: setting(parsers.oneOf(LOG_LEVELS), { default: 'info' }),
  OpsPort: setting(port),
  HttpPort: setting(port),
  KafkaTopicPartitions: setting(parsers.int({ min: 1, max: 10_000 }), { default: 6 }),
  KafkaTopicRetentionMs: setting(parsers.int({ min: 1 }), { default: 7 * 24 * 60 * 60 * 1000 }),
} as const;

export type InfraSettings = SettingsOf<typeof infraSettings>;

/** Kafka transport security; SASL credentials come from a Secret in the chart. */
export const KAFKA_SASL_MECHANISMS = ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const;
export const kafkaSecuritySettings = {
  KafkaTls: setting(parsers.bool(), { default: false }),
  /** "" in the chart means none (an empty value counts as unset). */
  KafkaSaslMechanism: setting(parsers.oneOf(KAFKA_SASL_MECHANISMS), { default: 'none' }),
  KafkaSaslUsername: setting(parsers.string()),
  KafkaSaslPassword: setting(parsers.string()),
} as const;

export type KafkaSecuritySettings = SettingsOf<typeof kafkaSecuritySettings>;
