// A calendar event as Graph shows it, captured from the store at one moment (delta pages are
// rendered later, and the item may have changed or gone by then): single items, series masters,
// occurrences and exceptions.
import { encodeOccurrenceId } from '../ids.ts';
import type { CalendarItem, ItemFields, Mailbox, Recurrence } from '../model.ts';
import type { Occurrence } from '../recurrence.ts';
import { expandOccurrences, pickFields } from '../recurrence.ts';
import { toRestId } from './restIds.ts';

export type GraphEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

export interface EventView {
  id: string;
  changeKey: string;
  type: GraphEventType;
  fields: ItemFields;
  iCalUId: string;
  isCancelled: boolean;
  created: number;
  lastModified: number;
  recurrence?: Recurrence;
  originalStart?: number;
  seriesMasterId?: string;
}

const GOID_CLASS = '040000008200E00074C5B7101A82E008';

/** Exchange's per-occurrence UID: the master's GlobalObjectId with the instance date in bytes 16–19. */
function occurrenceUid(masterUid: string, originalStart: number): string {
  if (!masterUid.toUpperCase().startsWith(GOID_CLASS) || masterUid.length < GOID_CLASS.length + 8) return masterUid;
  const d = new Date(originalStart);
  const date =
    d.getUTCFullYear().toString(16).padStart(4, '0') +
    (d.getUTCMonth() + 1).toString(16).padStart(2, '0') +
    d.getUTCDate().toString(16).padStart(2, '0');
  return `${GOID_CLASS}${date.toUpperCase()}${masterUid.slice(GOID_CLASS.length + 8)}`;
}

export function itemView(item: CalendarItem): EventView {
  return {
    id: toRestId(item.id),
    changeKey: item.changeKey,
    type: item.recurrence ? 'seriesMaster' : 'singleInstance',
    fields: pickFields(item),
    iCalUId: item.iCalUid,
    isCancelled: item.isCancelled,
    created: item.created,
    lastModified: item.lastModified,
    ...(item.recurrence ? { recurrence: { ...item.recurrence } } : {}),
  };
}

export function occurrenceView(master: CalendarItem, o: Occurrence): EventView {
  return {
    id: toRestId(encodeOccurrenceId(master.id, o.originalStart)),
    changeKey: o.changeKey,
    type: o.isException ? 'exception' : 'occurrence',
    fields: o.fields,
    iCalUId: occurrenceUid(master.iCalUid, o.originalStart),
    isCancelled: master.isCancelled,
    created: master.created,
    lastModified: o.lastModified,
    originalStart: o.originalStart,
    seriesMasterId: toRestId(master.id),
  };
}

/** The calendar view of [from, to): single items and expanded occurrences (no masters), by start. */
export function calendarViewEvents(mb: Mailbox, from: number, to: number): EventView[] {
  const out: EventView[] = [];
  for (const item of mb.items.values()) {
    if (item.parentFolderId !== mb.calendar.id) continue;
    if (item.recurrence) {
      for (const o of expandOccurrences(item, from, to)) out.push(occurrenceView(item, o));
    } else if (item.start < to && item.end > from) {
      out.push(itemView(item));
    }
  }
  return out.sort((a, b) => a.fields.start - b.fields.start || a.id.localeCompare(b.id));
}
