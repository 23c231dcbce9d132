// The store's and the admin API's failures: a code the HTTP edge maps to a status once.
export type SimErrorCode = 'NotFound' | 'Conflict' | 'Invalid';

const STATUS: Record<SimErrorCode, number> = { NotFound: 404, Conflict: 409, Invalid: 400 };

export class SimError extends Error {
  override readonly name = 'SimError';
  readonly retriable = false;
  readonly code: SimErrorCode;
  readonly status: number;
  readonly mailbox: string | undefined;
  readonly itemId: string | undefined;
  constructor(
    code: SimErrorCode,
    message: string,
    context: { mailbox?: string; itemId?: string; cause?: unknown } = {},
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.status = STATUS[code];
    this.mailbox = context.mailbox;
    this.itemId = context.itemId;
  }
}
