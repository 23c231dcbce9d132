// Sends each dead letter's original message (its key, value and non-DLQ headers) back to the
// topic it came from; the projector then applies it like any other (the sync state makes that
// safe), and `groupId`'s committed offset remembers what was already sent back.
import { createEventProducer, readDeadLetterInfo } from '@rooms-sync/kafka';
import type { DeadLetterInfo, KafkaClient } from '@rooms-sync/kafka';
import type { Logger } from '@rooms-sync/lifecycle';
import { consumeToEnd } from './consumeToEnd.ts';
import type { ToolMessage } from './consumeToEnd.ts';

export interface ReplayDeadLettersOptions {
  readonly kafka: KafkaClient;
  readonly topics: string[];
  /** The replay position: a fixed group per deployment, so a second replay sends nothing twice. */
  readonly groupId: string;
  readonly limit?: number | undefined;
  readonly logger: Logger;
  /** Called after each original is produced back. */
  readonly onReplayed?: (info: DeadLetterInfo) => void;
}

export interface ReplayResult {
  readonly replayed: number;
  /** Letters without DLQ headers: nowhere to send them, so they are passed over. */
  readonly skipped: number;
}

export async function replayDeadLetters(o: ReplayDeadLettersOptions): Promise<ReplayResult> {
  const producer = createEventProducer(o.kafka, { logger: o.logger });
  await producer.connect();
  let skipped = 0;
  try {
    const sent = await consumeToEnd({
      kafka: o.kafka,
      groupId: o.groupId,
      topics: o.topics,
      limit: o.limit,
      commit: true,
      onMessage: async (m) => {
        const info = readDeadLetterInfo(m.headers);
        if (!info) {
          skipped += 1;
          return;
        }
        await producer.sendRaw(info.topic, [{ key: m.key, value: m.value, headers: originalHeaders(m) }]);
        o.onReplayed?.(info);
      },
    });
    return { replayed: sent - skipped, skipped };
  } finally {
    await producer.disconnect();
  }
}

function originalHeaders(m: ToolMessage): Record<string, string | Buffer> {
  const headers: Record<string, string | Buffer> = {};
  for (const [k, v] of Object.entries(m.headers ?? {})) {
    if (k.startsWith('dlq-') || v === undefined) continue;
    headers[k] = typeof v === 'string' || Buffer.isBuffer(v) ? v : (v[0] ?? '');
  }
  return headers;
}
