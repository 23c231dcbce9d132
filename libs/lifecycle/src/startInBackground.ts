// A part the service can live without for a while (the projector's Kafka consumer beside its read
// API): started in the background with the shared capped back-off, started again when it dies, and
// stoppable at once in every phase, so what does not need it serves meanwhile and SIGTERM is never
// held up by a dependency that does not answer.
import { errorMessage } from './errorMessage.ts';
import type { Logger } from './Logger.ts';
import { backoffDelay, timerSleep } from './retry.ts';

export interface Stoppable {
  stop(): Promise<void>;
}

export type BackgroundState =
  /** Not running yet, or again: `attempts` failed since `since`, the last with `lastError`. */
  | { phase: 'starting'; since: Date; attempts: number; lastError?: string }
  | { phase: 'running'; since: Date }
  | { phase: 'stopped' };

export interface StartInBackgroundOptions<T extends Stoppable> {
  /** Names the part in log lines. */
  name: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  /**
   * One attempt: resolves with the running part or throws. The part calls `died` when it stops on
   * its own for good; it is then stopped and started again.
   */
  start: (died: (error: unknown) => void) => Promise<T>;
  /** Waits between failed attempts: capped exponential, factor 2, ±20 % jitter. */
  backoff?: { initialMs: number; maxMs: number };
  onState?: (state: BackgroundState) => void;
  /** Injected for tests; default Math.random. */
  random?: () => number;
}

export interface BackgroundTask {
  state(): BackgroundState;
  /**
   * Stops the running part. An attempt still under way is not waited for (it may hang on a
   * dependency that does not answer): whatever it starts is stopped as soon as it returns.
   */
  stop(): Promise<void>;
}

export function startInBackground<T extends Stoppable>(o: StartInBackgroundOptions<T>): BackgroundTask {
  const backoff = { initialMs: 1000, maxMs: 5000, factor: 2, jitter: 0.2, ...o.backoff };
  const random = o.random ?? Math.random;
  const stopping = new AbortController();
  const aborted = new Promise<void>((resolve) => {
    stopping.signal.addEventListener('abort', () => {
      resolve();
    });
  });
  let state: BackgroundState = { phase: 'starting', since: new Date(), attempts: 0 };
  let running: T | undefined;
  const enter = (next: BackgroundState) => {
    state = next;
    o.onState?.(next);
  };

  const runOnce = async (failures: number): Promise<number> => {
    let reportDeath: (error: unknown) => void = () => undefined;
    const died = new Promise<unknown>((resolve) => {
      reportDeath = resolve;
    });
    let started: T;
    try {
      started = await o.start((error) => {
        reportDeath(error);
      });
    } catch (error) {
      if (stopping.signal.aborted) return failures;
      const delayMs = backoffDelay(failures, backoff, random());
      const since = state.phase === 'starting' ? state.since : new Date();
      enter({ phase: 'starting', since, attempts: failures + 1, lastError: errorMessage(error) });
      o.logger.warn({ err: error, attempts: failures + 1, retryInMs: delayMs }, `${o.name} could not start; retrying`);
      await timerSleep(delayMs, stopping.signal);
      return failures + 1;
    }
    if (stopping.signal.aborted) {
      await started.stop().catch(() => undefined);
      return failures;
    }
    running = started;
    enter({ phase: 'running', since: new Date() });
    o.logger.info({ afterFailedAttempts: failures }, `${o.name} running`);
    const death = await Promise.race([died.then((error) => ({ error })), aborted]);
    if (death === undefined) return 0;
    running = undefined;
    enter({ phase: 'starting', since: new Date(), attempts: 0, lastError: errorMessage(death.error) });
    o.logger.warn({ err: death.error }, `${o.name} stopped on its own; starting it again`);
    await started.stop().catch(() => undefined);
    return 0;
  };

  void (async () => {
    for (let failures = 0; !stopping.signal.aborted;) failures = await runOnce(failures);
  })();

  return {
    state: () => state,
    async stop() {
      if (stopping.signal.aborted) return;
      stopping.abort();
      const current = running;
      running = undefined;
      enter({ phase: 'stopped' });
      await current?.stop();
    },
  };
}
