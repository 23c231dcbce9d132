// The settings a command reads, from the same RoomsAppSettings.config and environment the services
// use (`--appsettings <path>`, else ROOMS_APPSETTINGS_PATH), each error reported as one line; and
// the connections they describe (commandConnections), one of them picked by name.
import { APPSETTINGS_PATH_FLAG, EX_CONFIG, isConnectionKey, loadServiceConfig } from '@rooms-sync/config';
import type { ConfigError, RawSettings, SettingsOf, SourcesOf, Spec } from '@rooms-sync/config';
import { commandConnections } from '@rooms-sync/connections';
import type { CommandConnection, ConnectionEntry } from '@rooms-sync/connections';
import { ewsSettings } from '@rooms-sync/ews-client';
import { EX_USAGE } from './CliCommand.ts';
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

/** The Ews* keys and the connection keys from the command's settings; errors already reported. */
export function loadCommandConnections(
  args: string[],
  io: CommandIo,
):
  | { readonly ok: true; readonly entries: readonly ConnectionEntry[] }
  | { readonly ok: false; readonly exitCode: number } {
  const config = loadCommandSettings(ewsSettings, args, io, isConnectionKey);
  if (!config.ok) return config;
  const loaded = commandConnections(config.settings, config.sources, config.kept);
  return loaded.ok ? loaded : { ok: false, exitCode: reportConfigErrors(io, loaded.errors) };
}

export type FoundConnection =
  | { readonly ok: true; readonly connection: CommandConnection }
  /** Already reported: an unknown name (EX_USAGE), or a default whose Ews* keys are incomplete (EX_CONFIG). */
  | { readonly ok: false; readonly exitCode: number };

export function findConnection(entries: readonly ConnectionEntry[], name: string, io: CommandIo): FoundConnection {
  const entry = entries.find((e) => (e.ok ? e.connection.name : e.name) === name);
  if (entry === undefined) {
    const known = entries.map((e) => (e.ok ? e.connection.name : e.name)).join(', ');
    io.stderr.write(`no such connection: ${name} (configured: ${known})\n`);
    return { ok: false, exitCode: EX_USAGE };
  }
  if (!entry.ok) return { ok: false, exitCode: reportConfigErrors(io, entry.errors) };
  return entry;
}
