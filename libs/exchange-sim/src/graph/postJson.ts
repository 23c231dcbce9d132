// One POST from Graph to a subscriber's URL: JSON notifications, or the validation request.
// Graph counts a 2xx within the timeout as delivered; 5xx, 429, timeouts and network errors are
// retried, other answers are not (docs/protocols.md §14).
export type JsonDelivery =
  | { kind: 'ok'; status: number; text: string; contentType: string }
  | { kind: 'failed'; reason: string; retriable: boolean; status?: number };

export type PostJson = (url: string, body: string | undefined, timeoutMs: number) => Promise<JsonDelivery>;

export const postJson: PostJson = async (url, body, timeoutMs) => {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': body === undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        'user-agent': 'rooms-sync exchange-simulator (Graph change notifications)',
      },
      ...(body === undefined ? {} : { body }),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300)
      return { kind: 'ok', status: res.status, text, contentType: res.headers.get('content-type') ?? '' };
    return {
      kind: 'failed',
      reason: `HTTP ${res.status}`,
      retriable: res.status >= 500 || res.status === 429 || res.status === 408,
      status: res.status,
    };
  } catch (err) {
    const timeout = err instanceof Error && err.name === 'TimeoutError';
    const reason = timeout
      ? 'timeout'
      : `network: ${err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err)}`;
    return { kind: 'failed', reason, retriable: true };
  }
};
