// One EWS call with backoff on throttling and transient failures. Waiting keeps the Kafka
// session alive through `heartbeat`, so the partition stays paused (not skipped) meanwhile.
import type { EwsError, EwsResult } from '@rooms-sync/ews-client';
import { backoffDelay } from '@rooms-sync/lifecycle';
import { heartbeatSleep } from './heartbeatSleep.ts';
import type { HeartbeatSleepOptions } from './heartbeatSleep.ts';

export interface EwsRetryOptions extends HeartbeatSleepOptions {
  /** Retries after the first attempt. */
  retries: number;
  initialMs: number;
  maxMs: number;
  onRetry?: (error: EwsError, delayMs: number) => void;
}

const RETRIABLE_EWS_KINDS: ReadonlySet<EwsError['kind']> = new Set(['throttled', 'transient']);

export async function callEws<T>(call: () => Promise<EwsResult<T>>, options: EwsRetryOptions): Promise<EwsResult<T>> {
  for (let attempt = 0; ; attempt++) {
    const result = await call();
    if (
      result.ok ||
      !RETRIABLE_EWS_KINDS.has(result.error.kind) ||
      attempt >= options.retries ||
      options.signal?.aborted === true
    ) {
      return result;
    }
    const backoff = backoffDelay(
      attempt,
      { initialMs: options.initialMs, maxMs: options.maxMs, factor: 2, jitter: 0.2 },
      Math.random(),
    );
    // Exchange's BackOffMilliseconds is a floor, not a suggestion.
    const delayMs = Math.max(backoff, result.error.backOffMs ?? 0);
    options.onRetry?.(result.error, delayMs);
    await heartbeatSleep(delayMs, options);
  }
}
