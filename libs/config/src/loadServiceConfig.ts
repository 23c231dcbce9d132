import { parseArgs } from 'node:util';
import { ConfigError } from './ConfigError.ts';
import { loadSettings } from './loadSettings.ts';
import { readAppSettings } from './readAppSettings.ts';
import type { Env, RawSettings } from './readAppSettings.ts';
import type { SettingsOf, SourcesOf, Spec } from './setting.ts';

export const APPSETTINGS_PATH_ENV = 'ROOMS_APPSETTINGS_PATH';
export const APPSETTINGS_PATH_FLAG = 'appsettings';

export interface LoadServiceConfigOptions {
  readonly env: Env;
  /** Command-line arguments (without node and script); `--appsettings <path>` wins over the env var. */
  readonly argv?: readonly string[] | undefined;
  /**
   * Keys outside `spec` to hand back raw in `kept` (from the file or the environment), for a family
   * of keys a table cannot list, such as the `Connection.<name>.*` keys readConnections parses.
   */
  readonly keep?: ((key: string) => boolean) | undefined;
}

export type LoadServiceConfigResult<S extends Spec> =
  | {
      readonly ok: true;
      readonly settings: SettingsOf<S>;
      readonly sources: SourcesOf<S>;
      /** Absolute path of the RoomsAppSettings.config read, or undefined when only the env was used. */
      readonly file: string | undefined;
      /** The raw entries `keep` accepted (empty without it). */
      readonly kept: RawSettings;
    }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/**
 * What a service calls first: finds RoomsAppSettings.config (`--appsettings`, then
 * ROOMS_APPSETTINGS_PATH, then ./RoomsAppSettings.config which may be absent), reads it with env
 * overrides and validates it against `spec`. Errors are returned, never thrown; hand them to
 * exitOnConfigErrors.
 */
export function loadServiceConfig<S extends Spec>(
  spec: S,
  options: LoadServiceConfigOptions,
): LoadServiceConfigResult<S> {
  const path = appSettingsPath(options);
  if (path instanceof ConfigError) return { ok: false, errors: [path] };
  const keep = options.keep;
  const read = readAppSettings({ path, env: options.env, keys: Object.keys(spec), keyFilter: keep });
  if (!read.ok) return read;
  const loaded = loadSettings(spec, read.raw);
  if (!loaded.ok) return loaded;
  const kept = new Map(keep === undefined ? [] : [...read.raw].filter(([key]) => keep(key)));
  return { ...loaded, file: read.file, kept };
}

function appSettingsPath(options: LoadServiceConfigOptions): string | undefined | ConfigError {
  const { values } = parseArgs({
    args: [...(options.argv ?? [])],
    options: { [APPSETTINGS_PATH_FLAG]: { type: 'string' } },
    strict: false, // the service may have flags of its own
    allowPositionals: true,
  });
  const flag = values[APPSETTINGS_PATH_FLAG];
  if (flag !== undefined) {
    if (typeof flag === 'string' && flag !== '') return flag;
    return new ConfigError({
      key: `--${APPSETTINGS_PATH_FLAG}`,
      source: `argv --${APPSETTINGS_PATH_FLAG}`,
      reason: 'needs a file path',
    });
  }
  // Empty counts as unset, as for every other key: charts render absent values as "".
  const fromEnv = options.env[APPSETTINGS_PATH_ENV];
  return fromEnv === '' ? undefined : fromEnv;
}
