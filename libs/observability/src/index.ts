export { createLogger, type Logger, type LogLevel, type LoggerOptions } from './createLogger.ts';
export { createMetricsRegistry, type MetricsOptions } from './createMetricsRegistry.ts';
export { startTracing, type Tracing, type TracingOptions } from './startTracing.ts';
export { activeTraceContext } from './activeTraceContext.ts';
