import type { ValidationIssue } from './eventValidator.ts';

/** An event failed its schema before it was sent: a bug in the producer, never worth a retry. */
export class EventValidationError extends Error {
  override readonly name = 'EventValidationError';
  readonly retriable = false;
  readonly eventType: string;
  readonly eventId: string | undefined;
  readonly issues: readonly ValidationIssue[];

  constructor(
    message: string,
    context: { eventType: string; eventId?: string | undefined; issues: readonly ValidationIssue[] },
  ) {
    super(message);
    this.eventType = context.eventType;
    this.eventId = context.eventId;
    this.issues = context.issues;
  }
}
