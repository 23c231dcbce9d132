import type { Logger } from '@rooms-sync/lifecycle';

const noop = (): void => undefined;
export const silentLogger: Logger = { debug: noop, info: noop, warn: noop, error: noop };
