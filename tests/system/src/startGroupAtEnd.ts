// The shared broker keeps other test files' history: a run's projector group starts at the current
// end of each topic, as `kafka-consumer-groups --reset-offsets --to-latest` would, so everything
// it reads is the run's own.
import { fetchPartitionOffsets, partitionKey } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';

interface GroupAdmin {
  setOffsets(request: {
    groupId: string;
    topic: string;
    partitions: { partition: number; offset: string }[];
  }): Promise<void>;
}

/** Sets `groupId` to the end of each topic; returns those ends (`partitionKey` → offset). */
export async function startGroupAtEnd(
  kafka: KafkaClient,
  admin: GroupAdmin,
  groupId: string,
  topics: readonly string[],
): Promise<Map<string, bigint>> {
  const ends = new Map<string, bigint>();
  for (const topic of topics) {
    // The ingress may have just created them on a fresh broker: fetchPartitionOffsets waits out the
    // moment a new partition has no leader yet (a bare fetchTopicOffsets fails the run on it).
    const partitions = await fetchPartitionOffsets(kafka, topic);
    for (const p of partitions) ends.set(partitionKey(topic, p.partition), p.high);
    await admin.setOffsets({
      groupId,
      topic,
      partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.high) })),
    });
  }
  return ends;
}
