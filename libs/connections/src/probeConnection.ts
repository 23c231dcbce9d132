// What `connections test` and `rooms add`/`import` do to see that a connection works: a token where the
// connection uses one, then, for a mailbox, one harmless read of a one-day window of its calendar
// (Graph: one calendarView/delta page; EWS: a CalendarView). The outcome is data for
// connectionVerdict; nothing here prints, and nothing keeps a secret beyond the call.
import { createTokenProvider, TokenRequestError } from '@rooms-sync/entra';
import type { GraphErrorKind, EwsErrorKind } from '@rooms-sync/events';
import { createEwsClient } from '@rooms-sync/ews-client';
import type { EwsClient } from '@rooms-sync/ews-client';
import { createGraphClient, GRAPH_SCOPE } from '@rooms-sync/graph-client';
import { silentLogger } from '@rooms-sync/lifecycle';
import type { CommandConnection } from './commandConnections.ts';

/** EWS in Exchange Online, as the EWS client asks for it (docs/protocols.md §3). */
export const EXCHANGE_ONLINE_SCOPE = 'https://outlook.office365.com/.default';
const DAY_MS = 24 * 60 * 60 * 1000;

export type ProbeFailure =
  | {
      readonly step: 'token';
      readonly oauthError: string | undefined;
      readonly status: number | undefined;
      readonly reached: boolean;
      readonly message: string;
    }
  | {
      readonly step: 'read';
      readonly via: 'graph';
      readonly status: number | undefined;
      readonly code: string;
      readonly kind: GraphErrorKind;
      readonly message: string;
      readonly retryAfterMs?: number | undefined;
    }
  | {
      readonly step: 'read';
      readonly via: 'ews';
      readonly code: string;
      readonly kind: EwsErrorKind;
      readonly message: string;
    };

export type ProbeResult =
  | {
      readonly ok: true;
      /** What was checked, e.g. `token`, `token, calendar of x`. */ readonly checked: readonly string[];
    }
  | { readonly ok: false; readonly checked: readonly string[]; readonly failure: ProbeFailure };

export function probeConnection(
  connection: CommandConnection,
  mailbox: string | undefined,
  now: Date = new Date(),
): Promise<ProbeResult> {
  return createProbe(connection)(mailbox, now);
}

/**
 * A probe for many mailboxes of one connection: one token provider (MSAL caches the token) and
 * one client for all of them, so a bulk check asks Entra ID once, not once per mailbox.
 */
export function createProbe(
  connection: CommandConnection,
): (mailbox: string | undefined, now?: Date) => Promise<ProbeResult> {
  const token = tokenProvider(connection);
  const read =
    connection.kind === 'graph' ? graphReader(connection.graphUrl, token ?? missingToken) : ewsReader(connection);
  return async (mailbox, now = new Date()) => {
    const checked: string[] = [];
    if (token !== undefined) {
      try {
        await token();
      } catch (error) {
        return { ok: false, checked, failure: tokenFailure(error) };
      }
      checked.push('token');
    }
    if (mailbox === undefined) return { ok: true, checked };
    const failure = await read(mailbox, { start: now, end: new Date(now.getTime() + DAY_MS) });
    if (failure !== undefined) return { ok: false, checked, failure };
    checked.push(`calendar of ${mailbox}`);
    return { ok: true, checked };
  };
}

type Reader = (mailbox: string, window: { start: Date; end: Date }) => Promise<ProbeFailure | undefined>;

const missingToken = () => Promise.reject(new Error('no token provider'));

export function tokenProvider(connection: CommandConnection): (() => Promise<string>) | undefined {
  if (connection.kind === 'graph') {
    return createTokenProvider({
      tenantId: connection.tenantId,
      clientId: connection.clientId,
      credential: connection.credential,
      scope: GRAPH_SCOPE,
      authorityHost: connection.authorityHost,
    });
  }
  const auth = connection.auth;
  if (auth.kind !== 'oauth-client-credentials') return undefined;
  return createTokenProvider({
    tenantId: auth.tenantId,
    clientId: auth.clientId,
    credential: { kind: 'secret', secret: auth.clientSecret },
    scope: auth.scope ?? EXCHANGE_ONLINE_SCOPE,
    authorityHost: auth.authorityHost,
  });
}

export function tokenFailure(error: unknown): ProbeFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (!(error instanceof TokenRequestError)) {
    return { step: 'token', oauthError: undefined, status: undefined, reached: false, message };
  }
  return {
    step: 'token',
    oauthError: error.oauthError,
    status: error.status,
    reached: error.status !== undefined,
    message,
  };
}

function graphReader(graphUrl: string, token: () => Promise<string>): Reader {
  const graph = createGraphClient({ baseUrl: graphUrl, token, logger: silentLogger, deltaPageSize: 1 });
  return async (mailbox, window) => {
    const page = await graph.calendarDelta(mailbox, {
      window: { start: window.start.toISOString(), end: window.end.toISOString() },
    });
    if (page.ok) return undefined;
    const { status, code, kind, message, retryAfterMs } = page.error;
    return { step: 'read', via: 'graph', status, code, kind, message, retryAfterMs };
  };
}

/** The EWS client of a CLI connection: quiet, with the connection's timeout and certificate rule. */
export function commandEwsClient(connection: Extract<CommandConnection, { kind: 'ews' }>): EwsClient {
  return createEwsClient({
    url: connection.url,
    auth: connection.auth,
    timeoutMs: connection.timeoutMs,
    allowUntrustedCertificate: connection.allowUntrustedCertificate,
    logger: silentLogger,
  });
}

function ewsReader(connection: Extract<CommandConnection, { kind: 'ews' }>): Reader {
  const ews = commandEwsClient(connection);
  return async (mailbox, window) => {
    const view = await ews.findCalendarView(mailbox, window.start, window.end, 1);
    if (view.ok) return undefined;
    const { code, kind, message } = view.error;
    return { step: 'read', via: 'ews', code, kind, message };
  };
}
