export type { Logger } from './Logger.ts';
export { onShutdownSignal, type ShutdownOptions } from './onShutdownSignal.ts';
export { withTimeout, TimeoutError } from './withTimeout.ts';
export { backoffDelay, isProgrammerError, RetriesExhaustedError, retry, type RetryOptions } from './retry.ts';
export { silentLogger } from './silentLogger.ts';
export { errorMessage } from './errorMessage.ts';
export { forEachConcurrently } from './forEachConcurrently.ts';
export { startInBackground } from './startInBackground.ts';
export type { BackgroundState, BackgroundTask, StartInBackgroundOptions, Stoppable } from './startInBackground.ts';
