/**
 * The logger every lib takes: pino-shaped (object first), so a pino logger fits as is. A lib
 * that needs fewer levels asks for a `Pick` of it, so tests can hand in a smaller fake.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
