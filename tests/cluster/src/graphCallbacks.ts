// Microsoft Graph's side of the webhook-ingress, as Graph would meet it (docs/protocols.md §14):
// the validation handshake on both callback URLs, and a change notification for a subscription
// the deployment never made, which must be answered 202 (Graph learns nothing) and recorded nowhere.
import { randomUUID } from 'node:crypto';

export const GRAPH_PATHS = ['/api/webhooks/graph', '/api/webhooks/graph/lifecycle'] as const;

export interface Reply {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
}

/** Graph's token: this text and a request id (spaces and colons, so an endpoint must decode it). */
export function validationToken(requestId: string = randomUUID()): string {
  return `Validation: Testing client application reachability for subscription Request-Id: ${requestId}`;
}

/** The handshake URL as Graph writes it: the token form-encoded ("+" for a space, "%3a" for a colon). */
export function handshakeUrl(baseUrl: string, path: string, token: string): string {
  const encoded = encodeURIComponent(token).replaceAll('%20', '+').replaceAll('%3A', '%3a');
  return `${baseUrl}${path}?validationToken=${encoded}`;
}

/** What is wrong with a handshake's reply: Graph wants 200, text/plain, the decoded token and nothing else. */
export function handshakeProblems(token: string, reply: Reply): string[] {
  const problems: string[] = [];
  if (reply.status !== 200) problems.push(`HTTP ${reply.status}, not 200`);
  if (!/^text\/plain(?:;|$)/i.test(reply.contentType)) problems.push(`content type "${reply.contentType}"`);
  if (reply.body !== token) problems.push(`body "${reply.body.slice(0, 120)}" is not the token`);
  return problems;
}

/** A change notification in Graph's shape, for `subscriptionId`, with a clientState nobody issued. */
export function changeNotification(subscriptionId: string): string {
  const resource = `Users/${randomUUID()}/Events/AAMkA${randomUUID().replaceAll('-', '')}AAA=`;
  return JSON.stringify({
    value: [
      {
        subscriptionId,
        subscriptionExpirationDateTime: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
        changeType: 'updated',
        resource,
        resourceData: { '@odata.type': '#Microsoft.Graph.Event', '@odata.id': resource, id: resource.split('/')[3] },
        clientState: randomUUID(),
        tenantId: randomUUID(),
      },
    ],
  });
}

/** POSTs as Graph does: text/plain with no body for a handshake, JSON for notifications. */
export async function postAsGraph(url: string, json?: string, timeoutMs = 15_000): Promise<Reply> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': json === undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8' },
      body: json ?? '',
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  } catch (error) {
    return { status: 0, contentType: '', body: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Both handshakes, then the notification for an unknown subscription. `isRecorded` says whether
 * that subscription id is on the notifications topic; a 202 is only given once a record is
 * durable, so no wait is needed before asking. Returns one line per finding, empty when all is well.
 */
export async function checkGraphCallbacks(
  baseUrl: string,
  isRecorded: (subscriptionId: string) => Promise<boolean>,
): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  for (const path of GRAPH_PATHS) {
    const token = validationToken();
    const reply = await postAsGraph(handshakeUrl(baseUrl, path, token));
    problems.push(...handshakeProblems(token, reply).map((p) => `handshake on ${path}: ${p}`));
  }
  const subscriptionId = `cluster-test-graph-${randomUUID()}`;
  const [path] = GRAPH_PATHS;
  const reply = await postAsGraph(`${baseUrl}${path}`, changeNotification(subscriptionId));
  if (reply.status !== 202)
    problems.push(`unknown subscription: HTTP ${reply.status}, not 202: ${reply.body.slice(0, 160)}`);
  else if (await isRecorded(subscriptionId)) problems.push(`unknown subscription ${subscriptionId} was recorded`);
  return {
    problems,
    summary: `Graph callbacks at ${baseUrl}: handshakes on ${GRAPH_PATHS.join(' and ')}, a notification for unknown subscription ${subscriptionId} answered HTTP ${reply.status}; ${problems.length} problem(s)`,
  };
}
