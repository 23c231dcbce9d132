import type { ConfigError } from './ConfigError.ts';

/** sysexits.h EX_CONFIG: the process cannot start with this configuration. */
export const EX_CONFIG = 78;

export interface ErrorStream {
  write(chunk: string): unknown;
}

/**
 * Writes each error as one `config error: …` line and ends the process with EX_CONFIG. The only
 * place in libs/config that exits; `exit` is injectable for tests.
 */
export function exitOnConfigErrors(
  errors: readonly ConfigError[],
  stderr: ErrorStream = process.stderr,
  exit: (code: number) => never = (code) => process.exit(code),
): never {
  // stderr is synchronous for files and pipes on Linux, so these lines are out before exit.
  for (const error of errors) stderr.write(`config error: ${error.message}\n`);
  return exit(EX_CONFIG);
}
