export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

/** Turns one raw (non-empty) string into a typed value or a one-line reason. */
export interface Parser<T> {
  /** Human name of the kind, e.g. `absolute http(s) URL`. */
  readonly kind: string;
  readonly parse: (raw: string) => ParseResult<T>;
}

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const fail = <T>(reason: string): ParseResult<T> => ({ ok: false, reason });

// Values are used exactly as written (the override URL is registered 1:1), so surrounding
// whitespace is rejected instead of silently trimmed away by one parser and not by another.
function untrimmed(raw: string): string | undefined {
  return raw.trim() === raw ? undefined : 'has leading or trailing whitespace';
}

/** Any WHATWG-parsable URL, optionally limited to some schemes (e.g. `postgres:`). The value stays the exact string. */
function url(options: { readonly protocols?: readonly string[] } = {}): Parser<string> {
  const protocols = options.protocols;
  return {
    kind: protocols ? `${protocols.join('/')} URL` : 'URL',
    parse(raw) {
      const bad = untrimmed(raw);
      if (bad !== undefined) return fail(bad);
      const parsed = URL.parse(raw);
      if (parsed === null) return fail('not a URL');
      if (protocols && !protocols.includes(parsed.protocol)) {
        return fail(`scheme must be one of ${protocols.join(', ')}`);
      }
      return ok(raw);
    },
  };
}

/**
 * An absolute http(s) URL with a host. `root: true` also forbids query and fragment, for base URLs
 * that paths get appended to (IdpRootUrl). The value stays the exact string.
 */
function absoluteUrl(options: { readonly root?: boolean } = {}): Parser<string> {
  return {
    kind: 'absolute http(s) URL',
    parse(raw) {
      const bad = untrimmed(raw);
      if (bad !== undefined) return fail(bad);
      const parsed = URL.parse(raw);
      if (parsed === null || parsed.host === '') return fail('not an absolute URL');
      if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return fail('not an http(s) URL');
      if (options.root === true && (parsed.search !== '' || parsed.hash !== '')) {
        return fail('must not have a query or fragment (paths are appended to it)');
      }
      return ok(raw);
    },
  };
}

/**
 * `true` / `false`, case-insensitive. `1`/`0`, `yes`/`no` are NOT accepted: the same
 * RoomsAppSettings.config is read by the .NET ROOMS app with bool.Parse, which rejects them, so
 * a file we accepted could still break ROOMS.
 */
function bool(): Parser<boolean> {
  return {
    kind: 'boolean',
    parse(raw) {
      const lower = raw.toLowerCase();
      if (lower === 'true') return ok(true);
      if (lower === 'false') return ok(false);
      return fail('not a boolean (expected true or false)');
    },
  };
}

/** A decimal integer within [min, max] (inclusive); no sign-less floats, exponents or hex. */
function int(options: { readonly min?: number; readonly max?: number } = {}): Parser<number> {
  const min = options.min ?? Number.MIN_SAFE_INTEGER;
  const max = options.max ?? Number.MAX_SAFE_INTEGER;
  return {
    kind: `integer in [${min}, ${max}]`,
    parse(raw) {
      if (!/^-?\d+$/.test(raw)) return fail('not an integer');
      const n = Number(raw);
      if (!Number.isSafeInteger(n) || n < min || n > max) return fail(`out of range [${min}, ${max}]`);
      return ok(n);
    },
  };
}

/** Any non-empty string, exactly as written. */
function string(): Parser<string> {
  return { kind: 'string', parse: (raw) => ok(raw) };
}

/** One of a fixed set of values, case-sensitive (so the value in the file is the value in the logs). */
function oneOf<const V extends string>(values: readonly V[]): Parser<V> {
  const allowed: readonly string[] = values;
  const isMember = (raw: string): raw is V => allowed.includes(raw);
  return {
    kind: `one of ${values.join('|')}`,
    parse: (raw) => (isMember(raw) ? ok(raw) : fail(`not one of ${values.join('|')}`)),
  };
}

/** Comma-separated items, each trimmed; an empty item (`a,,b`, trailing comma) is an error. */
function list(): Parser<readonly string[]> {
  return {
    kind: 'comma-separated list',
    parse(raw) {
      const items = raw.split(',').map((item) => item.trim());
      if (items.some((item) => item === '')) return fail('empty item in comma-separated list');
      return ok(items);
    },
  };
}

/** The value kinds a setting can have. */
export const parsers = { url, absoluteUrl, bool, int, string, oneOf, list } as const;
