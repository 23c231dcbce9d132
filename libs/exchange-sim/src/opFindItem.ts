// FindItem: with a CalendarView, the occurrences overlapping the window (singles, instances,
// exceptions; no masters), as Exchange expands them; without one, the folder's items.
import { ewsError } from './ewsErrors.ts';
import type { ItemView } from './itemXml.ts';
import { calendarItemXml } from './itemXml.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { readShape, resolveFolder } from './operationContext.ts';
import { expandOccurrences } from './recurrence.ts';
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
  const r = resolveFolder(ctx, childEl(ctx.request, M_NS, 'ParentFolderIds')?.children[0]);
  if (!r.ok) return failed(r.error);
  const { mailbox, folder } = r.value;
  const shape = readShape(ctx.request, M_NS);
  const items = [...mailbox.items.values()].filter((i) => i.parentFolderId === folder.id);
  const view = childEl(ctx.request, M_NS, 'CalendarView');
  let views: ItemView[];
  let max = Number.POSITIVE_INFINITY;
  if (view) {
    const from = Date.parse(view.attrs.StartDate ?? '');
    const to = Date.parse(view.attrs.EndDate ?? '');
    if (!Number.isFinite(from) || !Number.isFinite(to) || to < from)
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
    el('t:Items', undefined, ...shown.map((v) => calendarItemXml(mailbox, v, shape))),
  );
  return {
    response: 'FindItemResponse',
    body: el('m:ResponseMessages', undefined, responseMessage('FindItemResponseMessage', { ok: true, payload: root })),
  };
}
