// The DLQ record for a message a consumer could not decode or apply. The original key,
// value and headers are kept byte for byte (so it can be inspected and replayed); the
// failure and where the message came from travel in `dlq-*` headers.
import { headerString } from '@rooms-sync/events';
import type { IncomingHeaders } from '@rooms-sync/events';
import type { OutgoingRecord } from './records.ts';

export type DeadLetterOrigin = {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | string | null | undefined;
  value: Buffer | string | null | undefined;
  headers?: IncomingHeaders | undefined;
  timestamp?: string | undefined;
};

export type DeadLetterFailure = {
  /** `invalid_json` | `unknown_type` | `schema` from decoding, or the consumer's own (e.g. `apply_failed`). */
  reason: string;
  details: string;
  groupId: string;
  eventId?: string | undefined;
};

export const DLQ_HEADERS = {
  topic: 'dlq-origin-topic',
  partition: 'dlq-origin-partition',
  offset: 'dlq-origin-offset',
  timestamp: 'dlq-origin-timestamp',
  reason: 'dlq-reason',
  details: 'dlq-details',
  groupId: 'dlq-consumer-group',
  eventId: 'dlq-event-id',
  failedAt: 'dlq-failed-at',
} as const;

const MAX_DETAILS = 2000;

export function deadLetterMessage(
  origin: DeadLetterOrigin,
  failure: DeadLetterFailure,
  now: Date = new Date(),
): OutgoingRecord {
  const headers: NonNullable<OutgoingRecord['headers']> = {};
  for (const [name, value] of Object.entries(origin.headers ?? {})) {
    if (value !== undefined && !name.startsWith('dlq-'))
      headers[name] = typeof value === 'string' || Buffer.isBuffer(value) ? value : [...value];
  }
  Object.assign(headers, {
    [DLQ_HEADERS.topic]: origin.topic,
    [DLQ_HEADERS.partition]: String(origin.partition),
    [DLQ_HEADERS.offset]: origin.offset,
    [DLQ_HEADERS.reason]: failure.reason,
    [DLQ_HEADERS.details]: failure.details.slice(0, MAX_DETAILS),
    [DLQ_HEADERS.groupId]: failure.groupId,
    [DLQ_HEADERS.failedAt]: now.toISOString(),
  });
  if (origin.timestamp !== undefined) headers[DLQ_HEADERS.timestamp] = origin.timestamp;
  if (failure.eventId !== undefined) headers[DLQ_HEADERS.eventId] = failure.eventId;
  return { key: origin.key ?? null, value: origin.value ?? null, headers };
}

export type DeadLetterInfo = {
  topic: string;
  partition: number;
  offset: string;
  reason: string;
  details: string;
  groupId: string | undefined;
};

/** Reads the `dlq-*` headers back (for tooling, replays and tests); undefined if they are missing. */
export function readDeadLetterInfo(headers: IncomingHeaders | undefined): DeadLetterInfo | undefined {
  const topic = headerString(headers, DLQ_HEADERS.topic);
  const partition = headerString(headers, DLQ_HEADERS.partition);
  const offset = headerString(headers, DLQ_HEADERS.offset);
  const reason = headerString(headers, DLQ_HEADERS.reason);
  if (topic === undefined || partition === undefined || offset === undefined || reason === undefined) return undefined;
  return {
    topic,
    partition: Number(partition),
    offset,
    reason,
    details: headerString(headers, DLQ_HEADERS.details) ?? '',
    groupId: headerString(headers, DLQ_HEADERS.groupId),
  };
}
