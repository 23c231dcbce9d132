// The value readers readConnections shares: a plain key of one connection, a secret (environment
// or mounted file only), and a file such as a certificate. Errors name the key and where it came
// from, and never carry a secret or a file's content.
import { ConfigError } from './ConfigError.ts';
import type { Parser } from './parsers.ts';
import type { RawSettings, RawValue } from './readAppSettings.ts';

/** Reads a mounted file (a Kubernetes Secret, a certificate) as text; throws when it cannot. */
export type ReadTextFile = (path: string) => string;

export interface ConnectionReader {
  /** `Connection.<name>.` */
  readonly prefix: string;
  /** The key's raw entry; an empty value counts as unset, as for every other key. */
  entry(field: string): (RawValue & { readonly key: string }) | undefined;
  /** A plain value, parsed; undefined (and an error when `required`) when absent or invalid. */
  value<T>(field: string, parser: Parser<T>, required: boolean): T | undefined;
  /** `field` from the environment or `field`File; refused when written in RoomsAppSettings.config. */
  secret(field: string): string | undefined;
  /** The text of the file `field` names. */
  file(field: string): string | undefined;
  readonly errors: ConfigError[];
}

export function connectionReader(raw: RawSettings, prefix: string, readFile: ReadTextFile): ConnectionReader {
  const errors: ConfigError[] = [];
  const entry = (field: string) => {
    const key = `${prefix}${field}`;
    const found = raw.get(key);
    return found === undefined || found.value === '' ? undefined : { ...found, key };
  };
  const file = (field: string) => {
    const found = entry(field);
    if (found === undefined) return undefined;
    let text: string;
    try {
      text = readFile(found.value);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      errors.push(new ConfigError({ ...found, reason: `cannot read the file: ${detail}`, cause: error }));
      return undefined;
    }
    // A Secret written with `echo` or an editor ends in a newline that is no part of the secret.
    const trimmed = text.replace(/[\r\n]+$/, '');
    if (trimmed === '') errors.push(new ConfigError({ ...found, reason: 'the file is empty' }));
    return trimmed === '' ? undefined : trimmed;
  };
  return {
    prefix,
    errors,
    entry,
    file,
    value(field, parser, required) {
      const found = entry(field);
      if (found === undefined) {
        if (required) errors.push(new ConfigError({ key: `${prefix}${field}`, source: 'unset', reason: 'required' }));
        return undefined;
      }
      const parsed = parser.parse(found.value);
      if (parsed.ok) return parsed.value;
      errors.push(new ConfigError({ ...found, reason: parsed.reason }));
      return undefined;
    },
    secret(field) {
      const inline = entry(field);
      const fromFile = entry(`${field}File`);
      // Never `value: inline.value` below: the message goes to logs.
      if (inline?.overridesFile === true) {
        // The environment wins, but the value still sits in the ConfigMap.
        const reason =
          'is also written in RoomsAppSettings.config (a ConfigMap), where a secret must not be: remove it there';
        errors.push(new ConfigError({ key: inline.key, source: inline.source, reason }));
        return undefined;
      }
      if (inline?.source.startsWith('file ') === true) {
        errors.push(
          new ConfigError({
            key: inline.key,
            source: inline.source,
            reason: `a secret must not be written in RoomsAppSettings.config (a ConfigMap): set the environment variable ${inline.key} or mount it as a file named by ${inline.key}File`,
          }),
        );
        return undefined;
      }
      if (inline !== undefined && fromFile !== undefined) {
        errors.push(
          new ConfigError({
            key: inline.key,
            source: inline.source,
            reason: `set together with ${fromFile.key}: choose one`,
          }),
        );
        return undefined;
      }
      return inline?.value ?? file(`${field}File`);
    },
  };
}
