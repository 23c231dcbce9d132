import { SaxesParser } from 'saxes';
import type { SaxesTagNS } from 'saxes';
import { ConfigError, isConfigError } from './ConfigError.ts';

export type ParseAppSettingsXmlResult =
  | { readonly ok: true; readonly entries: ReadonlyMap<string, string> }
  | { readonly ok: false; readonly errors: readonly ConfigError[] };

// Older .NET tooling writes <configuration xmlns="http://schemas.microsoft.com/.NetConfiguration/v2.0">.
const NAMESPACES: readonly string[] = ['', 'http://schemas.microsoft.com/.NetConfiguration/v2.0'];

/**
 * Reads the <appSettings> entries of a .NET config document (root <configuration>, or a bare
 * <appSettings>). Strict and namespace-aware; a DOCTYPE is refused outright so no entity or
 * external reference is ever expanded. <add>, <remove> and <clear> follow .NET semantics; any
 * other element inside <appSettings> is an error rather than silently ignored.
 */
export function parseAppSettingsXml(xml: string, source: `file ${string}`): ParseAppSettingsXmlResult {
  const parser = new SaxesParser({ xmlns: true });
  const entries = new Map<string, { readonly value: string; readonly line: number }>();
  const errors: ConfigError[] = [];
  const stack: ('root' | 'section' | 'entry' | 'other')[] = [];
  const at = (): string => `line ${parser.line}`;
  const fatal = (reason: string): never => {
    throw new ConfigError({ source, reason: `${reason} (${at()})` });
  };

  const onEntry = (tag: SaxesTagNS): void => {
    const key = tag.attributes.key?.value;
    if (tag.local === 'clear') {
      entries.clear();
      return;
    }
    if (tag.local !== 'add' && tag.local !== 'remove') fatal(`unsupported element <${tag.name}> in <appSettings>`);
    if (key === undefined || key === '') return fatal(`<${tag.name}> without a key attribute`);
    if (tag.local === 'remove') {
      entries.delete(key);
      return;
    }
    const value = tag.attributes.value?.value ?? '';
    // .NET looks keys up case-insensitively, so two spellings of one key are a duplicate there.
    const first = [...entries].find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (first !== undefined) {
      const same = first[0] === key ? '' : ` as ${first[0]}`;
      errors.push(
        new ConfigError({
          key,
          value,
          source,
          reason: `duplicate key (${at()}; first${same} at line ${first[1].line})`,
        }),
      );
      return;
    }
    entries.set(key, { value, line: parser.line });
  };

  parser.on('doctype', () => fatal('DOCTYPE is not allowed'));
  parser.on('opentag', (tag) => {
    const parent = stack.at(-1);
    const known = NAMESPACES.includes(tag.uri);
    let kind: 'root' | 'section' | 'entry' | 'other' = 'other';
    if (parent === undefined) {
      if (!known || (tag.local !== 'configuration' && tag.local !== 'appSettings')) {
        fatal(`root element must be <configuration> or <appSettings>, not <${tag.name}>`);
      }
      kind = tag.local === 'appSettings' ? 'section' : 'root';
    } else if (parent === 'root' && known && tag.local === 'appSettings') {
      kind = 'section';
    } else if (parent === 'section') {
      if (!known) fatal(`unsupported element <${tag.name}> in <appSettings>`);
      kind = 'entry';
      onEntry(tag);
    }
    if (kind === 'section') {
      // These pull settings from another file that we would not read; refusing beats missing keys.
      for (const attr of ['file', 'configSource']) {
        if (tag.attributes[attr] !== undefined) fatal(`<appSettings ${attr}="…"> is not supported`);
      }
    }
    stack.push(kind);
  });
  parser.on('closetag', () => {
    stack.pop();
  });

  try {
    parser.write(xml).close();
  } catch (error) {
    if (isConfigError(error)) return { ok: false, errors: [error] };
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, errors: [new ConfigError({ source, reason: `malformed XML: ${detail}`, cause: error })] };
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, entries: new Map([...entries].map(([k, e]) => [k, e.value])) };
}
