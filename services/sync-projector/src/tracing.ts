// Loaded before anything else (first import of main.ts) so OpenTelemetry can patch kafkajs, pg
// and koa before they are used.
import { startTracing } from '@rooms-sync/observability';

export const tracing = startTracing({
  serviceName: 'sync-projector',
  otlpEndpoint: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
  disabled: process.env.OTEL_SDK_DISABLED === 'true',
});
