// What the scale bench reads from the running deployment: the simulator's counters, the
// projector's metrics and /proc of each service process, each read as one snapshot that two of
// them can be subtracted from (a phase's figures are end minus start).
import type { HybridSystem } from '../startHybridSystem.ts';
import { readProcSample } from './procSample.ts';
import type { ProcSample } from './procSample.ts';
import { promSamples } from './promSamples.ts';

export interface Counters {
  /** EWS calls the simulator answered, by operation (the manager's and the projector's together). */
  ewsCalls: Record<string, number>;
  /** The projector's Exchange calls by `source/operation/reason` (outcomes summed). */
  projectorCalls: Record<string, number>;
  syncsSkipped: number;
  /** Push POSTs the simulator made (heartbeats and changes). */
  pushes: number;
  /** Rooms with a live (active) push subscription. */
  liveRooms: number;
}

interface SubscriptionSnapshot {
  mailbox: string;
  state: string;
  deliveries: number;
}

export async function readCounters(system: HybridSystem): Promise<Counters> {
  const [ewsCalls, subscriptions, metrics] = await Promise.all([
    system.simAdmin('GET', '/admin/ews-calls') as Promise<Record<string, number>>,
    system.simAdmin('GET', '/admin/subscriptions') as Promise<SubscriptionSnapshot[]>,
    fetch(`${system.projectorUrl}/metrics`).then((r) => r.text()),
  ]);
  const projectorCalls: Record<string, number> = {};
  for (const { labels, value } of promSamples(metrics, 'rooms_projector_exchange_calls_total')) {
    const key = `${labels.source ?? ''}/${labels.operation ?? ''}/${labels.reason ?? ''}`;
    projectorCalls[key] = (projectorCalls[key] ?? 0) + value;
  }
  return {
    ewsCalls,
    projectorCalls,
    syncsSkipped: promSamples(metrics, 'rooms_projector_syncs_skipped_total').reduce((s, x) => s + x.value, 0),
    pushes: subscriptions.reduce((s, x) => s + x.deliveries, 0),
    liveRooms: new Set(subscriptions.filter((s) => s.state === 'active').map((s) => s.mailbox)).size,
  };
}

/** What happened between two snapshots (live rooms: the later count). */
export function countersSince(before: Counters, after: Counters): Counters {
  const diff = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(b)
        .map(([k, v]) => [k, v - (a[k] ?? 0)] as const)
        .filter(([, v]) => v !== 0),
    );
  return {
    ewsCalls: diff(before.ewsCalls, after.ewsCalls),
    projectorCalls: diff(before.projectorCalls, after.projectorCalls),
    syncsSkipped: after.syncsSkipped - before.syncsSkipped,
    pushes: after.pushes - before.pushes,
    liveRooms: after.liveRooms,
  };
}

/** The projector's consumer lag summed over its partitions. */
export async function readConsumerLag(system: HybridSystem): Promise<number> {
  const metrics = await (await fetch(`${system.projectorUrl}/metrics`)).text();
  return promSamples(metrics, 'rooms_projector_consumer_lag').reduce((s, x) => s + x.value, 0);
}

/** CPU and RSS of every service process, by service name. */
export function readServiceSamples(system: HybridSystem): Record<string, ProcSample> {
  return Object.fromEntries(
    [...system.services].flatMap(([name, service]) =>
      service.process.pid === undefined ? [] : [[name, readProcSample(service.process.pid)] as const],
    ),
  );
}
