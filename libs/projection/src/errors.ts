// The projector's failure types. Conflicts and an unreachable database are retried (the batch
// is re-read and re-applied); anything else about one room is that room's events' DLQ reason.

/** Another writer moved a room's sync state or the checkpoint between our read and our write. */
export class ProjectionConflictError extends Error {
  override readonly name = 'ProjectionConflictError';
  readonly retriable = true;
  readonly mailbox: string | undefined;
  constructor(message: string, context: { mailbox?: string | undefined } = {}) {
    super(message);
    this.mailbox = context.mailbox;
  }
}

/** The batch's checkpoint is already at or past its last offset: someone applied it. */
export class BatchAlreadyAppliedError extends Error {
  override readonly name = 'BatchAlreadyAppliedError';
  readonly retriable = false;
}

// Connection-level trouble: the statement never ran or its outcome is lost with the session.
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (
    let e: unknown = error, depth = 0;
    typeof e === 'object' && e !== null && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const { code, name, message } = e as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && (UNAVAILABLE_CODES.has(code) || code.startsWith('08'))) return true;
    if (name === 'KnexTimeoutError') return true;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection timeout|Client has encountered a connection error/i.test(message)
    )
      return true;
  }
  return false;
}

/** Serialization failures and deadlocks: run the transaction again. */
export function isTransactionRetry(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/**
 * PostgreSQL refused the data itself (class 22 data exception, class 23 integrity violation): the
 * same rows will fail again, so their room's events are dead-lettered. Anything else (a syntax
 * error, a missing table) is a bug or an outage and must not eat events.
 */
export function isDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
