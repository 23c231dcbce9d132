// One Exchange call (EWS or Graph) with backoff on throttling and transient failures: the one
// retry home of the projector's Exchange reads. Waiting keeps the Kafka session alive through
// `heartbeat`, so the partition stays paused (not skipped) meanwhile.
import { backoffDelay } from '@rooms-sync/lifecycle';
import { heartbeatSleep } from './heartbeatSleep.ts';
import type { HeartbeatSleepOptions } from './heartbeatSleep.ts';

/** What both clients' errors have: a kind, and the wait the server asked for (EWS BackOffMilliseconds, Graph Retry-After). */
export interface RetriableFailure {
  kind: string;
  backOffMs?: number | undefined;
  retryAfterMs?: number | undefined;
}

export type ExchangeResult<T, E> = { ok: true; value: T } | { ok: false; error: E };

export interface ExchangeRetryOptions<E extends RetriableFailure = RetriableFailure> extends HeartbeatSleepOptions {
  /** Retries after the first attempt. */
  retries: number;
  initialMs: number;
  maxMs: number;
  onRetry?: ((error: E, delayMs: number) => void) | undefined;
}

const RETRIABLE_KINDS: ReadonlySet<string> = new Set(['throttled', 'transient']);

export async function callExchange<T, E extends RetriableFailure>(
  call: () => Promise<ExchangeResult<T, E>>,
  options: ExchangeRetryOptions<E>,
): Promise<ExchangeResult<T, E>> {
  for (let attempt = 0; ; attempt++) {
    const result = await call();
    if (
      result.ok ||
      !RETRIABLE_KINDS.has(result.error.kind) ||
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
    // The server's wait is a floor, not a suggestion (docs/protocols.md §10, §14).
    const delayMs = Math.max(backoff, result.error.backOffMs ?? 0, result.error.retryAfterMs ?? 0);
    options.onRetry?.(result.error, delayMs);
    await heartbeatSleep(delayMs, options);
  }
}
