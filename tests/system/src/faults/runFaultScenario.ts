// One fault scenario end to end: a system of its own (rooms, topics, database, processes), the
// booking stream over its rooms, the fault injected while the stream runs and lifted, then the
// read model compared with the simulator until they agree. It prints what was injected, how long
// recovery took and the counts; it asserts only the outcome, never a time.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { startHybridSystem } from '../startHybridSystem.ts';
import type { HybridOptions, HybridSystem } from '../startHybridSystem.ts';
import { startBookingStream } from './bookingStream.ts';
import { compareReadModel } from './readModelCheck.ts';
import type { Comparison } from './readModelCheck.ts';

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
  /** Injects the fault while the stream runs and resolves once it is lifted, saying what it did. */
  inject(context: FaultContext): Promise<string>;
  /** Checks of the scenario's own once the read model agrees (the fault really happened). */
  verify?(context: FaultContext): Promise<void>;
}

const STREAM_INTERVAL_MS = 100;
const BEFORE_FAULT_MS = 2_000;
const AFTER_FAULT_MS = 2_000;
const RECOVERY_TIMEOUT_MS = 120_000;

export async function runFaultScenario(scenario: FaultScenario): Promise<void> {
  const tag = randomBytes(4).toString('hex');
  const rooms = (kind: string, n: number) =>
    Array.from({ length: n }, (_, i) => `${kind}-${String(i)}-${tag}@contoso.example`);
  const onprem = rooms('onprem', scenario.onpremRooms);
  const online = rooms('online', scenario.onlineRooms ?? 0);
  const system = await startHybridSystem({
    tag,
    onprem,
    online,
    timeScale: '0.05',
    topics: { notifications: `faults-${tag}.notifications`, subscriptions: `faults-${tag}.subscriptions` },
    managerEnv: { StatusFrequencyMinutes: '40', HeartbeatGraceSeconds: '2', GraphReconcileIntervalMinutes: '10' },
    ...scenario.options,
  });
  const context: FaultContext = { system, tag, onprem, online };
  const all = [...onprem, ...online];
  try {
    const stream = startBookingStream({
      rooms: all,
      simAdmin: system.simAdmin,
      intervalMs: STREAM_INTERVAL_MS,
    });
    await sleep(BEFORE_FAULT_MS);
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
    console.log(
      `[faults] ${scenario.name}: injected ${injected}; ` +
        `recovered ${String(recoveryMs)} ms after the fault was lifted; ` +
        `rooms ${String(all.length)}, changes ${String(made.booked + made.moved + made.cancelled)} ` +
        `(booked ${String(made.booked)}, moved ${String(made.moved)}, cancelled ${String(made.cancelled)}), ` +
        `rows expected ${String(last.expected)}, found ${String(last.found)}, duplicates ${String(last.duplicates)}`,
    );
    assert.equal(made.failed, 0, 'every change of the script was accepted by the simulator');
    assert.ok(last.equal, `read model differs from the simulator in ${last.differing.join(', ')}`);
    assert.equal(last.duplicates, 0);
    await scenario.verify?.(context);
  } finally {
    await system.close();
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
