import { errorMessage, withTimeout } from '@rooms-sync/lifecycle';

/** Resolves when the dependency is usable; throws (with a reason) when not. */
export type ReadinessCheck = () => Promise<void>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
}

// Checks run in parallel, each bounded, so one hung dependency cannot make the
// probe itself time out and hide which dependency is at fault.
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, { ok: boolean; error?: string }]> => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, { ok: true }];
      } catch (error) {
        return [name, { ok: false, error: errorMessage(error) }];
      }
    }),
  );
  const results = Object.fromEntries(entries);
  return { ready: entries.every(([, r]) => r.ok), checks: results };
}
