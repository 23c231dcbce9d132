// Helpers for the *.int.test.ts files: a client for the local broker, fresh topic and
// group names per test, a logger that keeps what it was told.
import { randomBytes } from 'node:crypto';
import { createKafka } from '../createKafka.ts';
import type { KafkaClient } from '../createKafka.ts';
import { ensureTopics } from '../ensureTopics.ts';
import type { Logger } from '@rooms-sync/lifecycle';
import { dlqTopicFor } from '../topics.ts';
import { withAdmin } from '../withAdmin.ts';

/** Test-only: the broker the integration tests use (`.dev/kafka.sh start`; KafkaBrokers as for every test). */
export const TEST_BROKERS = (process.env.KafkaBrokers ?? '127.0.0.1:9092').split(',');

export type LogLine = {
  level: 'debug' | 'info' | 'warn' | 'error';
  obj: Record<string, unknown>;
  msg: string | undefined;
};

export function memoryLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: LogLine['level']) => (obj: Record<string, unknown>, msg?: string) => {
    lines.push({ level, obj, msg });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

export function uniqueName(prefix: string): string {
  return `test.${prefix}.${randomBytes(6).toString('hex')}`;
}

export function testKafka(logger: Logger = memoryLogger()): KafkaClient {
  return createKafka({
    brokers: TEST_BROKERS,
    clientId: uniqueName('client'),
    logger,
    retry: { retries: 3, initialRetryTimeMs: 100, maxRetryTimeMs: 1000 },
  });
}

/** Creates `<fresh>.v1` and its DLQ; returns the name. Pair with dropTopics in t.after. */
export async function freshTopic(kafka: KafkaClient, prefix: string, partitions = 1): Promise<string> {
  const topic = `${uniqueName(prefix)}.v1`;
  await withAdmin(kafka, (admin) =>
    ensureTopics(admin, [
      { topic, partitions, retentionMs: 3_600_000, replicationFactor: 1 },
      { topic: dlqTopicFor(topic), partitions: 1, retentionMs: 3_600_000, replicationFactor: 1 },
    ]),
  );
  return topic;
}

export async function waitFor(condition: () => boolean, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function dropTopics(kafka: KafkaClient, topics: string[]): Promise<void> {
  const admin = kafka.engine.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics });
  } finally {
    await admin.disconnect();
  }
}
