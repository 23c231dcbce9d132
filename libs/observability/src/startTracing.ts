// OpenTelemetry must start before the modules it instruments are loaded, so each
// service imports its tracing bootstrap first. Without an OTLP endpoint the SDK is
// not started at all and the OpenTelemetry API stays a no-op.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';

export interface TracingOptions {
  serviceName: string;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT`; tracing is exported only when set. */
  otlpEndpoint?: string | undefined;
  /** `OTEL_SDK_DISABLED=true` wins over an endpoint. */
  disabled?: boolean;
}

export interface Tracing {
  enabled: boolean;
  shutdown(): Promise<void>;
}

export function startTracing(options: TracingOptions): Tracing {
  if (options.disabled === true || !options.otlpEndpoint) {
    return { enabled: false, shutdown: () => Promise.resolve() };
  }
  const sdk = new NodeSDK({
    serviceName: options.serviceName,
    traceExporter: new OTLPTraceExporter(),
    // Incoming and outgoing HTTP get spans (the webhook, EWS calls); Kafka carries the context on in headers.
    instrumentations: [new HttpInstrumentation()],
  });
  sdk.start();
  return { enabled: true, shutdown: () => sdk.shutdown() };
}
