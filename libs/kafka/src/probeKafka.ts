// "Does the broker answer?" for a service that waits for Kafka in the background (the
// sync-projector, docs/architecture.md §8): one connection, no engine retries and no engine log
// lines, so a broker that is down costs one log line per back-off step of the caller instead of
// kafkajs's own retry burst (a dozen error lines and ~10 s per attempt). The real clients, with
// their retries, are built on once it answers.
import { silentLogger } from '@rooms-sync/lifecycle';
import { createKafka } from './createKafka.ts';
import type { KafkaOptions } from './createKafka.ts';
import { KafkaUnavailableError } from './errors.ts';

export type ProbeKafkaOptions = Pick<KafkaOptions, 'brokers' | 'security' | 'clientId' | 'connectionTimeoutMs'>;

/** Resolves when a broker answers a metadata request; throws KafkaUnavailableError otherwise. */
export async function probeKafka(options: ProbeKafkaOptions): Promise<void> {
  const { engine } = createKafka({ ...options, logger: silentLogger, retry: { retries: 0 }, requestTimeoutMs: 5000 });
  const admin = engine.admin({ retry: { retries: 0 } });
  try {
    await admin.connect();
    await admin.describeCluster();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new KafkaUnavailableError(`Kafka unavailable: ${message}`, { cause: error });
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
