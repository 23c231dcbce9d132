// Every record a hybrid run put on the given topics (from the run's start offsets to their end at
// the time of the call), handed to `onRecord` one by one: the hybrid test reads them for secrets,
// the scale bench weighs them.
import { readEndOffsets } from '@rooms-sync/kafka';
import { waitFor } from '@rooms-sync/testing';
import type { HybridSystem } from './startHybridSystem.ts';

export interface RunRecord {
  topic: string;
  partition: number;
  offset: string;
  /** The record's timestamp (ms since the epoch). */
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Record<string, unknown>;
}

export async function scanRunRecords(
  system: Pick<HybridSystem, 'kafka' | 'admin' | 'startOffsets'>,
  groupId: string,
  topics: readonly string[],
  onRecord: (record: RunRecord) => void,
): Promise<void> {
  const { kafka, admin, startOffsets } = system;
  const existing = new Set(await admin.listTopics());
  const present = topics.filter((t) => existing.has(t));
  const ends = await readEndOffsets(kafka, present);
  const consumer = kafka.engine.consumer({ groupId });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: present, fromBeginning: true });
    const seen = new Map<string, bigint>();
    const done = () =>
      [...ends].every(([key, end]) => (seen.get(key) ?? (startOffsets.get(key) ?? 0n) - 1n) >= end - 1n);
    await consumer.run({
      eachMessage: ({ topic, partition, message }) => {
        const key = `${topic}:${String(partition)}`;
        seen.set(key, BigInt(message.offset));
        const end = ends.get(key) ?? 0n;
        const offset = BigInt(message.offset);
        if (offset >= (startOffsets.get(key) ?? 0n) && offset < end)
          onRecord({
            topic,
            partition,
            offset: message.offset,
            timestamp: Number(message.timestamp),
            key: message.key,
            value: message.value,
            headers: message.headers ?? {},
          });
        return Promise.resolve();
      },
    });
    for (const topic of present)
      for (const p of await admin.fetchTopicOffsets(topic)) {
        const key = `${topic}:${String(p.partition)}`;
        consumer.seek({ topic, partition: p.partition, offset: String(startOffsets.get(key) ?? 0n) });
      }
    await waitFor('every record of the run read back', done, 120_000);
  } finally {
    await consumer.disconnect();
  }
}
