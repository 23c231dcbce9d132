import type { ValueSource } from './ConfigError.ts';
import type { Parser } from './parsers.ts';

/** How a setting behaves when neither the file nor the environment sets it. */
export type Presence = 'required' | 'default' | 'optional';

/** One row of a settings table: how to parse the key and what happens when it is not set. */
export interface Setting<T, P extends Presence = Presence> {
  readonly parser: Parser<T>;
  readonly presence: P;
  /** Only meaningful when presence is `default`. */
  readonly default: T | undefined;
}

/** A settings table: key (exactly as in RoomsAppSettings.config and the environment) → row. */
export type Spec = Readonly<Record<string, Setting<unknown>>>;

/** The typed result a spec produces: required and defaulted keys are always present. */
export type SettingsOf<S extends Spec> = {
  readonly [K in keyof S]: S[K] extends Setting<infer T, infer P> ? (P extends 'optional' ? T | undefined : T) : never;
};

/** Where each key's value came from (`default` when the table's default was used). */
export type SourcesOf<S extends Spec> = { readonly [K in keyof S]: ValueSource };

export function setting<T>(parser: Parser<T>, options: { readonly required: true }): Setting<T, 'required'>;
export function setting<T>(parser: Parser<T>, options: { readonly default: NoInfer<T> }): Setting<T, 'default'>;
export function setting<T>(parser: Parser<T>, options?: { readonly required?: false }): Setting<T, 'optional'>;
export function setting<T>(
  parser: Parser<T>,
  options: { readonly required?: boolean; readonly default?: T } = {},
): Setting<T> {
  if ('default' in options) return { parser, presence: 'default', default: options.default };
  return { parser, presence: options.required === true ? 'required' : 'optional', default: undefined };
}

/** The same row with a service-specific default, e.g. `withDefault(infraSettings.OpsPort, 9101)`. */
export function withDefault<T>(row: Setting<T>, value: NoInfer<T>): Setting<T, 'default'> {
  return { parser: row.parser, presence: 'default', default: value };
}

/** The same row, but the service cannot start without it. */
export function asRequired<T>(row: Setting<T>): Setting<T, 'required'> {
  return { parser: row.parser, presence: 'required', default: undefined };
}
