// The one place a kafkajs client is built. Everything else in the product holds a
// KafkaClient and calls libs/kafka functions, so another engine can replace kafkajs here.
import { Kafka, logLevel as engineLogLevel } from 'kafkajs';
import type { LogEntry, logCreator } from 'kafkajs';
import type { Logger } from '@rooms-sync/lifecycle';

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

import type { KafkaSecurity } from './kafkaSecurity.ts';

export type KafkaOptions = {
  brokers: string[];
  /** TLS and SASL; plaintext when absent (the local broker). */
  security?: KafkaSecurity;
  clientId: string;
  logger: Logger;
  /** Engine log level; default `warn` (kafkajs is chatty at info). */
  logLevel?: KafkaLogLevel;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Engine-level retries for connects and requests (kafkajs `retry`). */
  retry?: { retries?: number; initialRetryTimeMs?: number; maxRetryTimeMs?: number };
};

export interface KafkaClient {
  readonly clientId: string;
  readonly logger: Logger;
  /** The kafkajs client. Only libs/kafka (and its tests) should reach for it. */
  readonly engine: Kafka;
}

const LEVELS: Record<KafkaLogLevel, engineLogLevel> = {
  error: engineLogLevel.ERROR,
  warn: engineLogLevel.WARN,
  info: engineLogLevel.INFO,
  debug: engineLogLevel.DEBUG,
};

// kafkajs warns this whenever an idempotent producer has finite retries. Ours are finite on
// purpose and createEventProducer replaces the producer after a failed send, which is what
// the warning is about; so it is debug here, not a warning every start.
const HANDLED_WARNINGS = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

function bridge(logger: Logger): logCreator {
  return () => (entry: LogEntry) => {
    const { message, ...extra } = entry.log;
    const fields: Record<string, unknown> = { component: 'kafkajs', namespace: entry.namespace };
    for (const [key, value] of Object.entries(extra)) {
      if (key !== 'timestamp' && key !== 'logger') fields[key] = value;
    }
    if (HANDLED_WARNINGS.has(message)) logger.debug(fields, message);
    else if (entry.level === engineLogLevel.ERROR) logger.error(fields, message);
    else if (entry.level === engineLogLevel.WARN) logger.warn(fields, message);
    else if (entry.level === engineLogLevel.INFO) logger.info(fields, message);
    else logger.debug(fields, message);
  };
}

export function createKafka(options: KafkaOptions): KafkaClient {
  const engine = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ssl: options.security?.tls ?? false,
    ...(options.security?.sasl ? { sasl: options.security.sasl } : {}),
    logLevel: LEVELS[options.logLevel ?? 'warn'],
    logCreator: bridge(options.logger),
    connectionTimeout: options.connectionTimeoutMs ?? 3000,
    requestTimeout: options.requestTimeoutMs ?? 30000,
    retry: {
      retries: options.retry?.retries ?? 5,
      initialRetryTime: options.retry?.initialRetryTimeMs ?? 300,
      maxRetryTime: options.retry?.maxRetryTimeMs ?? 30000,
    },
  });
  return { clientId: options.clientId, logger: options.logger, engine };
}

/** The client of a service: brokers and client id from its settings, security as its start-up checks read it. */
export function kafkaFromSettings(
  settings: { readonly KafkaBrokers: readonly string[]; readonly KafkaClientId: string },
  security: KafkaSecurity,
  logger: Logger,
): KafkaClient {
  return createKafka({ brokers: [...settings.KafkaBrokers], clientId: settings.KafkaClientId, logger, security });
}
