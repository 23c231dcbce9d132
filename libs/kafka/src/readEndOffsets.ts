// The high watermark of every partition of some topics, keyed by partitionKey: where a reader that
// must see everything written so far stops. The topics may have just been created (a service's
// start): fetchPartitionOffsets waits out a new partition's missing leader.
import { fetchPartitionOffsets } from './fetchPartitionOffsets.ts';
import type { KafkaClient } from './createKafka.ts';
import { partitionKey } from './partitionKey.ts';

export async function readEndOffsets(kafka: KafkaClient, topics: readonly string[]): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    for (const p of await fetchPartitionOffsets(kafka, topic)) ends.set(partitionKey(topic, p.partition), p.high);
  }
  return ends;
}
