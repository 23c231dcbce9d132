// The shape main.ts hands every operator command: its arguments and the streams and environment
// to use, so a test runs a command in-process. A command resolves to its exit code.
import type { Verdict } from '@rooms-sync/connections';
import { errorMessage } from '@rooms-sync/lifecycle';

export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  readonly summary: string;
  /** `argv` = the arguments after the command name (a leading name is tolerated); resolves to the exit code. */
  run(argv: string[], io: CommandIo): Promise<number>;
}

/** sysexits.h EX_USAGE: the arguments are wrong. */
export const EX_USAGE = 64;
/** The command ran and something it did failed (a room not found, a rebuild or replay that threw). */
export const EX_FAILED = 1;

/** Writes `<what> failed: <message>` and returns EX_FAILED: how a command reports an error it caught. */
export function reportFailure(io: CommandIo, what: string, error: unknown): number {
  io.stderr.write(`${what} failed: ${errorMessage(error)}\n`);
  return EX_FAILED;
}

/** Writes `FAILED: <subject>: <reason>` and the hint, if any, and returns EX_FAILED: how a command reports a verdict. */
export function reportVerdict(io: CommandIo, subject: string, verdict: Verdict): number {
  io.stderr.write(`FAILED: ${subject}: ${verdict.reason}\n`);
  if (verdict.hint !== undefined) io.stderr.write(`${verdict.hint}\n`);
  return EX_FAILED;
}
