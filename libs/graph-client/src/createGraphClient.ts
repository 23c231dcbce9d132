// Microsoft Graph through its official JavaScript client. The SDK's default chain would retry a
// 429 inside the call for minutes; ours is authentication + HTTP only, and a throttled answer
// comes back as a value (kind throttled, retryAfterMs) while the mailbox gate holds every other
// request to that mailbox until Retry-After has passed.
import {
  AuthenticationHandler,
  Client,
  GraphError as SdkGraphError,
  HTTPMessageHandler,
} from '@microsoft/microsoft-graph-client';
import type { TokenProvider } from '@rooms-sync/entra';
import { TokenRequestError } from '@rooms-sync/entra';
import type { Logger } from '@rooms-sync/lifecycle';
import { classifyGraphError, retryAfterMs } from './classifyGraphError.ts';
import { createMailboxGate } from './createMailboxGate.ts';
import type { GraphCall } from './GraphCall.ts';
import type { GraphClient, GraphFailure } from './GraphClient.ts';
import { graphOperations } from './graphOperations.ts';
import { placeOperations } from './placeOperations.ts';

export const GRAPH_HOST = 'https://graph.microsoft.com';

export interface GraphClientOptions {
  /** Default https://graph.microsoft.com; the simulator in tests. */
  baseUrl?: string | undefined;
  token: TokenProvider;
  /** Per request. Default 30 000. */
  timeoutMs?: number | undefined;
  /** Graph allows 4 concurrent requests per app and mailbox. */
  maxConcurrentPerMailbox?: number | undefined;
  /** The longest subscription Graph grants on events (10,080 minutes in today's documentation). */
  maxExpiryMinutes?: number | undefined;
  /** Prefer: odata.maxpagesize for delta rounds. Default 100. */
  deltaPageSize?: number | undefined;
  /** $top of a room list page (places API). Default 100, Graph's own. */
  placesPageSize?: number | undefined;
  logger: Pick<Logger, 'debug' | 'warn'>;
  now?: () => number;
}

export function createGraphClient(options: GraphClientOptions): GraphClient {
  const base = new URL(options.baseUrl ?? GRAPH_HOST);
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const auth = new AuthenticationHandler({ getAccessToken: () => options.token() });
  const sdk = Client.initWithMiddleware({
    baseUrl: base.href,
    defaultVersion: 'v1.0',
    middleware: [auth, new HTTPMessageHandler()],
    // The SDK sends the token only to Graph's own hosts and to those named here.
    ...(base.origin === GRAPH_HOST ? {} : { customHosts: new Set([base.hostname]) }),
  });
  const gate = createMailboxGate({ maxConcurrent: options.maxConcurrentPerMailbox ?? 4, now });

  const call: GraphCall = async (operation, mailbox, request) => {
    const failed = (failure: GraphFailure) => {
      if (failure.kind === 'throttled') gate.holdOff(mailbox, failure.retryAfterMs ?? 1_000);
      options.logger.debug({ operation, mailbox, code: failure.code, status: failure.status }, 'graph call failed');
      return { ok: false as const, error: failure };
    };
    try {
      // The token first (MSAL answers from its cache): the SDK would keep only the name of a
      // token failure, and the failure decides between retrying and asking an admin.
      await options.token();
    } catch (error) {
      return failed(tokenFailure(error, operation, mailbox));
    }
    try {
      return { ok: true, value: await gate.run(mailbox, () => request(sdk, AbortSignal.timeout(timeoutMs))) };
    } catch (error) {
      return failed(toFailure(error, operation, mailbox, now()));
    }
  };
  return {
    ...graphOperations(call, {
      maxExpiryMinutes: options.maxExpiryMinutes ?? 10_080,
      deltaPageSize: options.deltaPageSize ?? 100,
      logger: options.logger,
      now,
    }),
    ...placeOperations(call, options.placesPageSize ?? 100),
  };
}

function tokenFailure(error: unknown, operation: string, mailbox: string): GraphFailure {
  const retriable = !(error instanceof TokenRequestError) || error.retriable;
  const message = error instanceof Error ? error.message : String(error);
  return retriable
    ? { operation, mailbox, code: 'NetworkError', message, kind: 'transient' }
    : { operation, mailbox, code: 'TokenRequestFailed', message, kind: 'unauthorized' };
}

/** The SDK's GraphError carries Graph's answer, or (status -1) the name of what failed before one. */
function toFailure(error: unknown, operation: string, mailbox: string, now: number): GraphFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof SdkGraphError && error.statusCode > 0) {
    const status = error.statusCode;
    const code = error.code ?? `HttpStatus${status}`;
    const kind = classifyGraphError({ status, code, message });
    const wait = retryAfterMs(error.headers?.get('Retry-After'), now);
    return { operation, mailbox, status, code, message, kind, ...(wait === undefined ? {} : { retryAfterMs: wait }) };
  }
  const name = error instanceof SdkGraphError ? error.code : error instanceof Error ? error.name : undefined;
  const code = name === 'TimeoutError' || name === 'AbortError' ? 'Timeout' : 'NetworkError';
  return { operation, mailbox, code, message, kind: classifyGraphError({ code, message }) };
}
