// Every way the webhook turns a request down, as data: the status Exchange (or a
// scanner) sees, and the short text it gets. Exchange retries only on non-2xx,
// so a refusal never looks like an acknowledgement.
export const REFUSALS = {
  not_found: { status: 404, message: 'not found' },
  method_not_allowed: { status: 405, message: 'method not allowed: POST only' },
  unsupported_media_type: { status: 415, message: 'unsupported content type: send text/xml' },
  json_expected: { status: 415, message: 'unsupported content type: send application/json' },
  body_too_large: { status: 413, message: 'request body too large' },
  too_large: { status: 413, message: 'XML document too large' },
  bad_body: { status: 400, message: 'request body could not be read' },
  malformed_xml: { status: 400, message: 'malformed XML' },
  doctype_forbidden: { status: 400, message: 'DOCTYPE is not allowed in a SOAP message' },
  processing_instruction: { status: 400, message: 'processing instructions are not allowed in a SOAP message' },
  invalid_utf8: { status: 400, message: 'body is not valid UTF-8' },
  empty: { status: 400, message: 'empty body' },
  too_deep: { status: 400, message: 'XML nested too deeply' },
  not_soap: { status: 400, message: 'not a SOAP 1.1 envelope' },
  not_send_notification: { status: 400, message: 'not an EWS SendNotification request' },
  malformed_json: { status: 400, message: 'malformed JSON' },
  not_graph_notification: { status: 400, message: 'not a Microsoft Graph notification' },
  bad_validation_token: { status: 400, message: 'validationToken must be one value of at most 1024 characters' },
  source_not_allowed: { status: 403, message: 'source address not allowed' },
  rate_limited: { status: 429, message: 'too many requests' },
  unavailable: { status: 503, message: 'notification could not be recorded, retry later' },
} as const;

export type RefusalReason = keyof typeof REFUSALS;

/** Thrown inside the webhook's middleware; mapped to a reply once, at the top. */
export class WebhookRefusal extends Error {
  override readonly name = 'WebhookRefusal';
  readonly reason: RefusalReason;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(reason: RefusalReason, options: { cause?: unknown; headers?: Record<string, string> } = {}) {
    super(REFUSALS[reason].message, { cause: options.cause });
    this.reason = reason;
    this.status = REFUSALS[reason].status;
    this.headers = options.headers ?? {};
  }
}
