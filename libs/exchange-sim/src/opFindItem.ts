// FindItem: with a CalendarView, the occurrences overlapping the window (singles, instances,
// exceptions; no masters), as Exchange expands them; without one, the folder's items.
import { ewsError } from './ewsErrors.ts';
import type { ItemView } from './itemXml.ts';
import { calendarItemXml } from './itemXml.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { itemXmlOptions, resolveFolder } from './operationContext.ts';
import { expandOccurrences } from './recurrence.ts';
import { parseRequestDateTime } from './requestDateTime.ts';
import type { ResponseError } from './soap.ts';
import { responseMessage } from './soap.ts';
import { M_NS, el } from './xml.ts';
import { childEl } from './xmlTree.ts';

const MAX_VIEW_MS = 2 * 366 * 86_400_000;

function failed(error: ResponseError): OperationResult {
  return {
    response: 'FindItemResponse',
    body: el('m:ResponseMessages', undefined, responseMessage('FindItemResponseMessage', { ok: false, error })),
  };
}

export function findItem(ctx: OperationContext): OperationResult {
  const shape = itemXmlOptions(ctx, 'FindItem');
  if (!shape.ok) return shape.fault ? { fault: shape.error } : failed(shape.error);
  const r = resolveFolder(ctx, childEl(ctx.request, M_NS, 'ParentFolderIds')?.children[0]);
  if (!r.ok) return failed(r.error);
  const { mailbox, folder } = r.value;
  const items = [...mailbox.items.values()].filter((i) => i.parentFolderId === folder.id);
  const view = childEl(ctx.request, M_NS, 'CalendarView');
  let views: ItemView[];
  let max = Number.POSITIVE_INFINITY;
  if (view) {
    // Without an offset, StartDate/EndDate are in the request's TimeZoneContext (UTC without one).
    const from = parseRequestDateTime(view.attrs.StartDate ?? '', ctx.headers.zone);
    const to = parseRequestDateTime(view.attrs.EndDate ?? '', ctx.headers.zone);
    if (from === undefined || to === undefined || to < from)
      return failed(ewsError('ErrorInvalidArgument', undefined, 'CalendarView needs StartDate <= EndDate.'));
    if (to - from > MAX_VIEW_MS) return failed(ewsError('ErrorCalendarViewRangeTooBig'));
    if (view.attrs.MaxEntriesReturned !== undefined) max = Number(view.attrs.MaxEntriesReturned);
    views = [];
    for (const item of items) {
      if (!item.recurrence) {
        if (item.start < to && item.end > from) views.push({ kind: 'item', item });
        continue;
      }
      for (const occurrence of expandOccurrences(item, from, to))
        views.push({ kind: 'occurrence', master: item, occurrence });
    }
    const startOf = (v: ItemView) => (v.kind === 'item' ? v.item.start : v.occurrence.start);
    views.sort((a, b) => startOf(a) - startOf(b));
  } else {
    views = items.sort((a, b) => a.start - b.start).map((item) => ({ kind: 'item', item }));
  }
  // More entries than MaxEntriesReturned: the first ones, with IncludesLastItemInRange=false.
  const shown = views.slice(0, max);
  const root = el(
    'm:RootFolder',
    { TotalItemsInView: views.length, IncludesLastItemInRange: shown.length === views.length },
    el('t:Items', undefined, ...shown.map((v) => calendarItemXml(mailbox, v, shape.value))),
  );
  return {
    response: 'FindItemResponse',
    body: el('m:ResponseMessages', undefined, responseMessage('FindItemResponseMessage', { ok: true, payload: root })),
  };
}
