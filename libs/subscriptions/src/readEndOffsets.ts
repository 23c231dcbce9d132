// High watermarks of the topics the manager folds. libs/kafka has no helper for this yet, so
// this is the one place here that reaches for the engine; move it there when one lands.
import type { KafkaClient } from '@rooms-sync/kafka';
import { partitionKey } from '@rooms-sync/kafka';
import type { EndOffsets } from './createCatchUp.ts';

export async function readEndOffsets(kafka: KafkaClient, topics: readonly string[]): Promise<EndOffsets> {
  const admin = kafka.engine.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(partitionKey(topic, p.partition), BigInt(p.high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}
