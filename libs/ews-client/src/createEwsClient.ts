// The four EWS calls rooms-sync makes, each impersonating one room mailbox on its own
// ExchangeService. Every outcome is an EwsResult: nothing here throws to the caller.
// ews-javascript-api 0.15.3 writes element text verbatim (EwsServiceXmlWriter.WriteValue has a
// "todo: validate invalid characters"), so every caller-supplied string that ends up as element
// text goes through xmlEscape, inside `run`: a string XML cannot carry becomes a ClientError.
import { performance } from 'node:perf_hooks';
import { createTokenProvider } from '@rooms-sync/entra';
import type { ResolvedAuth } from './createExchangeService.ts';
import { createExchangeService } from './createExchangeService.ts';
import { createEwsMetrics } from './createEwsMetrics.ts';
import type { EwsAuth, EwsClient, EwsClientOptions } from './EwsClient.ts';
import { findCalendarView } from './operations/findCalendarView.ts';
import { getCalendarItems } from './operations/getCalendarItems.ts';
import { getRoomLists, getRooms } from './operations/getRoomLists.ts';
import { subscribePush } from './operations/subscribePush.ts';
import { syncCalendar } from './operations/syncCalendar.ts';
import type { RunEws } from './RunEws.ts';
import { toEwsError } from './toEwsError.ts';

const DEFAULT_TIMEOUT_MS = 30_000;

export function createEwsClient(options: EwsClientOptions): EwsClient {
  const settings = {
    url: options.url,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    allowUntrustedCertificate: options.allowUntrustedCertificate ?? false,
  };
  const resolveAuth = authResolver(options.auth);
  const metrics = createEwsMetrics(options.registry);
  const { logger } = options;

  const run: RunEws = async (operation, mailbox, call, runOptions) => {
    const started = performance.now();
    let transport: ReturnType<typeof createExchangeService>['transport'] | undefined;
    let clientRequestId: string | undefined;
    try {
      const prepared = createExchangeService(
        settings,
        await resolveAuth(),
        runOptions?.impersonate === false ? undefined : mailbox,
      );
      transport = prepared.transport;
      clientRequestId = prepared.clientRequestId;
      const value = await call(prepared.service);
      const seconds = (performance.now() - started) / 1000;
      metrics.observe(operation, seconds, undefined);
      logger.debug({ operation, mailbox, clientRequestId, seconds }, 'ews request succeeded');
      return { ok: true, value };
    } catch (thrown: unknown) {
      const error = toEwsError(thrown, transport?.last, { operation, mailbox });
      metrics.observe(operation, (performance.now() - started) / 1000, error.code);
      logger.warn(
        {
          operation,
          mailbox,
          clientRequestId,
          code: error.code,
          kind: error.kind,
          backOffMs: error.backOffMs,
          message: error.message,
        },
        'ews request failed',
      );
      return { ok: false, error };
    }
  };

  return {
    subscribePush: (req) => subscribePush(run, req),
    getCalendarItems: (mailbox, itemIds) => getCalendarItems(run, mailbox, itemIds, logger),
    syncCalendar: (mailbox, syncState, maxChanges) => syncCalendar(run, mailbox, syncState, maxChanges),
    findCalendarView: (mailbox, start, end, maxEntries) =>
      findCalendarView(run, mailbox, start, end, maxEntries, logger),
    getRoomLists: () => getRoomLists(run),
    getRooms: (roomList) => getRooms(run, roomList),
  };
}

/** EWS in Exchange Online: the app's full_access_as_app permission (docs/protocols.md §3). */
const EXCHANGE_ONLINE_SCOPE = 'https://outlook.office365.com/.default';

function authResolver(auth: EwsAuth): () => Promise<ResolvedAuth> {
  switch (auth.kind) {
    case 'basic':
    case 'ntlm': {
      const resolved: ResolvedAuth = auth;
      return () => Promise.resolve(resolved);
    }
    case 'bearer':
      return async () => ({ kind: 'bearer', token: await auth.token() });
    case 'oauth-client-credentials': {
      const token = createTokenProvider({
        tenantId: auth.tenantId,
        clientId: auth.clientId,
        credential: { kind: 'secret', secret: auth.clientSecret },
        scope: auth.scope ?? EXCHANGE_ONLINE_SCOPE,
        authorityHost: auth.authorityHost,
      });
      return async () => ({ kind: 'bearer', token: await token() });
    }
  }
}
