// The shape the `services/cli` dispatcher hands every operator command, whichever lib owns it.
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

export const EX_USAGE = 64;
