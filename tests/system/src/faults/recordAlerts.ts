// What a scenario's Prometheus said about its alerts, polled every second: when each alert was
// first pending, first firing and last resolved, and whether it fires now. `foldAlerts` is the
// pure step, so what counts as fired and resolved is tested without a Prometheus.
import type { ActiveAlert } from './startPrometheus.ts';

export interface AlertRecord {
  name: string;
  pendingAt?: number;
  firingAt?: number;
  /** The first poll that no longer saw it firing, after the last that did. */
  resolvedAt?: number;
  firing: boolean;
}

export type AlertRecords = ReadonlyMap<string, AlertRecord>;

export function foldAlerts(records: AlertRecords, active: readonly ActiveAlert[], now: number): AlertRecords {
  const next = new Map<string, AlertRecord>();
  const firingNow = new Set(active.filter((a) => a.state === 'firing').map((a) => a.name));
  for (const [name, record] of records)
    next.set(name, record.firing && !firingNow.has(name) ? { ...record, firing: false, resolvedAt: now } : record);
  for (const alert of active) {
    const record = next.get(alert.name) ?? { name: alert.name, firing: false };
    if (alert.state === 'pending') next.set(alert.name, { ...record, pendingAt: record.pendingAt ?? now });
    else
      // firing again after it resolved: no longer resolved
      next.set(alert.name, {
        name: alert.name,
        pendingAt: record.pendingAt ?? now,
        firingAt: record.firingAt ?? now,
        firing: true,
      });
  }
  return next;
}

export interface AlertRecorder {
  records(): AlertRecords;
  /** Polls that failed (Prometheus not answering); each is a second nothing was recorded. */
  failedPolls(): number;
  stop(): Promise<void>;
}

export function recordAlerts(source: () => Promise<readonly ActiveAlert[]>, intervalMs = 1_000): AlertRecorder {
  let records: AlertRecords = new Map();
  let failed = 0;
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      const active = await source().catch(() => undefined);
      if (active) records = foldAlerts(records, active, Date.now());
      else failed++;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    records: () => records,
    failedPolls: () => failed,
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
