// Kafka message → event, validated: consumers never trust a producer's validation.
// The parsed object is returned as is, so fields a newer producer added survive.
import { formatIssues, validationIssues } from './eventValidator.ts';
import type { ValidationIssue } from './eventValidator.ts';
import { isRoomsEventType } from './registry.ts';
import type { RoomsEvent } from './registry.ts';
import { readTraceContext } from './traceHeaders.ts';
import type { IncomingHeaders, TraceContext } from './traceHeaders.ts';

export type DecodeErrorReason = 'invalid_json' | 'unknown_type' | 'schema';

export type DecodeError = {
  reason: DecodeErrorReason;
  /** Human-readable; goes into logs and DLQ headers. */
  details: string;
  /** The `type` the message claimed, when it had one. */
  type?: string;
  /** Present for `schema`. */
  issues?: readonly ValidationIssue[];
};

export type DecodeResult =
  { ok: true; event: RoomsEvent; trace: TraceContext | undefined } | { ok: false; error: DecodeError };

export type IncomingMessage = { value: Buffer | string | null | undefined; headers?: IncomingHeaders | undefined };

export function decodeEvent(message: IncomingMessage): DecodeResult {
  if (message.value === null || message.value === undefined) {
    return { ok: false, error: { reason: 'invalid_json', details: 'message has no value (tombstone)' } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof message.value === 'string' ? message.value : message.value.toString('utf8'));
  } catch (err) {
    return { ok: false, error: { reason: 'invalid_json', details: err instanceof Error ? err.message : String(err) } };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, error: { reason: 'schema', details: 'event must be a JSON object' } };
  }
  const type: unknown = (parsed as { type?: unknown }).type;
  if (!isRoomsEventType(type)) {
    const error: DecodeError = {
      reason: 'unknown_type',
      details: `unknown event type ${type === undefined ? 'undefined' : JSON.stringify(type)}`,
    };
    if (typeof type === 'string') error.type = type;
    return { ok: false, error };
  }
  const issues = validationIssues(type, parsed);
  if (issues.length > 0) {
    return { ok: false, error: { reason: 'schema', details: formatIssues(issues), type, issues } };
  }
  return { ok: true, event: parsed as RoomsEvent, trace: readTraceContext(message.headers) };
}
