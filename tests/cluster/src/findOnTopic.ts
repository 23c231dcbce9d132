// Reads a topic from its beginning to its current end and reports which of the wanted strings
// no record contains. The topics of a test cluster are small, so reading them whole is cheap.
import { randomUUID } from 'node:crypto';
import { createKafka, fetchPartitionOffsets } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';

export async function missingFromTopic(bootstrap: string, topic: string, wanted: readonly string[]): Promise<string[]> {
  const logger = createLogger({ service: 'cluster-test', level: 'warn' });
  const kafka = createKafka({ brokers: [bootstrap], clientId: 'cluster-test', logger });
  const ends = await fetchPartitionOffsets(kafka, topic);
  const missing = new Set(wanted);
  const remaining = new Map(ends.filter((p) => p.high > p.low).map((p) => [p.partition, p.high]));
  if (remaining.size === 0) return [...missing];
  const consumer = kafka.engine.consumer({ groupId: `cluster-test-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    consumer
      .run({
        eachMessage: async ({ partition, message }) => {
          const value = message.value?.toString('utf8') ?? '';
          for (const w of missing) if (value.includes(w)) missing.delete(w);
          const end = remaining.get(partition);
          if (end !== undefined && BigInt(message.offset) + 1n >= end) remaining.delete(partition);
          if (remaining.size === 0 || missing.size === 0) resolve();
          await Promise.resolve();
        },
      })
      .catch(reject);
  });
  await consumer.disconnect();
  return [...missing];
}
