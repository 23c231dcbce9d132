export { onShutdownSignal, type ShutdownOptions, type ShutdownLogger } from './onShutdownSignal.ts';
