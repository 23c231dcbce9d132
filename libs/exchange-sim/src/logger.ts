// The logging surface the simulator needs; pino loggers (and createLogger's) satisfy it.
export interface SimLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

const noop = (): void => undefined;
export const silentLogger: SimLogger = { debug: noop, info: noop, warn: noop, error: noop };
