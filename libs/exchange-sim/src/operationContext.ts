// What every EWS operation handler receives, plus the folder/item resolution they share.
import type { Clock } from './clock.ts';
import { ewsError } from './ewsErrors.ts';
import { decodeOccurrenceId } from './ids.ts';
import type { ItemOperation } from './itemShape.ts';
import { readItemShape, selectProperties } from './itemShape.ts';
import type { ItemView, ItemXmlOptions } from './itemXml.ts';
import type { MailboxStore } from './mailboxStore.ts';
import type { Folder, Mailbox } from './model.ts';
import type { PushService } from './pushService.ts';
import type { RequestHeaders } from './requestHeaders.ts';
import { isSeriesStart, occurrenceAt } from './recurrence.ts';
import type { ResponseError } from './soap.ts';
import { M_NS, T_NS } from './xml.ts';
import type { XmlElement } from './xmlTree.ts';
import { childEl, childText } from './xmlTree.ts';

export interface OperationContext {
  /** The operation element (m:Subscribe, m:GetItem, …). */
  request: XmlElement;
  /** The mailbox selected by ExchangeImpersonation / X-AnchorMailbox, if any. */
  mailbox: Mailbox | undefined;
  store: MailboxStore;
  push: PushService;
  clock: Clock;
  /** RequestServerVersion, TimeZoneContext and DateTimePrecision of the call. */
  headers: RequestHeaders;
}

export type OperationResult =
  | {
      /** Element name of the response, e.g. "SubscribeResponse". */
      response: string;
      /** Its serialized content (m:ResponseMessages…). */
      body: string;
      /** Attributes of the response element itself (ResponseClass, where it is the one message). */
      attrs?: { ResponseClass: string };
    }
  /** The whole request refused with a SOAP fault, as Exchange does when a request fails schema validation. */
  | { fault: ResponseError };

export type Resolved<T> = { ok: true; value: T } | { ok: false; error: ResponseError };

const fail = (error: ResponseError): { ok: false; error: ResponseError } => ({ ok: false, error });

/** Resolves a t:DistinguishedFolderId or t:FolderId to a mailbox folder. */
export function resolveFolder(
  ctx: OperationContext,
  folderEl: XmlElement | undefined,
): Resolved<{ mailbox: Mailbox; folder: Folder }> {
  if (!folderEl || folderEl.ns !== T_NS)
    return fail(ewsError('ErrorInvalidRequest', undefined, 'A folder id is required.'));
  const id = folderEl.attrs.Id ?? '';
  if (folderEl.local === 'DistinguishedFolderId') {
    const explicit = childText(childEl(folderEl, T_NS, 'Mailbox'), T_NS, 'EmailAddress');
    const mailbox = explicit === undefined ? ctx.mailbox : ctx.store.find(explicit);
    if (!mailbox) return fail(ewsError('ErrorNonExistentMailbox', { SmtpAddress: explicit ?? '' }));
    if (id === 'calendar') return { ok: true, value: { mailbox, folder: mailbox.calendar } };
    if (id === 'deleteditems') return { ok: true, value: { mailbox, folder: mailbox.deletedItems } };
    return fail(ewsError('ErrorFolderNotFound'));
  }
  if (folderEl.local === 'FolderId') {
    const candidates = ctx.mailbox ? [ctx.mailbox] : ctx.store.list();
    for (const mailbox of candidates) {
      for (const folder of [mailbox.calendar, mailbox.deletedItems]) {
        if (folder.id === id) return { ok: true, value: { mailbox, folder } };
      }
    }
    return fail(ewsError('ErrorFolderNotFound'));
  }
  return fail(ewsError('ErrorInvalidRequest', undefined, `Unsupported folder id element ${folderEl.local}.`));
}

function looksLikeId(id: string): boolean {
  return id.length >= 16 && /^[A-Za-z0-9+/]+={0,2}$/.test(id);
}

/** Finds an item, series master or occurrence (by occurrence id) in the mailbox. */
export function resolveItem(mailbox: Mailbox, id: string): Resolved<ItemView> {
  if (!looksLikeId(id)) return fail(ewsError('ErrorInvalidIdMalformed'));
  const item = mailbox.items.get(id);
  if (item) return { ok: true, value: { kind: 'item', item } };
  const occ = decodeOccurrenceId(id);
  const master = occ ? mailbox.items.get(occ.masterId) : undefined;
  if (
    occ &&
    master &&
    isSeriesStart(master, occ.originalStartMs) &&
    !master.deletedOccurrences.has(occ.originalStartMs)
  ) {
    return { ok: true, value: { kind: 'occurrence', master, occurrence: occurrenceAt(master, occ.originalStartMs) } };
  }
  return fail(ewsError('ErrorItemNotFound'));
}

/**
 * How to write the items of this response, from the request's m:ItemShape and headers: a schema
 * violation faults the whole request, a property the operation cannot return fails its message.
 */
export function itemXmlOptions(
  ctx: OperationContext,
  operation: ItemOperation,
): { ok: true; value: ItemXmlOptions } | { ok: false; fault: boolean; error: ResponseError } {
  const shape = readItemShape(ctx.request, M_NS);
  if (!shape.ok) return { ok: false, fault: true, error: shape.error };
  const selection = selectProperties(shape.value, operation, ctx.headers.version);
  if (!selection.ok) return { ok: false, fault: false, error: selection.error };
  return { ok: true, value: { include: selection.include, precision: ctx.headers.precision } };
}
