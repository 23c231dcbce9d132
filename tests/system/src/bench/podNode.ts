// How each service's container runs node under the chart, rendered by helm from the chart's own
// values: its NODE_OPTIONS (the heap sized from the pod's memory limit) and the flags the image puts
// on node's command line (nodeFlags, V8 flags Node refuses in NODE_OPTIONS). The benches run the
// services with both, so the RSS they measure is what the pods would have, not what a heap sized
// from the whole machine's memory, under V8's default growth, grows to.
import { renderChart } from '@rooms-sync/testing';
import type { NodeRun } from '../startHybridSystem.ts';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
}

/** A lookup by container name (the service's name); a name the chart has no Deployment for throws. */
export function podNode(): (service: string) => NodeRun {
  const runs = new Map<string, NodeRun>();
  for (const m of renderChart([])) {
    if (m.kind !== 'Deployment') continue;
    const { containers } = (m.spec as { template: { spec: { containers: Container[] } } }).template.spec;
    for (const c of containers) {
      const env = (name: string) => c.env?.find((e) => e.name === name)?.value ?? '';
      // The image's shell splits ROOMS_SYNC_NODE_FLAGS at spaces, as this does.
      runs.set(c.name, {
        options: env('NODE_OPTIONS'),
        flags: env('ROOMS_SYNC_NODE_FLAGS').split(' ').filter(Boolean),
      });
    }
  }
  return (service) => {
    const run = runs.get(service);
    if (run === undefined) throw new Error(`the chart has no Deployment of ${service}`);
    return run;
  };
}
