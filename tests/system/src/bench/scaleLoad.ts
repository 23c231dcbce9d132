// The changes the scale bench makes at the simulator, paced, and their freshness: each change is a
// new booking with a subject of its own, so its row in the read model says when it was written.
import type { HybridSystem } from '../startHybridSystem.ts';

export interface Change {
  phase: string;
  subject: string;
  /** The item's LastModifiedTime at the simulator: when Exchange recorded the change. */
  at: number;
}

export interface LoadOptions {
  phase: string;
  count: number;
  perSecond: number;
  room: (i: number) => string;
}

/** Makes `count` bookings at `perSecond`, in rooms chosen by `room(i)`; resolves when all were answered. */
export async function makeChanges(system: HybridSystem, tag: string, o: LoadOptions): Promise<Change[]> {
  const t0 = performance.now();
  const day = Date.now() + 2 * 86_400_000;
  const pending: Promise<Change>[] = [];
  for (let i = 0; i < o.count; i++) {
    const subject = `${tag}-${o.phase}-${String(i)}`;
    const start = day + (i % 40) * 1_800_000;
    pending.push(
      system
        .simAdmin('POST', `/admin/mailboxes/${o.room(i)}/items`, {
          subject,
          start: new Date(start).toISOString(),
          end: new Date(start + 1_800_000).toISOString(),
          organizer: 'bench@contoso.example',
        })
        .then((item) => ({ phase: o.phase, subject, at: Date.parse((item as { lastModified: string }).lastModified) })),
    );
    const wait = t0 + ((i + 1) * 1000) / o.perSecond - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  return Promise.all(pending);
}

/**
 * Milliseconds from each change to its row (the row's `created_at`, the time of the projector's
 * transaction), waiting up to `timeoutMs` for the last ones; changes never seen are left out and
 * counted by the caller.
 */
export async function freshnessOf(
  system: HybridSystem,
  tag: string,
  changes: readonly Change[],
  timeoutMs: number,
): Promise<Map<string, number>> {
  const wanted = new Map(changes.map((c) => [c.subject, c.at]));
  const seen = new Map<string, number>();
  const deadline = Date.now() + timeoutMs;
  const phases = [...new Set(changes.map((c) => c.phase))];
  while (seen.size < wanted.size && Date.now() < deadline) {
    for (const phase of phases) {
      const rows = await system.db.db.raw<{ rows: { subject: string; at: Date }[] }>(
        `select subject, created_at as at from reservations where subject like ?`,
        [`${tag}-${phase}-%`],
      );
      for (const r of rows.rows) {
        const at = wanted.get(r.subject);
        if (at !== undefined) seen.set(r.subject, Math.max(0, r.at.getTime() - at));
      }
    }
    if (seen.size < wanted.size) await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return seen;
}
