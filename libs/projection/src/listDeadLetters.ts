// What the projector's dead-letter topics hold, read without moving the replay position: each
// letter's place, where it came from and why it failed (the `dlq-*` headers).
import { headerString } from '@rooms-sync/events';
import { readDeadLetterInfo } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import { consumeToEnd } from './consumeToEnd.ts';
import type { ToolMessage } from './consumeToEnd.ts';

export interface DeadLetterView {
  /** `topic[partition]@offset` of the letter in its DLQ topic. */
  readonly dlq: string;
  /** `topic[partition]@offset` of the original message, or `unknown` without DLQ headers. */
  readonly origin: string;
  readonly reason: string;
  readonly details: string;
  readonly eventId: string | null;
  readonly failedAt: string | null;
  readonly key: string | null;
}

export interface ListDeadLettersOptions {
  readonly kafka: KafkaClient;
  readonly topics: string[];
  readonly limit?: number | undefined;
}

export async function listDeadLetters(o: ListDeadLettersOptions): Promise<DeadLetterView[]> {
  const rows: DeadLetterView[] = [];
  // A throwaway group: listing never moves the replay position.
  await consumeToEnd({
    kafka: o.kafka,
    groupId: `rooms-cli-dlq-list-${process.pid}-${Date.now()}`,
    topics: o.topics,
    limit: o.limit,
    commit: false,
    onMessage: (m) => {
      rows.push(describe(m));
      return Promise.resolve();
    },
  });
  return rows;
}

function describe(m: ToolMessage): DeadLetterView {
  const info = readDeadLetterInfo(m.headers);
  return {
    dlq: `${m.topic}[${m.partition}]@${m.offset}`,
    origin: info ? `${info.topic}[${info.partition}]@${info.offset}` : 'unknown',
    reason: info?.reason ?? 'unknown',
    details: info?.details ?? '',
    eventId: headerString(m.headers, 'dlq-event-id') ?? null,
    failedAt: headerString(m.headers, 'dlq-failed-at') ?? null,
    key: m.key?.toString('utf8') ?? null,
  };
}
