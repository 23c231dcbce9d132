// The NODE_OPTIONS each service's container gets from the chart (its heap sized from the pod's
// memory limit), rendered by helm from the chart's own values: the scale bench runs the services
// with them, so the RSS it measures is what the pods would have, not what a heap sized from the
// whole machine's memory grows to.
import { renderChart } from '@rooms-sync/testing';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
}

/** NODE_OPTIONS by container name (the service's name), for the chart's Deployments that set it. */
export function podNodeOptions(): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of renderChart([])) {
    if (m.kind !== 'Deployment') continue;
    const { containers } = (m.spec as { template: { spec: { containers: Container[] } } }).template.spec;
    for (const c of containers) {
      const value = c.env?.find((e) => e.name === 'NODE_OPTIONS')?.value;
      if (value !== undefined) out.set(c.name, value);
    }
  }
  return out;
}
