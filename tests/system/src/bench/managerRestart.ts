// How long a restarted manager takes to act at the bench's scale: from the new process's spawn to
// its log line "caught up with the topics; acting as leader". Three ways: a clean stop (the
// snapshot is written at stop), a crash (the snapshot is up to ManagerSnapshotIntervalSeconds old)
// and, as the baseline, a start without any snapshot (the topics read from the lookback window on).
import type { HybridSystem } from '../startHybridSystem.ts';

export type RestartKind = 'stopped' | 'killed' | 'no snapshot';

export interface RestartTiming {
  kind: RestartKind;
  /** Spawn → acting as leader. */
  msToAct: number;
  /** Age of the snapshot it started from, when it used one. */
  snapshotAgeSeconds?: number | undefined;
  /** Notifications of the lookback window it read instead, when it had no snapshot. */
  inWindow?: number | undefined;
  rooms: number;
}

const ACTING = 'caught up with the topics; acting as leader';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function timeManagerRestart(system: HybridSystem, kind: RestartKind): Promise<RestartTiming> {
  const old = system.services.get('subscription-manager');
  if (!old) throw new Error('no subscription-manager to restart');
  if (kind === 'killed') await old.kill();
  else await old.stop();
  if (kind === 'no snapshot') await system.db.db('manager_snapshots').delete();
  const t0 = performance.now();
  const manager = await system.spawnAgain('subscription-manager', { samePorts: true });
  const deadline = Date.now() + 300_000;
  for (;;) {
    const acting = manager.logs.find((l) => l.msg === ACTING);
    if (acting) {
      const msToAct = performance.now() - t0;
      const restored = manager.logs.find((l) => l.msg === 'restored state from snapshot');
      const window = manager.logs.find((l) => l.msg === 'reading the notifications from the lookback window');
      return {
        kind,
        msToAct,
        snapshotAgeSeconds: typeof restored?.ageSeconds === 'number' ? restored.ageSeconds : undefined,
        inWindow: typeof window?.inWindow === 'number' ? window.inWindow : undefined,
        rooms: typeof acting.rooms === 'number' ? acting.rooms : 0,
      };
    }
    if (Date.now() > deadline) throw new Error(`the restarted manager did not act within 300 s (${kind})`);
    await sleep(20);
  }
}
