// Reads topics from a consumer group's position up to their current end (or `limit` messages),
// then stops: what the DLQ tools need. Offsets are committed only for messages `onMessage`
// finished, so an interrupted replay resumes where it stopped.
import type { KafkaClient } from '@rooms-sync/kafka';
import type { IncomingHeaders } from '@rooms-sync/events';

export interface ToolMessage {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers: IncomingHeaders | undefined;
}

export interface ConsumeToEndOptions {
  kafka: KafkaClient;
  groupId: string;
  topics: string[];
  limit?: number | undefined;
  /** Commit what was handled (replay) or not (list). */
  commit: boolean;
  onMessage: (m: ToolMessage) => Promise<void>;
  timeoutMs?: number;
}

export async function consumeToEnd(o: ConsumeToEndOptions): Promise<number> {
  const admin = o.kafka.engine.admin();
  await admin.connect();
  const remaining = new Map<string, bigint>();
  try {
    const existing = new Set(await admin.listTopics());
    for (const topic of o.topics.filter((t) => existing.has(t))) {
      const committed = await admin.fetchOffsets({ groupId: o.groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      for (const p of ends) {
        const position = BigInt(committed[0]?.partitions.find((c) => c.partition === p.partition)?.offset ?? '-1');
        const start = position < BigInt(p.low) ? BigInt(p.low) : position;
        if (BigInt(p.high) > start) remaining.set(`${topic}:${p.partition}`, BigInt(p.high) - 1n);
      }
    }
  } finally {
    await admin.disconnect();
  }
  if (remaining.size === 0) return 0;

  const consumer = o.kafka.engine.consumer({ groupId: o.groupId, allowAutoTopicCreation: false });
  let handled = 0;
  let finish!: () => void;
  const done = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const timer = setTimeout(finish, o.timeoutMs ?? 30_000);
  try {
    await consumer.connect();
    await consumer.subscribe({
      topics: [...new Set([...remaining.keys()].map((k) => k.slice(0, k.lastIndexOf(':'))))],
      fromBeginning: true,
    });
    await consumer.run({
      autoCommit: o.commit,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        const key = `${batch.topic}:${batch.partition}`;
        for (const m of batch.messages) {
          const end = remaining.get(key);
          if (end === undefined || (o.limit !== undefined && handled >= o.limit)) break;
          await o.onMessage({
            topic: batch.topic,
            partition: batch.partition,
            offset: m.offset,
            key: m.key,
            value: m.value,
            headers: m.headers,
          });
          handled += 1;
          payload.resolveOffset(m.offset);
          if (BigInt(m.offset) >= end) remaining.delete(key);
          await payload.heartbeat();
        }
        if (o.commit) await payload.commitOffsetsIfNecessary();
        if (remaining.size === 0 || (o.limit !== undefined && handled >= o.limit)) finish();
      },
    });
    await done;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
  return handled;
}
