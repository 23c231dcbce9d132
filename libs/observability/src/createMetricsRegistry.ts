// One prom-client registry per service: nothing registers on the global default
// registry, so two services in one test process never collide.
import { Registry, collectDefaultMetrics } from 'prom-client';

export interface MetricsOptions {
  service: string;
  /** Process and runtime metrics (event loop lag, heap, GC); off in unit tests that count series. */
  defaultMetrics?: boolean;
}

export function createMetricsRegistry(options: MetricsOptions): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
