// The one slot computation of the manager's periodic work: the read-back of each Graph
// subscription (decideGraph) and the reconcile of each EWS room (decide). Each room has its own
// slot in the period, an offset from a hash of its mailbox, so the work of many rooms spreads
// over the period instead of falling due together.

export interface PeriodConfig {
  /** The period, in minutes (× timeScale). */
  readonly reconcileIntervalMinutes: number;
  /** Multiplies protocol durations (1 in production; the simulator's factor in tests). */
  readonly timeScale: number;
}

/** When something done at `doneAt` is next due: the first moment after it in the room's slot. */
export function nextCheckAt(doneAt: number, mailbox: string, config: PeriodConfig): number {
  const period = Math.max(1, Math.round(config.reconcileIntervalMinutes * 60_000 * config.timeScale));
  const offset = hash(mailbox) % period;
  const sinceSlot = (((doneAt - offset) % period) + period) % period;
  return doneAt - sinceSlot + period;
}

/** FNV-1a: stable across processes and releases, which is all the spread needs. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}
