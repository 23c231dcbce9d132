// GetItem: one response message per requested id (items, series masters, occurrences).
import { ewsError } from './ewsErrors.ts';
import { calendarItemXml } from './itemXml.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { itemXmlOptions, resolveItem } from './operationContext.ts';
import { responseMessage } from './soap.ts';
import { M_NS, T_NS, el } from './xml.ts';
import { childEl, childEls } from './xmlTree.ts';

export function getItem(ctx: OperationContext): OperationResult {
  const shape = itemXmlOptions(ctx, 'GetItem');
  if (!shape.ok) return { fault: shape.error };
  const idsEl = childEl(ctx.request, M_NS, 'ItemIds');
  const ids = [...childEls(idsEl, T_NS, 'ItemId'), ...childEls(idsEl, T_NS, 'RecurringMasterItemId')];
  const messages = ids.map((idEl) => {
    const mb = ctx.mailbox;
    if (!mb)
      return responseMessage('GetItemResponseMessage', {
        ok: false,
        error: ewsError('ErrorNonExistentMailbox', { SmtpAddress: '' }),
        emptyPayload: '<m:Items/>',
      });
    const raw = idEl.local === 'ItemId' ? idEl.attrs.Id : idEl.attrs.OccurrenceId;
    const r = resolveItem(mb, raw ?? '');
    if (!r.ok)
      return responseMessage('GetItemResponseMessage', { ok: false, error: r.error, emptyPayload: '<m:Items/>' });
    const view =
      idEl.local === 'RecurringMasterItemId' && r.value.kind === 'occurrence'
        ? { kind: 'item' as const, item: r.value.master }
        : r.value;
    return responseMessage('GetItemResponseMessage', {
      ok: true,
      payload: el('m:Items', undefined, calendarItemXml(mb, view, shape.value)),
    });
  });
  return { response: 'GetItemResponse', body: el('m:ResponseMessages', undefined, ...messages) };
}
