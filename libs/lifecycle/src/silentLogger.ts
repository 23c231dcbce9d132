import type { Logger } from './Logger.ts';

const noop = (): void => undefined;

/** A Logger that drops everything: for tools whose output is their own, and for tests. */
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
