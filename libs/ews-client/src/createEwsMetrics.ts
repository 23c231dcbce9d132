// Request latency and error counts per EWS operation. Several clients may share one registry
// (one per auth, say), so existing series are reused instead of registered twice.
import { Counter, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface EwsMetrics {
  observe(operation: string, seconds: number, errorCode: string | undefined): void;
}

const DURATION = 'rooms_ews_request_duration_seconds';
const ERRORS = 'rooms_ews_errors_total';

export function createEwsMetrics(registry: Registry | undefined): EwsMetrics {
  if (!registry) return { observe: () => undefined };
  const duration =
    (registry.getSingleMetric(DURATION) as Histogram<'operation'> | undefined) ??
    new Histogram({
      name: DURATION,
      help: 'EWS request duration by operation (failed requests included)',
      labelNames: ['operation'],
      buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  const errors =
    (registry.getSingleMetric(ERRORS) as Counter<'operation' | 'code'> | undefined) ??
    new Counter({
      name: ERRORS,
      help: 'Failed EWS requests by operation and EWS response code',
      labelNames: ['operation', 'code'],
      registers: [registry],
    });
  return {
    observe(operation, seconds, errorCode) {
      duration.observe({ operation }, seconds);
      if (errorCode !== undefined) errors.inc({ operation, code: errorCode });
    },
  };
}
