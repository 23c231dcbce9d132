// TLS and SASL for the broker connection, from the settings every service shares.
// A SASL mechanism without its credentials is a configuration error, named once at start.
import {
  ConfigError,
  type KafkaSecuritySettings,
  type SourcesOf,
  type kafkaSecuritySettings,
} from '@rooms-sync/config';

export type KafkaSasl =
  | { mechanism: 'plain'; username: string; password: string }
  | { mechanism: 'scram-sha-256'; username: string; password: string }
  | { mechanism: 'scram-sha-512'; username: string; password: string };
export type KafkaSecurity = { tls: boolean; sasl?: KafkaSasl };

export function kafkaSecurity(
  s: KafkaSecuritySettings,
  sources: SourcesOf<typeof kafkaSecuritySettings>,
): { ok: true; security: KafkaSecurity } | { ok: false; errors: ConfigError[] } {
  if (s.KafkaSaslMechanism === 'none') return { ok: true, security: { tls: s.KafkaTls } };
  const errors: ConfigError[] = [];
  for (const key of ['KafkaSaslUsername', 'KafkaSaslPassword'] as const) {
    if (s[key] === undefined)
      errors.push(
        new ConfigError({
          key,
          source: sources[key],
          reason: `required when KafkaSaslMechanism=${s.KafkaSaslMechanism}`,
        }),
      );
  }
  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    security: {
      tls: s.KafkaTls,
      sasl: {
        mechanism: s.KafkaSaslMechanism,
        username: s.KafkaSaslUsername ?? '',
        password: s.KafkaSaslPassword ?? '',
      },
    },
  };
}
