// Serializes calendar items, occurrences and exceptions as t:CalendarItem, children in
// types.xsd sequence order (ItemType's part, then CalendarItemType's).
import { encodeOccurrenceId } from './ids.ts';
import type { Attendee, CalendarItem, ItemFields, Mailbox, Person, Recurrence } from './model.ts';
import type { Occurrence } from './recurrence.ts';
import { occurrenceAt, seriesStarts } from './recurrence.ts';
import { el, ewsDateTime, leaf } from './xml.ts';

export type ItemShape = 'IdOnly' | 'Default' | 'AllProperties';

/** What to render: a single item / series master, or one instance of a series. */
export type ItemView =
  { kind: 'item'; item: CalendarItem } | { kind: 'occurrence'; master: CalendarItem; occurrence: Occurrence };

const TIME_ZONE_NAMES: Readonly<Record<string, string>> = {
  UTC: '(UTC) Coordinated Universal Time',
  'W. Europe Standard Time': '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna',
  'GMT Standard Time': '(UTC+00:00) Dublin, Edinburgh, Lisbon, London',
  'Eastern Standard Time': '(UTC-05:00) Eastern Time (US & Canada)',
  'Pacific Standard Time': '(UTC-08:00) Pacific Time (US & Canada)',
};

function viewId(view: ItemView): { id: string; changeKey: string } {
  return view.kind === 'item'
    ? { id: view.item.id, changeKey: view.item.changeKey }
    : { id: encodeOccurrenceId(view.master.id, view.occurrence.originalStart), changeKey: view.occurrence.changeKey };
}

function mailboxXml(p: Person): string {
  return el(
    't:Mailbox',
    undefined,
    leaf('t:Name', p.name ?? p.address),
    leaf('t:EmailAddress', p.address),
    leaf('t:RoutingType', 'SMTP'),
    leaf('t:MailboxType', 'Mailbox'),
  );
}

function attendeesXml(name: string, list: readonly Attendee[]): string | undefined {
  if (list.length === 0) return undefined;
  return el(
    name,
    undefined,
    ...list.map((a) => el('t:Attendee', undefined, mailboxXml(a), leaf('t:ResponseType', a.response ?? 'Unknown'))),
  );
}

function isoDuration(ms: number): string {
  const mins = Math.round(ms / 60_000);
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const time = (h ? `${h}H` : '') + (m ? `${m}M` : '');
  return `P${d ? `${d}D` : ''}${time ? `T${time}` : d ? '' : 'T0M'}`;
}

const xsDate = (ms: number): string => `${new Date(ms).toISOString().slice(0, 10)}Z`;

function recurrenceXml(item: CalendarItem, r: Recurrence): string {
  const pattern =
    r.pattern === 'daily'
      ? el('t:DailyRecurrence', undefined, leaf('t:Interval', r.interval))
      : el(
          't:WeeklyRecurrence',
          undefined,
          leaf('t:Interval', r.interval),
          leaf(
            't:DaysOfWeek',
            (r.daysOfWeek ?? []).join(' ') ||
              new Date(item.start).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' }),
          ),
          leaf('t:FirstDayOfWeek', 'Sunday'),
        );
  const start = leaf('t:StartDate', xsDate(item.start));
  const range =
    r.numberOfOccurrences !== undefined
      ? el('t:NumberedRecurrence', undefined, start, leaf('t:NumberOfOccurrences', r.numberOfOccurrences))
      : r.endDate !== undefined
        ? el('t:EndDateRecurrence', undefined, start, leaf('t:EndDate', `${r.endDate}Z`))
        : el('t:NoEndRecurrence', undefined, start);
  return el('t:Recurrence', undefined, pattern, range);
}

function occurrenceInfo(name: string, master: CalendarItem, originalStart: number): string {
  const o = occurrenceAt(master, originalStart);
  return el(
    name,
    undefined,
    el('t:ItemId', { Id: encodeOccurrenceId(master.id, originalStart), ChangeKey: o.changeKey }),
    leaf('t:Start', ewsDateTime(o.start)),
    leaf('t:End', ewsDateTime(o.end)),
    leaf('t:OriginalStart', ewsDateTime(originalStart)),
  );
}

function seriesXml(master: CalendarItem): (string | undefined)[] {
  const r = master.recurrence;
  if (!r) return [];
  const starts = seriesStarts(master).filter((s) => !master.deletedOccurrences.has(s));
  const bounded = r.numberOfOccurrences !== undefined || r.endDate !== undefined;
  const first = starts[0];
  const last = bounded ? starts.at(-1) : undefined;
  const modified = [...master.exceptions.keys()].sort((a, b) => a - b);
  const deleted = [...master.deletedOccurrences].sort((a, b) => a - b);
  return [
    recurrenceXml(master, r),
    first === undefined ? undefined : occurrenceInfo('t:FirstOccurrence', master, first),
    last === undefined ? undefined : occurrenceInfo('t:LastOccurrence', master, last),
    modified.length
      ? el('t:ModifiedOccurrences', undefined, ...modified.map((s) => occurrenceInfo('t:Occurrence', master, s)))
      : undefined,
    deleted.length
      ? el(
          't:DeletedOccurrences',
          undefined,
          ...deleted.map((s) => el('t:DeletedOccurrence', undefined, leaf('t:Start', ewsDateTime(s)))),
        )
      : undefined,
  ];
}

export function calendarItemXml(mb: Mailbox, view: ItemView, shape: ItemShape): string {
  const ids = viewId(view);
  const itemId = el('t:ItemId', { Id: ids.id, ChangeKey: ids.changeKey });
  if (shape === 'IdOnly') return el('t:CalendarItem', undefined, itemId);
  const item = view.kind === 'item' ? view.item : view.master;
  const f: ItemFields = view.kind === 'item' ? view.item : view.occurrence.fields;
  const type =
    view.kind === 'occurrence'
      ? view.occurrence.isException
        ? 'Exception'
        : 'Occurrence'
      : item.recurrence
        ? 'RecurringMaster'
        : 'Single';
  const originalStart = view.kind === 'occurrence' ? ewsDateTime(view.occurrence.originalStart) : undefined;
  const lastModified = view.kind === 'occurrence' ? view.occurrence.lastModified : item.lastModified;
  const tzName = TIME_ZONE_NAMES[f.timeZone] ?? f.timeZone;
  const displayTo = f.requiredAttendees.map((a) => a.name ?? a.address).join('; ');
  return el(
    't:CalendarItem',
    undefined,
    itemId,
    el('t:ParentFolderId', {
      Id: item.parentFolderId,
      ChangeKey: item.parentFolderId === mb.calendar.id ? mb.calendar.changeKey : mb.deletedItems.changeKey,
    }),
    leaf('t:ItemClass', 'IPM.Appointment'),
    leaf('t:Subject', f.subject),
    leaf('t:Sensitivity', f.sensitivity),
    f.body === undefined ? undefined : leaf('t:Body', f.body, { BodyType: 'Text' }),
    leaf('t:DateTimeReceived', ewsDateTime(item.created)),
    leaf('t:Importance', 'Normal'),
    leaf('t:DateTimeCreated', ewsDateTime(item.created)),
    leaf('t:DisplayTo', displayTo || undefined),
    leaf('t:HasAttachments', false),
    leaf('t:LastModifiedTime', ewsDateTime(lastModified)),
    leaf('t:UID', item.iCalUid),
    leaf('t:RecurrenceId', originalStart),
    leaf('t:DateTimeStamp', ewsDateTime(lastModified)),
    leaf('t:Start', ewsDateTime(f.start)),
    leaf('t:End', ewsDateTime(f.end)),
    leaf('t:OriginalStart', originalStart),
    leaf('t:IsAllDayEvent', f.isAllDay),
    leaf('t:LegacyFreeBusyStatus', item.isCancelled ? 'Free' : 'Busy'),
    leaf('t:Location', f.location),
    leaf('t:IsMeeting', true),
    leaf('t:IsCancelled', item.isCancelled),
    // Exchange reports IsRecurring=false on a RecurringMaster; only instances say true.
    leaf('t:IsRecurring', view.kind === 'occurrence'),
    leaf('t:MeetingRequestWasSent', false),
    leaf('t:IsResponseRequested', true),
    leaf('t:CalendarItemType', type),
    leaf('t:MyResponseType', 'Accept'),
    el('t:Organizer', undefined, mailboxXml(f.organizer)),
    attendeesXml('t:RequiredAttendees', f.requiredAttendees),
    attendeesXml('t:OptionalAttendees', f.optionalAttendees),
    leaf('t:Duration', isoDuration(f.end - f.start)),
    leaf('t:TimeZone', tzName),
    leaf('t:AppointmentSequenceNumber', item.sequence),
    leaf('t:AppointmentState', item.isCancelled ? 7 : 3),
    ...(view.kind === 'item' ? seriesXml(item) : []),
    el('t:StartTimeZone', { Id: f.timeZone, Name: tzName }),
    el('t:EndTimeZone', { Id: f.timeZone, Name: tzName }),
  );
}
