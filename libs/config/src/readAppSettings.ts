import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './ConfigError.ts';
import type { ValueSource } from './ConfigError.ts';
import { parseAppSettingsXml } from './parseAppSettingsXml.ts';

export const DEFAULT_APPSETTINGS_PATH = './RoomsAppSettings.config';

export interface RawValue {
  readonly value: string;
  readonly source: ValueSource;
  /** Set when an environment variable overrides a non-empty value of the file: that value is still in the file. */
  readonly overridesFile?: true;
}

/** Key → raw string value and where it came from, before any parsing. */
export type RawSettings = ReadonlyMap<string, RawValue>;

export type Env = Readonly<Record<string, string | undefined>>;

export interface ReadAppSettingsOptions {
  /**
   * The file to read. Undefined means DEFAULT_APPSETTINGS_PATH, where a missing file is fine
   * (configuration from the environment only); a path given explicitly must exist.
   */
  readonly path?: string | undefined;
  readonly env: Env;
  /**
   * Environment variables to consider besides the keys found in the file (normally the keys of
   * the spec). Without it every environment variable lands in the map.
   */
  readonly keys?: Iterable<string> | undefined;
  /** With `keys`: environment variables whose name this accepts are taken too (a family of keys, e.g. `Connection.*`). */
  readonly keyFilter?: ((name: string) => boolean) | undefined;
}

export type ReadAppSettingsResult =
  | {
      readonly ok: true;
      readonly raw: RawSettings;
      /** absolute path of the file read, if any */ readonly file: string | undefined;
    }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/** Reads RoomsAppSettings.config and lets an environment variable of the exact same name override each key. */
export function readAppSettings(options: ReadAppSettingsOptions): ReadAppSettingsResult {
  const explicit = options.path !== undefined;
  const file = resolve(options.path ?? DEFAULT_APPSETTINGS_PATH);
  const fileSource = `file ${file}` as const;
  const raw = new Map<string, RawValue>();

  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = error instanceof Error && 'code' in error && error.code === 'ENOENT';
    if (explicit || !missing) {
      const detail = error instanceof Error ? error.message : String(error);
      return {
        ok: false,
        errors: [new ConfigError({ source: fileSource, reason: `cannot read the file: ${detail}`, cause: error })],
      };
    }
  }
  if (text !== undefined) {
    const parsed = parseAppSettingsXml(text, fileSource);
    if (!parsed.ok) return parsed;
    for (const [key, value] of parsed.entries) raw.set(key, { value, source: fileSource });
  }

  const filter = options.keyFilter;
  const matching = filter === undefined ? [] : Object.keys(options.env).filter((name) => filter(name));
  const names = options.keys === undefined ? Object.keys(options.env) : [...raw.keys(), ...options.keys, ...matching];
  for (const name of names) {
    const value = options.env[name];
    if (value === undefined) continue;
    const inFile = raw.get(name)?.source === fileSource && raw.get(name)?.value !== '';
    raw.set(name, { value, source: `env ${name}`, ...(inFile ? { overridesFile: true as const } : {}) });
  }
  return { ok: true, raw, file: text === undefined ? undefined : file };
}
