// One fault scenario end to end: a system of its own (rooms, topics, database, processes), the
// booking stream over its rooms, the fault injected while the stream runs and lifted, then the
// read model compared with the simulator until they agree. A Prometheus of the scenario's own
// scrapes the services with the chart's alert rules (short windows, alert-values.yaml): the alerts
// meant for the fault must fire after it is injected and resolve after recovery, and no other
// alert may fire. It prints what was injected, how long recovery took, the counts and when each
// alert fired and resolved; it asserts only outcomes, never a time.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '@rooms-sync/testing';
import { startHybridSystem } from '../startHybridSystem.ts';
import type { HybridOptions, HybridSystem } from '../startHybridSystem.ts';
import { startBookingStream } from './bookingStream.ts';
import { compareReadModel } from './readModelCheck.ts';
import type { Comparison } from './readModelCheck.ts';
import { recordAlerts } from './recordAlerts.ts';
import type { AlertRecords } from './recordAlerts.ts';
import { startPrometheus } from './startPrometheus.ts';
import type { PrivatePrometheus } from './startPrometheus.ts';

export interface FaultContext {
  system: HybridSystem;
  tag: string;
  onprem: readonly string[];
  online: readonly string[];
}

export interface FaultScenario {
  name: string;
  onpremRooms: number;
  onlineRooms?: number;
  /** Settings of this scenario's system (a gate's address, manager intervals). */
  options?: Partial<HybridOptions>;
  /**
   * The chart's alerts an SRE should see for this fault (alertname): each must fire after the
   * fault is injected and resolve after recovery; any other alert firing fails the scenario.
   */
  alerts: readonly string[];
  /**
   * Alerts that are a true consequence of the fault too, but whether they fire within the
   * scenario depends on timing at this scale (say why beside each): not required, allowed, and
   * they must resolve like the others.
   */
  mayAlsoFire?: readonly string[];
  /** Injects the fault while the stream runs and resolves once it is lifted, saying what it did. */
  inject(context: FaultContext): Promise<string>;
  /** Checks of the scenario's own once the read model agrees (the fault really happened). */
  verify?(context: FaultContext): Promise<void>;
}

const STREAM_INTERVAL_MS = 100;
const BEFORE_FAULT_MS = 2_000;
const AFTER_FAULT_MS = 2_000;
const RECOVERY_TIMEOUT_MS = 120_000;
/** How long after the read model agrees the alerts get to fire (a `for:` still running) and resolve. */
const ALERTS_TIMEOUT_MS = 60_000;
const TIME_SCALE = '0.05';
const SERVICES = ['webhook-ingress', 'subscription-manager', 'sync-projector'] as const;
const ALERT_VALUES = join(REPO_ROOT, 'tests/system/src/faults/alert-values.yaml');

export async function runFaultScenario(scenario: FaultScenario): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  const rooms = (kind: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${kind}-${String(i)}-${tag}@contoso.example`);
  const onprem = rooms('onprem', scenario.onpremRooms);
  const online = rooms('online', scenario.onlineRooms ?? 0);
  const options: HybridOptions = {
    tag,
    onprem,
    online,
    timeScale: TIME_SCALE,
    topics: { notifications: `faults-${tag}.notifications`, subscriptions: `faults-${tag}.subscriptions` },
    managerEnv: { StatusFrequencyMinutes: '40', HeartbeatGraceSeconds: '2', GraphReconcileIntervalMinutes: '10' },
    // The lag is measured every second, as the alert's windows are seconds here.
    projectorEnv: { ProjectorLagIntervalSeconds: '1' },
    logDir: join(REPO_ROOT, '.run/faults', scenario.name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-')),
    ...scenario.options,
  };
  const system = await startHybridSystem(options);
  const all = [...onprem, ...online];
  let prometheus: PrivatePrometheus | undefined;
  try {
    prometheus = await startPrometheus({
      targets: SERVICES.map((job) => ({ job, opsUrl: String(system.services.get(job)?.ready.ops) })),
      helmArgs: ['-f', ALERT_VALUES, '--set', `prometheusRule.mailboxSilent.seconds=${String(silentLimit(options))}`],
    });
    await prometheus.ready();
    await runWatched(scenario, { system, tag, onprem, online }, all, prometheus);
  } finally {
    await prometheus?.stop();
    await system.close();
  }
}

// The chart's default: three status periods without a push, here in the suite's compressed time.
function silentLimit(options: HybridOptions): number {
  const minutes = Number(options.managerEnv?.StatusFrequencyMinutes ?? '40');
  return Math.ceil(3 * minutes * 60 * Number(options.timeScale));
}

async function runWatched(
  scenario: FaultScenario,
  bare: FaultContext,
  all: readonly string[],
  prometheus: PrivatePrometheus,
): Promise<void> {
  const { system } = bare;
  // A replica on ports of its own is one more target, as a new pod would be.
  const spawnAgain: typeof system.spawnAgain = async (name, again) => {
    const service = await system.spawnAgain(name, again);
    if (!again.samePorts) prometheus.addTarget(name, String(service.ready.ops));
    return service;
  };
  const context: FaultContext = { ...bare, system: { ...system, spawnAgain } };
  const recorder = recordAlerts(() => prometheus.alerts());
  try {
    const stream = startBookingStream({
      rooms: all,
      simAdmin: system.simAdmin,
      intervalMs: STREAM_INTERVAL_MS,
    });
    await sleep(BEFORE_FAULT_MS);
    const injectedAt = Date.now();
    const injected = await scenario.inject(context).catch(async (error: unknown) => {
      await stream.stop();
      throw error;
    });
    const lifted = Date.now();
    await sleep(AFTER_FAULT_MS);
    const made = await stream.stop();
    let last: Comparison;
    for (;;) {
      const projectorUrl = String(system.services.get('sync-projector')?.ready.ops);
      last = await compareReadModel({ rooms: all, simAdmin: system.simAdmin, projectorUrl }).catch(
        (error: unknown) => ({ equal: false, expected: 0, found: 0, duplicates: 0, differing: [String(error)] }),
      );
      if (last.equal || Date.now() - lifted > RECOVERY_TIMEOUT_MS) break;
      await sleep(250);
    }
    const recoveryMs = Date.now() - lifted;
    // Every alert meant for the fault fired, and none fires any more, or the bound is reached.
    const alertsDeadline = Date.now() + ALERTS_TIMEOUT_MS;
    for (;;) {
      const seen = [...recorder.records().values()];
      const fired = scenario.alerts.every((name) => seen.some((r) => r.name === name && r.firingAt !== undefined));
      if ((fired && !seen.some((r) => r.firing)) || Date.now() > alertsDeadline) break;
      await sleep(1_000);
    }
    // asked once more, directly: a Prometheus that stopped answering must not pass for a quiet one
    // An alert the fault set pending may turn firing just as the fault is over (its `for:` ending
    // during recovery, as the lag alert once did after a Kafka outage): each must resolve within a
    // minute, asked every second.
    const firing = async () => [
      ...new Set((await prometheus.alerts()).filter((a) => a.state === 'firing').map((a) => a.name)),
    ];
    let firingNow = await firing();
    for (const until = Date.now() + 60_000; firingNow.length > 0 && Date.now() < until; firingNow = await firing())
      await sleep(1_000);
    await recorder.stop();
    const records = recorder.records();
    console.log(
      `[faults] ${scenario.name}: injected ${injected}; ` +
        `recovered ${String(recoveryMs)} ms after the fault was lifted; ` +
        `rooms ${String(all.length)}, changes ${String(made.booked + made.moved + made.cancelled)} ` +
        `(booked ${String(made.booked)}, moved ${String(made.moved)}, cancelled ${String(made.cancelled)}), ` +
        `rows expected ${String(last.expected)}, found ${String(last.found)}, duplicates ${String(last.duplicates)}; ` +
        `alerts (s after the injection) ${describeAlerts(records, injectedAt)}` +
        (recorder.failedPolls() > 0 ? ` (${String(recorder.failedPolls())} polls of Prometheus failed)` : ''),
    );
    assert.equal(made.failed, 0, 'every change of the script was accepted by the simulator');
    assert.ok(last.equal, `read model differs from the simulator in ${last.differing.join(', ')}`);
    assert.equal(last.duplicates, 0);
    for (const name of scenario.alerts) {
      const firingAt = records.get(name)?.firingAt;
      assert.ok(firingAt !== undefined && firingAt >= injectedAt, `${name} fired after the fault was injected`);
    }
    const allowed = new Set([...scenario.alerts, ...(scenario.mayAlsoFire ?? [])]);
    const others = [...records.values()].filter((r) => r.firingAt !== undefined && !allowed.has(r.name));
    assert.deepEqual(
      others.map((r) => r.name),
      [],
      'no alert but those meant for this fault fired',
    );
    assert.deepEqual(firingNow, [], 'every alert resolved after recovery');
    await scenario.verify?.(context);
  } finally {
    await recorder.stop();
  }
}

function describeAlerts(records: AlertRecords, from: number): string {
  const at = (ms: number | undefined) => (ms === undefined ? '-' : ((ms - from) / 1000).toFixed(1));
  const seen = [...records.values()].map((r) =>
    r.firingAt === undefined
      ? `${r.name} pending ${at(r.pendingAt)} (never fired)`
      : `${r.name} fired ${at(r.firingAt)}, ` + (r.firing ? 'still firing' : `resolved ${at(r.resolvedAt)}`),
  );
  return seen.length === 0 ? 'none' : seen.join(', ');
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
