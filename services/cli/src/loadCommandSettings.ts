// The settings a command reads, from the same RoomsAppSettings.config and environment the services
// use (`--appsettings <path>`, else ROOMS_APPSETTINGS_PATH), each error reported as one line.
import { APPSETTINGS_PATH_FLAG, EX_CONFIG, loadServiceConfig } from '@rooms-sync/config';
import type { ConfigError, RawSettings, SettingsOf, SourcesOf, Spec } from '@rooms-sync/config';
import type { CommandIo } from './CliCommand.ts';

/** The option every command that reads settings declares, so parseArgs accepts it. */
export const APPSETTINGS_OPTION = { [APPSETTINGS_PATH_FLAG]: { type: 'string' } } as const;

export type CommandSettings<S extends Spec> =
  | {
      readonly ok: true;
      readonly settings: SettingsOf<S>;
      readonly sources: SourcesOf<S>;
      /** The raw keys `keep` accepted (loadServiceConfig's `keep`), e.g. the connections' keys. */
      readonly kept: RawSettings;
    }
  /** Already reported on stderr. */
  | { readonly ok: false; readonly exitCode: number };

export function loadCommandSettings<S extends Spec>(
  spec: S,
  args: string[],
  io: CommandIo,
  keep?: (key: string) => boolean,
): CommandSettings<S> {
  const config = loadServiceConfig(spec, { env: io.env, argv: args, keep });
  if (!config.ok) return { ok: false, exitCode: reportConfigErrors(io, config.errors) };
  return { ok: true, settings: config.settings, sources: config.sources, kept: config.kept };
}

/** `config error: …` per error, as the services print them at start; returns EX_CONFIG. */
export function reportConfigErrors(io: CommandIo, errors: readonly ConfigError[]): number {
  for (const error of errors) io.stderr.write(`config error: ${error.message}\n`);
  return EX_CONFIG;
}
