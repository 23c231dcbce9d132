// Graph's and Entra ID's refusals: thrown by the Graph face's handlers and mapped to a reply once,
// by createGraphApp, in the body shape the caller's client expects (Graph or OAuth).
export class GraphError extends Error {
  override readonly name = 'GraphError';
  readonly retriable: boolean;
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
    this.retriable = status === 429 || status >= 500;
  }
}

/** Graph's error body: `{ error: { code, message, innerError: { date, request-id, client-request-id } } }`. */
export function graphErrorBody(code: string, message: string, requestId: string, clientRequestId: string | undefined) {
  return {
    error: {
      code,
      message,
      innerError: {
        date: new Date().toISOString().slice(0, 19),
        'request-id': requestId,
        'client-request-id': clientRequestId ?? requestId,
      },
    },
  };
}
