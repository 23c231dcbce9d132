// The W3C trace context of the span active now, to carry in a Kafka header so a
// consumer's work links back to the request that caused it. Undefined when tracing is off.
import { context, propagation } from '@opentelemetry/api';

export function activeTraceContext(): { traceparent: string; tracestate?: string } | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  const { traceparent, tracestate } = carrier;
  if (traceparent === undefined) return undefined;
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}
