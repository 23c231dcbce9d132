// Event → Kafka message. Validation happens here, on the producing side, so a bad event
// fails its producer (a typed error) instead of poisoning every consumer.
import { EventValidationError } from './EventValidationError.ts';
import { formatIssues, validationIssues } from './eventValidator.ts';
import { isRoomsEventType } from './registry.ts';
import type { RoomsEvent } from './registry.ts';
import { traceHeaders } from './traceHeaders.ts';
import type { TraceContext } from './traceHeaders.ts';

export const EVENT_TYPE_HEADER = 'event-type';
export const EVENT_ID_HEADER = 'event-id';

export type EncodedEvent = { key: string; value: Buffer; headers: Record<string, string> };

export type EncodeOptions = { trace?: TraceContext | undefined };

/** Validates `event` and serialises it; the key is the subject. Throws EventValidationError. */
export function encodeEvent(event: RoomsEvent, options: EncodeOptions = {}): EncodedEvent {
  const type: unknown = event.type;
  if (!isRoomsEventType(type)) {
    throw new EventValidationError(`unknown event type ${String(type)}`, {
      eventType: String(type),
      eventId: event.id,
      issues: [],
    });
  }
  const issues = validationIssues(type, event);
  if (issues.length > 0) {
    throw new EventValidationError(`invalid ${type}: ${formatIssues(issues)}`, {
      eventType: type,
      eventId: event.id,
      issues,
    });
  }
  return {
    key: event.subject,
    value: Buffer.from(JSON.stringify(event), 'utf8'),
    headers: { [EVENT_TYPE_HEADER]: type, [EVENT_ID_HEADER]: event.id, ...traceHeaders(options.trace) },
  };
}
