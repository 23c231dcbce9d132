export { onShutdownSignal, type ShutdownOptions, type ShutdownLogger } from './onShutdownSignal.ts';
export { withTimeout, TimeoutError } from './withTimeout.ts';
export { EX_USAGE, type CliCommand, type CommandIo } from './CliCommand.ts';
