import { ConfigError } from './ConfigError.ts';
import type { ValueSource } from './ConfigError.ts';
import type { RawSettings } from './readAppSettings.ts';
import type { SettingsOf, SourcesOf, Spec } from './setting.ts';

export type LoadSettingsResult<S extends Spec> =
  | { readonly ok: true; readonly settings: SettingsOf<S>; readonly sources: SourcesOf<S> }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

/**
 * Parses and validates every key of `spec` from the raw map. All errors are collected, so an
 * operator fixes the whole config in one round. An empty value counts as not set: .NET configs
 * carry `value=""` for "unset", and an empty env var is how a chart leaves a key out.
 */
export function loadSettings<S extends Spec>(spec: S, raw: RawSettings): LoadSettingsResult<S> {
  const settings: Record<string, unknown> = {};
  const sources: Record<string, ValueSource> = {};
  const errors: ConfigError[] = [];

  for (const [key, row] of Object.entries(spec)) {
    const entry = raw.get(key);
    if (entry === undefined || entry.value === '') {
      if (row.presence === 'required') {
        errors.push(
          new ConfigError({
            key,
            value: entry?.value,
            source: entry?.source ?? 'unset',
            reason: 'required but not set',
          }),
        );
      }
      settings[key] = row.presence === 'default' ? row.default : undefined;
      sources[key] = row.presence === 'default' ? 'default' : (entry?.source ?? 'unset');
      continue;
    }
    const parsed = row.parser.parse(entry.value);
    if (parsed.ok) {
      settings[key] = parsed.value;
      sources[key] = entry.source;
    } else {
      errors.push(new ConfigError({ key, value: entry.value, source: entry.source, reason: parsed.reason }));
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  // The loop fills exactly the keys of `spec` with values its parsers produced, which is what
  // SettingsOf<S> describes; TypeScript cannot follow that through Object.entries.
  return { ok: true, settings: settings as SettingsOf<S>, sources: sources as SourcesOf<S> };
}
