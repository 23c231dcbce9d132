export { onShutdownSignal, type ShutdownOptions, type ShutdownLogger } from './onShutdownSignal.ts';
export { withTimeout, TimeoutError } from './withTimeout.ts';
