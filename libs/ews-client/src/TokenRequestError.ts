// A failed OAuth token request. The client maps it to an EwsError (code TokenRequestFailed,
// Timeout or NetworkError); it is exported for callers that use the token provider directly.
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
  /** HTTP status of the token endpoint's answer; undefined when it was not reached. */
  readonly status: number | undefined;
  readonly oauthError: string | undefined;
  readonly timedOut: boolean;
  readonly url: string;
  readonly retriable: boolean;
  constructor(
    message: string,
    context: { url: string; status?: number; oauthError?: string; timedOut?: boolean; cause?: unknown },
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.url = context.url;
    this.status = context.status;
    this.oauthError = context.oauthError;
    this.timedOut = context.timedOut ?? false;
    this.retriable = this.status === undefined || this.status === 429 || this.status >= 500;
  }
}
