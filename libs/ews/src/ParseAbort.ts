import type { ParseFailureReason } from './parseResult.ts';

/** Thrown inside saxes handlers to stop parsing at the first refusal; never leaves this lib. */
export class ParseAbort extends Error {
  override readonly name = 'ParseAbort';
  readonly reason: ParseFailureReason;
  constructor(reason: ParseFailureReason, message: string) {
    super(message);
    this.reason = reason;
  }
}
