// The one retrier the producer, the consumers and the services share: capped exponential
// backoff with jitter (after kafkajs src/retry). It retries unless the error says
// `retriable: false` (or the caller's predicate refuses), never retries programmer errors,
// and wraps the final failure with its cause.
import { errorMessage } from './errorMessage.ts';

export type RetryOptions = {
  /** Retries after the first attempt (0 = try once). */
  retries: number;
  initialMs: number;
  maxMs: number;
  /** Growth per retry, e.g. 2. */
  factor: number;
  /** 0..1: each delay is drawn from delay × [1 − jitter, 1 + jitter], then capped at maxMs. */
  jitter: number;
  /** Defaults to "unless `retriable === false`". Programmer errors are never retried either way. */
  isRetriable?: (error: unknown) => boolean;
  /** Called before each wait; for logs and metrics. */
  onRetry?: (info: { error: unknown; attempt: number; delayMs: number }) => void;
  /** Stops waiting and retrying (e.g. on shutdown); the last error is then thrown wrapped. */
  signal?: AbortSignal;
  /** Injected for tests; default Math.random. */
  random?: () => number;
  /** Injected for tests; default a timer that honours `signal`. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
};

export class RetriesExhaustedError extends Error {
  override readonly name = 'RetriesExhaustedError';
  readonly retriable = false;
  readonly attempts: number;
  readonly aborted: boolean;

  constructor(cause: unknown, context: { attempts: number; aborted: boolean }) {
    const why = context.aborted ? 'aborted' : 'gave up';
    super(`${why} after ${context.attempts} attempt(s): ${errorMessage(cause)}`, {
      cause,
    });
    this.attempts = context.attempts;
    this.aborted = context.aborted;
  }
}

const PROGRAMMER_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

export function isProgrammerError(error: unknown): boolean {
  return PROGRAMMER_ERRORS.some((E) => error instanceof E);
}

function defaultIsRetriable(error: unknown): boolean {
  return !(typeof error === 'object' && error !== null && (error as { retriable?: unknown }).retriable === false);
}

/** The delay before retry number `attempt` (0-based), given a random draw in [0, 1). */
export function backoffDelay(
  attempt: number,
  options: Pick<RetryOptions, 'initialMs' | 'maxMs' | 'factor' | 'jitter'>,
  draw: number,
): number {
  const base = Math.min(options.maxMs, options.initialMs * options.factor ** attempt);
  const jittered = base * (1 - options.jitter + 2 * options.jitter * draw);
  return Math.round(Math.max(0, Math.min(options.maxMs, jittered)));
}

/** A wait that ends early when `signal` aborts. */
export function timerSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve();
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const isRetriable = options.isRetriable ?? defaultIsRetriable;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? timerSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      if (isProgrammerError(error) || !isRetriable(error)) throw error;
      const aborted = options.signal?.aborted === true;
      if (attempt >= options.retries || aborted) {
        throw new RetriesExhaustedError(error, { attempts: attempt + 1, aborted });
      }
      const delayMs = backoffDelay(attempt, options, random());
      options.onRetry?.({ error, attempt: attempt + 1, delayMs });
      await sleep(delayMs, options.signal);
      if (options.signal?.aborted) throw new RetriesExhaustedError(error, { attempts: attempt + 1, aborted: true });
    }
  }
}
