// The admin API's JSON view of items and events.
import { encodeOccurrenceId, encodeWatermark } from './ids.ts';
import type { CalendarItem, ItemFields, Mailbox, MailboxEvent } from './model.ts';
import type { Occurrence } from './recurrence.ts';

const iso = (ms: number): string => new Date(ms).toISOString();

function fieldsJson(f: ItemFields) {
  return {
    subject: f.subject,
    start: iso(f.start),
    end: iso(f.end),
    timeZone: f.timeZone,
    isAllDay: f.isAllDay,
    organizer: f.organizer,
    requiredAttendees: f.requiredAttendees,
    optionalAttendees: f.optionalAttendees,
    location: f.location,
    sensitivity: f.sensitivity,
    ...(f.body === undefined ? {} : { body: f.body }),
  };
}

export function itemJson(mb: Mailbox, item: CalendarItem) {
  return {
    id: item.id,
    changeKey: item.changeKey,
    folder: item.parentFolderId === mb.calendar.id ? 'calendar' : 'deleteditems',
    type: item.recurrence ? 'RecurringMaster' : 'Single',
    ...fieldsJson(item),
    isCancelled: item.isCancelled,
    iCalUid: item.iCalUid,
    sequence: item.sequence,
    created: iso(item.created),
    lastModified: iso(item.lastModified),
    ...(item.recurrence ? { recurrence: item.recurrence } : {}),
    ...(item.exceptions.size
      ? {
          exceptions: [...item.exceptions].map(([orig, ex]) => ({
            originalStart: iso(orig),
            id: encodeOccurrenceId(item.id, orig),
            changeKey: ex.changeKey,
            ...ex.fields,
            ...(ex.fields.start === undefined ? {} : { start: iso(ex.fields.start) }),
            ...(ex.fields.end === undefined ? {} : { end: iso(ex.fields.end) }),
          })),
        }
      : {}),
    ...(item.deletedOccurrences.size ? { deletedOccurrences: [...item.deletedOccurrences].map(iso) } : {}),
  };
}

export function occurrenceJson(master: CalendarItem, o: Occurrence) {
  return {
    id: encodeOccurrenceId(master.id, o.originalStart),
    changeKey: o.changeKey,
    masterId: master.id,
    type: o.isException ? 'Exception' : 'Occurrence',
    originalStart: iso(o.originalStart),
    ...fieldsJson(o.fields),
    isCancelled: master.isCancelled,
    iCalUid: master.iCalUid,
  };
}

export function eventJson(e: MailboxEvent) {
  return { ...e, timestamp: iso(e.timestamp) };
}

export function mailboxJson(mb: Mailbox) {
  return {
    address: mb.address,
    displayName: mb.displayName,
    kind: mb.kind,
    calendarFolderId: mb.calendar.id,
    items: [...mb.items.values()].filter((i) => i.parentFolderId === mb.calendar.id).length,
    watermark: mb.headSeq > 0 ? encodeWatermark(mb.address, mb.headSeq) : undefined,
    events: mb.headSeq,
  };
}
