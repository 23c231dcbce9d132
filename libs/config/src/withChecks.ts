// A service's start-up checks beyond its settings table (EWS credentials, Kafka security, the
// callback URL): each reads the loaded settings and yields its part, or config errors. The first
// failure is the result; otherwise the config carries every part, typed.
import type { ConfigError } from './ConfigError.ts';

export type CheckFailure = { readonly ok: false; readonly errors: readonly ConfigError[] };
export type CheckResult = ({ readonly ok: true } & object) | CheckFailure;
// Distributes over the union of results, so each check's part keeps its own keys.
type PartOf<R> = R extends { ok: true } ? Omit<R, 'ok'> : never;
/** Every check's part together; a check that can yield different parts stays a union of them. */
type Parts<R extends readonly unknown[]> = R extends readonly [infer Head, ...infer Tail]
  ? PartOf<Head> & Parts<Tail>
  : unknown;

export function withChecks<
  C extends { readonly ok: true; readonly settings: unknown; readonly sources: unknown },
  R extends readonly CheckResult[],
>(
  config: C,
  ...checks: { [I in keyof R]: (settings: C['settings'], sources: C['sources']) => R[I] }
): (C & Parts<R>) | CheckFailure {
  let result: object = config;
  for (const check of checks as readonly ((settings: unknown, sources: unknown) => CheckResult)[]) {
    const checked = check(config.settings, config.sources);
    if (!checked.ok) return checked;
    result = { ...result, ...checked };
  }
  // Every check's `ok` is true here, so the spread kept the config's own `ok: true`.
  return result as C & Parts<R>;
}
