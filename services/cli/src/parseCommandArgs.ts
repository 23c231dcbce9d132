// The argument handling every command shares: a leading command name is tolerated, `--help`
// prints the usage, and anything parseArgs refuses is reported with the usage and EX_USAGE.
import { parseArgs } from 'node:util';
import type { ParseArgsOptionsConfig } from 'node:util';
import { errorMessage } from '@rooms-sync/lifecycle';
import { EX_USAGE } from './CliCommand.ts';
import type { CommandIo } from './CliCommand.ts';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export interface CommandSpec<O extends ParseArgsOptionsConfig> {
  /** The command's name, which may also lead its arguments (`rooms add …` as well as `add …`). */
  readonly name: string;
  readonly usage: string;
  readonly options: O;
  /** Whether the command takes positional arguments (a verb, an address); default true. */
  readonly positionals?: boolean;
}

interface Config<O extends ParseArgsOptionsConfig> {
  args: string[];
  options: O & typeof HELP;
  allowPositionals: boolean;
  strict: true;
}

type Values<O extends ParseArgsOptionsConfig> = ReturnType<typeof parseArgs<Config<O>>>['values'];

export type CommandArgs<O extends ParseArgsOptionsConfig> =
  | {
      readonly ok: true;
      /** The arguments without the leading command name, for loadCommandSettings (`--appsettings`). */
      readonly args: string[];
      readonly values: Values<O>;
      readonly positionals: string[];
    }
  /** Already reported: `--help` (exit 0) or arguments parseArgs refused (EX_USAGE). */
  | { readonly ok: false; readonly exitCode: number };

export function parseCommandArgs<O extends ParseArgsOptionsConfig>(
  spec: CommandSpec<O>,
  argv: string[],
  io: CommandIo,
): CommandArgs<O> {
  const args = argv[0] === spec.name ? argv.slice(1) : argv;
  let parsed;
  try {
    parsed = parseArgs<Config<O>>({
      args,
      options: { ...spec.options, ...HELP },
      allowPositionals: spec.positionals ?? true,
      strict: true,
    });
  } catch (error) {
    io.stderr.write(`${errorMessage(error)}\n${spec.usage}`);
    return { ok: false, exitCode: EX_USAGE };
  }
  // Values<O> stays unresolved for a generic O; `help` is there, since HELP is always passed.
  const { help }: { help?: boolean } = parsed.values;
  if (help === true) {
    io.stdout.write(spec.usage);
    return { ok: false, exitCode: 0 };
  }
  return { ok: true, args, values: parsed.values, positionals: parsed.positionals };
}

/** Writes `text` (the usage, or what is wrong) to stderr and returns EX_USAGE. */
export function usageError(io: CommandIo, text: string): number {
  io.stderr.write(text);
  return EX_USAGE;
}
