// Every key the ingress reads, with its default. Values come from
// RoomsAppSettings.config, each overridable by an environment variable.
import {
  infraSettings,
  kafkaSecuritySettings,
  loadServiceConfig,
  parsers,
  setting,
  topicSettings,
  withDefault,
  withChecks,
} from '@rooms-sync/config';
import type { Env } from '@rooms-sync/config';
import { kafkaSecurity } from '@rooms-sync/kafka';

export const ingressSettings = {
  KafkaBrokers: infraSettings.KafkaBrokers,
  ...kafkaSecuritySettings,
  KafkaClientId: withDefault(infraSettings.KafkaClientId, 'webhook-ingress'),
  KafkaTopicPartitions: infraSettings.KafkaTopicPartitions,
  KafkaTopicRetentionMs: infraSettings.KafkaTopicRetentionMs,
  ...topicSettings,
  LogLevel: infraSettings.LogLevel,
  HttpPort: withDefault(infraSettings.HttpPort, 8080),
  OpsPort: withDefault(infraSettings.OpsPort, 9101),
  /** 127.0.0.1 on a laptop; the chart sets 0.0.0.0 inside the pod. */
  ListenAddress: setting(parsers.string(), { default: '127.0.0.1' }),
  WebhookMaxBodyBytes: setting(parsers.int({ min: 1024, max: 64 * 1024 * 1024 }), { default: 1024 * 1024 }),
  /** Exchange gives up on a push after about 20 s; answer 503 well before that. */
  WebhookRecordTimeoutMs: setting(parsers.int({ min: 100, max: 60_000 }), { default: 5_000 }),
  WebhookLegacyPathEnabled: setting(parsers.bool(), { default: true }),
  /** CIDRs allowed to push; empty: every source (the ingress controller usually filters). */
  WebhookAllowedSources: setting(parsers.list(), { default: [] }),
  /** Proxies whose X-Forwarded-For is believed. */
  WebhookTrustedProxies: setting(parsers.list(), { default: [] }),
  /** Requests per second per source; 0 turns the limit off. */
  WebhookRateLimitPerSecond: setting(parsers.int({ min: 0, max: 1_000_000 }), { default: 0 }),
  WebhookRateLimitBurst: setting(parsers.int({ min: 1, max: 1_000_000 }), { default: 50 }),
} as const;

/**
 * Every check the ingress makes of its settings before it touches the network: the file, the env
 * overrides, then the Kafka security block. The chart test runs it on the chart's rendered ConfigMap.
 */
export function readIngressConfig(env: Env, argv: readonly string[]) {
  const config = loadServiceConfig(ingressSettings, { env, argv });
  if (!config.ok) return config;
  return withChecks(config, kafkaSecurity);
}
