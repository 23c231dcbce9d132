// High watermarks of the topics the manager folds, read at its start, when the topics may have
// just been created (fetchPartitionOffsets waits out a new partition's missing leader).
import type { KafkaClient } from '@rooms-sync/kafka';
import { fetchPartitionOffsets, partitionKey } from '@rooms-sync/kafka';
import type { EndOffsets } from './createCatchUp.ts';

export async function readEndOffsets(kafka: KafkaClient, topics: readonly string[]): Promise<EndOffsets> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await fetchPartitionOffsets(kafka, topic)) ends.set(partitionKey(topic, p.partition), p.high);
  }
  return ends;
}
