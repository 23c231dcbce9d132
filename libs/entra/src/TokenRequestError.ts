// A failed app-only token request. Callers map it to their own error kinds (the EWS client to
// TokenRequestFailed, Timeout or NetworkError; the Graph client likewise). The message never
// carries the secret: it names the endpoint, the OAuth error code and the first line of its text.
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
    context: {
      url: string;
      status?: number;
      oauthError?: string;
      timedOut?: boolean;
      /** Default: true when the endpoint was not reached, throttled or failing (5xx). */
      retriable?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.url = context.url;
    this.status = context.status;
    this.oauthError = context.oauthError;
    this.timedOut = context.timedOut ?? false;
    this.retriable = context.retriable ?? (this.status === undefined || this.status === 429 || this.status >= 500);
  }
}
