// Graceful stop on SIGTERM (Kubernetes) and SIGINT (a developer's Ctrl-C): the
// service's stop runs once, however many signals arrive, and the process exits
// non-zero if stopping takes longer than the pod's grace period allows.
import type { Logger } from './Logger.ts';

export interface ProcessLike {
  on(signal: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): void;
}

export interface ShutdownOptions {
  stop: () => Promise<void>;
  logger: Pick<Logger, 'info' | 'error'>;
  /** Must stay below terminationGracePeriodSeconds. */
  timeoutMs?: number;
  signals?: readonly NodeJS.Signals[];
  /** Injected in tests; the real process otherwise. */
  processLike?: ProcessLike;
}

export function onShutdownSignal(options: ShutdownOptions): () => Promise<void> {
  const proc: ProcessLike = options.processLike ?? process;
  const timeoutMs = options.timeoutMs ?? 10_000;
  let stopping: Promise<void> | undefined;

  const shutdown = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      options.logger.info({ reason, timeoutMs }, 'shutting down');
      const timer = setTimeout(() => {
        options.logger.error({ timeoutMs }, 'shutdown timed out, exiting');
        proc.exit(1);
      }, timeoutMs);
      try {
        await options.stop();
        options.logger.info({}, 'stopped');
        proc.exit(0);
      } catch (error) {
        options.logger.error({ err: error }, 'shutdown failed');
        proc.exit(1);
      } finally {
        clearTimeout(timer);
      }
    })();
    return stopping;
  };

  for (const signal of options.signals ?? ['SIGTERM', 'SIGINT']) {
    proc.on(signal, () => void shutdown(signal));
  }
  return () => shutdown('requested');
}
