// POST /EWS/Exchange.asmx: credentials, throttling faults, mailbox selection by
// ExchangeImpersonation / X-AnchorMailbox, then dispatch on the SOAP body's root element.
import { readBody } from '@rooms-sync/http';
import type { Logger } from '@rooms-sync/lifecycle';
import type { Context } from 'koa';
import type { AuthConfig } from './auth.ts';
import { checkAuth } from './auth.ts';
import type { Clock } from './clock.ts';
import type { Faults } from './faults.ts';
import type { MailboxStore } from './mailboxStore.ts';
import type { Mailbox } from './model.ts';
import { findItem } from './opFindItem.ts';
import { getItem } from './opGetItem.ts';
import { getRoomLists, getRooms } from './opGetRooms.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { subscribe, unsubscribe } from './opSubscribe.ts';
import { readRequestHeaders } from './requestHeaders.ts';
import { syncFolderItems } from './opSyncFolderItems.ts';
import type { PushService } from './pushService.ts';
import { soapEnvelope, soapFault } from './soap.ts';
import { SOAP_NS, T_NS } from './xml.ts';
import type { XmlElement } from './xmlTree.ts';
import { childEl, parseXml } from './xmlTree.ts';

export interface EwsEndpointDeps {
  store: MailboxStore;
  push: PushService;
  faults: Faults;
  clock: Clock;
  auth: AuthConfig;
  logger: Logger;
  maxBodyBytes?: number;
  /** Added before every answer, as a distant or loaded Exchange would (benches). */
  latencyMs?: number;
  /** Calls answered, by operation (`GET /admin/ews-calls`). */
  calls?: Map<string, number>;
}

const OPERATIONS: Readonly<Record<string, (ctx: OperationContext) => OperationResult>> = {
  Subscribe: subscribe,
  Unsubscribe: unsubscribe,
  GetItem: getItem,
  SyncFolderItems: syncFolderItems,
  FindItem: findItem,
  GetRoomLists: getRoomLists,
  GetRooms: getRooms,
};

const XML_TYPE = 'text/xml; charset=utf-8';

function fault(ctx: Context, status: number, code: string, message: string, details?: Record<string, string>): void {
  ctx.status = status;
  ctx.type = XML_TYPE;
  ctx.body = soapFault(code, message, details);
}

type Selection = { ok: true; mailbox: Mailbox | undefined } | { ok: false; address: string };

function selectMailbox(deps: EwsEndpointDeps, header: XmlElement | undefined, anchor: string | undefined): Selection {
  const sid = childEl(childEl(header, T_NS, 'ExchangeImpersonation'), T_NS, 'ConnectingSID');
  const impersonated = sid?.children
    .find((c) => c.ns === T_NS && ['SmtpAddress', 'PrimarySmtpAddress', 'PrincipalName', 'SID'].includes(c.local))
    ?.text.trim();
  const address = impersonated ?? anchor?.trim();
  if (address === undefined || address === '') return { ok: true, mailbox: undefined };
  const mailbox = deps.store.find(address);
  return mailbox ? { ok: true, mailbox } : { ok: false, address };
}

export function createEwsHandler(deps: EwsEndpointDeps) {
  return async function ewsEndpoint(ctx: Context): Promise<void> {
    const auth = checkAuth(deps.auth, ctx.get('authorization') || undefined);
    if (!auth.ok) {
      ctx.status = 401;
      ctx.set('WWW-Authenticate', auth.challenge);
      ctx.body = '';
      return;
    }
    const text = (await readBody(ctx.req, deps.maxBodyBytes ?? 1_048_576)).toString('utf8');
    const latency = deps.latencyMs ?? 0;
    if (latency > 0) await new Promise<void>((resolve) => deps.clock.setTimer(resolve, latency));
    const backOff = deps.faults.takeServerBusy();
    if (backOff !== undefined) {
      deps.logger.info({ backOffMs: backOff }, 'EWS call throttled (fault)');
      fault(ctx, 500, 'ErrorServerBusy', 'The server cannot service this request right now. Try again later.', {
        BackOffMilliseconds: String(backOff),
      });
      return;
    }
    let envelope: XmlElement;
    try {
      envelope = parseXml(text);
    } catch (err) {
      fault(
        ctx,
        500,
        'ErrorSchemaValidation',
        `The request failed schema validation: ${err instanceof Error ? err.message : 'malformed XML'}`,
      );
      return;
    }
    const body = childEl(envelope, SOAP_NS, 'Body');
    const request = body?.children[0];
    if (envelope.ns !== SOAP_NS || envelope.local !== 'Envelope' || !request) {
      fault(ctx, 500, 'ErrorSchemaValidation', 'The request is not a SOAP 1.1 envelope with a body.');
      return;
    }
    const op = OPERATIONS[request.local];
    deps.calls?.set(request.local, (deps.calls.get(request.local) ?? 0) + 1);
    if (!op) {
      fault(ctx, 500, 'ErrorInvalidRequest', `The simulator does not implement ${request.local}.`);
      return;
    }
    const header = childEl(envelope, SOAP_NS, 'Header');
    const selection = selectMailbox(deps, header, ctx.get('x-anchormailbox') || undefined);
    if (!selection.ok) {
      fault(ctx, 500, 'ErrorNonExistentMailbox', 'The SMTP address has no mailbox associated with it.', {
        SmtpAddress: selection.address,
      });
      return;
    }
    if (selection.mailbox?.kind === 'online') {
      // Exchange Online with EWS blocked for the app (issue 13): the front end refuses the call
      // with HTTP 403 before any SOAP processing; only Graph reaches this mailbox.
      deps.logger.debug({ mailbox: selection.mailbox.address }, 'EWS call refused: mailbox is in Exchange Online');
      ctx.status = 403;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = `EWS is blocked for this application: ${selection.mailbox.address} is an Exchange Online mailbox; use Microsoft Graph.`;
      return;
    }
    const headers = readRequestHeaders(header);
    if (!headers.ok) {
      fault(ctx, 500, headers.error.code, headers.error.message, headers.error.details);
      return;
    }
    const result = op({
      request,
      mailbox: selection.mailbox,
      store: deps.store,
      push: deps.push,
      clock: deps.clock,
      headers: headers.value,
    });
    deps.logger.debug(
      { operation: request.local, mailbox: selection.mailbox?.address, principal: auth.principal },
      'EWS call',
    );
    if ('fault' in result) {
      fault(ctx, 500, result.fault.code, result.fault.message, result.fault.details);
      return;
    }
    ctx.status = 200;
    ctx.type = XML_TYPE;
    ctx.body = soapEnvelope(result.response, result.body, result.attrs);
  };
}
