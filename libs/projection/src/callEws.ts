// One EWS call with backoff on throttling and transient failures. Waiting keeps the Kafka
// session alive through `heartbeat`, so the partition stays paused (not skipped) meanwhile.
import type { EwsError, EwsResult } from './CalendarSource.ts';

export interface EwsRetryOptions {
  /** Retries after the first attempt. */
  retries: number;
  initialMs: number;
  maxMs: number;
  heartbeat?: () => Promise<void>;
  onRetry?: (error: EwsError, delayMs: number) => void;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal | undefined;
}

const RETRIABLE_EWS_KINDS: ReadonlySet<EwsError['kind']> = new Set(['throttled', 'transient']);

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Sleeps in slices so the heartbeat runs at least every few seconds. */
async function wait(ms: number, options: EwsRetryOptions): Promise<void> {
  const sleep = options.sleep ?? timerSleep;
  let left = ms;
  while (left > 0 && options.signal?.aborted !== true) {
    const slice = Math.min(left, 3_000);
    await sleep(slice);
    left -= slice;
    await options.heartbeat?.();
  }
}

export async function callEws<T>(call: () => Promise<EwsResult<T>>, options: EwsRetryOptions): Promise<EwsResult<T>> {
  for (let attempt = 0; ; attempt++) {
    const result = await call();
    if (result.ok || !RETRIABLE_EWS_KINDS.has(result.error.kind) || attempt >= options.retries || options.signal?.aborted === true) {
      return result;
    }
    const backoff = Math.min(options.maxMs, options.initialMs * 2 ** attempt);
    // Exchange's BackOffMilliseconds is a floor, not a suggestion.
    const delayMs = Math.max(backoff * (0.8 + Math.random() * 0.4), result.error.backOffMs ?? 0);
    options.onRetry?.(result.error, delayMs);
    await wait(delayMs, options);
  }
}
