// One bound for any wait on a dependency (readiness checks, recording a push, a leadership
// check), so a hung peer surfaces as a typed, retriable failure instead of a stuck caller.
export class TimeoutError extends Error {
  override readonly name = 'TimeoutError';
  readonly retriable = true;
  readonly timeoutMs: number;
  constructor(timeoutMs: number, what?: string) {
    super(`no answer${what === undefined ? '' : ` from ${what}`} within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
}

/**
 * Settles as `promise` does, or rejects when it has not settled within `ms`: with a TimeoutError
 * whose message names `what` ("no answer from PostgreSQL within 3000 ms"), or with the error a
 * caller with its own error types builds. The work itself is not cancelled; a late rejection
 * of it stays handled.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what?: string | (() => Error)): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(typeof what === 'function' ? what() : new TimeoutError(ms, what));
    }, ms);
  });
  return Promise.race([promise, expired]).finally(() => {
    clearTimeout(timer);
  });
}
