// W3C trace context rides in Kafka headers, never in event data, so the payload stays
// the same whoever traced it and the OpenTelemetry kafkajs instrumentation can read it.

export type TraceContext = { traceparent: string; tracestate?: string };

/** Kafka headers as kafkajs delivers them. */
export type IncomingHeaders = Readonly<Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>>;

export const TRACEPARENT_HEADER = 'traceparent';
export const TRACESTATE_HEADER = 'tracestate';

export function traceHeaders(trace: TraceContext | undefined): Record<string, string> {
  if (!trace) return {};
  const headers: Record<string, string> = { [TRACEPARENT_HEADER]: trace.traceparent };
  if (trace.tracestate) headers[TRACESTATE_HEADER] = trace.tracestate;
  return headers;
}

/** A header's value as a string (the first one when the header repeats). */
export function headerString(headers: IncomingHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const first = Array.isArray(raw) ? (raw as readonly (Buffer | string)[])[0] : (raw as Buffer | string | undefined);
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

export function readTraceContext(headers: IncomingHeaders | undefined): TraceContext | undefined {
  const traceparent = headerString(headers, TRACEPARENT_HEADER);
  if (!traceparent) return undefined;
  const tracestate = headerString(headers, TRACESTATE_HEADER);
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
