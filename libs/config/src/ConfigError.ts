/** Where a raw value came from: a file entry, an environment variable, a command-line flag, a default, or nowhere. */
export type ValueSource = `file ${string}` | `env ${string}` | `argv ${string}` | 'unset' | 'default';

export interface ConfigErrorInit {
  /** The setting; undefined when the whole file is at fault (unreadable, malformed). */
  readonly key?: string | undefined;
  readonly value?: string | undefined;
  readonly source: ValueSource;
  /** Short lower-case explanation, e.g. `not an absolute URL`. */
  readonly reason: string;
  readonly cause?: unknown;
}

/**
 * A configuration value the service cannot start with. The message is one line naming the key,
 * the value and where it came from, because it is what an operator reads in `kubectl logs`.
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  /** Fixing config needs a human and a restart; retrying in-process never helps. */
  readonly retriable = false;
  readonly key: string | undefined;
  /** The offending value, with URL passwords masked (it ends up in logs). */
  readonly value: string | undefined;
  readonly source: ValueSource;
  readonly reason: string;

  constructor(init: ConfigErrorInit) {
    const value = init.value === undefined ? undefined : maskUrlPassword(init.value);
    super(formatMessage(init.key, value, init.source, init.reason), { cause: init.cause });
    this.key = init.key;
    this.value = value;
    this.source = init.source;
    this.reason = init.reason;
  }
}

export function isConfigError(error: unknown): error is ConfigError {
  // Shape check rather than instanceof, so duplicate copies of this module still match.
  return error instanceof Error && error.name === 'ConfigError' && 'source' in error && 'reason' in error;
}

function formatMessage(
  key: string | undefined,
  value: string | undefined,
  source: ValueSource,
  reason: string,
): string {
  // JSON quoting keeps quotes, newlines and control characters of the value on one visible line.
  const subject = key === undefined ? '' : value === undefined ? key : `${key}=${JSON.stringify(value)}`;
  const where = subject === '' ? source : ` (${source})`;
  return oneLine(`${subject}${where}: ${reason}`);
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ');
}

// `postgres://user:secret@host/db` must not print `secret`; the rest of the URL is still shown
// so the operator can see which part is wrong.
function maskUrlPassword(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/?#@:]*:)[^/?#@]*@/i, '$1***@');
}
