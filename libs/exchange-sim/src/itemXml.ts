// Serializes calendar items, occurrences and exceptions as t:CalendarItem: the properties the
// request's shape picks, in types.xsd sequence order (ItemType's part, then CalendarItemType's).
import { encodeOccurrenceId } from './ids.ts';
import type { Attendee, CalendarItem, ItemFields, Mailbox, Person, Recurrence } from './model.ts';
import type { Occurrence } from './recurrence.ts';
import { occurrenceAt, seriesStarts } from './recurrence.ts';
import type { DateTimePrecision } from './requestHeaders.ts';
import { el, ewsDateTime, leaf } from './xml.ts';

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

type Format = (ms: number) => string;

function occurrenceInfo(name: string, master: CalendarItem, originalStart: number, at: Format): string {
  const o = occurrenceAt(master, originalStart);
  return el(
    name,
    undefined,
    el('t:ItemId', { Id: encodeOccurrenceId(master.id, originalStart), ChangeKey: o.changeKey }),
    leaf('t:Start', at(o.start)),
    leaf('t:End', at(o.end)),
    leaf('t:OriginalStart', at(originalStart)),
  );
}

interface SeriesXml {
  recurrence: string;
  first: string | undefined;
  last: string | undefined;
  modified: string | undefined;
  deleted: string | undefined;
}

function seriesXml(master: CalendarItem, r: Recurrence, at: Format): SeriesXml {
  const starts = seriesStarts(master).filter((s) => !master.deletedOccurrences.has(s));
  const bounded = r.numberOfOccurrences !== undefined || r.endDate !== undefined;
  const first = starts[0];
  const last = bounded ? starts.at(-1) : undefined;
  const modified = [...master.exceptions.keys()].sort((a, b) => a - b);
  const deleted = [...master.deletedOccurrences].sort((a, b) => a - b);
  return {
    recurrence: recurrenceXml(master, r),
    first: first === undefined ? undefined : occurrenceInfo('t:FirstOccurrence', master, first, at),
    last: last === undefined ? undefined : occurrenceInfo('t:LastOccurrence', master, last, at),
    modified: modified.length
      ? el('t:ModifiedOccurrences', undefined, ...modified.map((s) => occurrenceInfo('t:Occurrence', master, s, at)))
      : undefined,
    deleted: deleted.length
      ? el(
          't:DeletedOccurrences',
          undefined,
          ...deleted.map((s) => el('t:DeletedOccurrence', undefined, leaf('t:Start', at(s)))),
        )
      : undefined,
  };
}

export interface ItemXmlOptions {
  /** Which FieldURIs to write (itemShape.ts); the item id is always written. */
  include: (fieldUri: string) => boolean;
  precision: DateTimePrecision;
}

/** One t:CalendarItem with the properties `options.include` picks, in types.xsd order. */
export function calendarItemXml(mb: Mailbox, view: ItemView, options: ItemXmlOptions): string {
  const ids = viewId(view);
  const properties = calendarProperties(mb, view, options.precision);
  return el(
    't:CalendarItem',
    undefined,
    el('t:ItemId', { Id: ids.id, ChangeKey: ids.changeKey }),
    ...properties.filter(([uri]) => options.include(uri)).map(([, xml]) => xml),
  );
}

/** Every property the store can answer, as [FieldURI, element], in the schema's sequence. */
function calendarProperties(mb: Mailbox, view: ItemView, precision: DateTimePrecision): [string, string | undefined][] {
  const at = (ms: number): string => ewsDateTime(ms, precision);
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
  const originalStart = view.kind === 'occurrence' ? at(view.occurrence.originalStart) : undefined;
  const lastModified = view.kind === 'occurrence' ? view.occurrence.lastModified : item.lastModified;
  const tzName = TIME_ZONE_NAMES[f.timeZone] ?? f.timeZone;
  const displayTo = f.requiredAttendees.map((a) => a.name ?? a.address).join('; ');
  const series = view.kind === 'item' && item.recurrence ? seriesXml(item, item.recurrence, at) : undefined;
  return [
    [
      'item:ParentFolderId',
      el('t:ParentFolderId', {
        Id: item.parentFolderId,
        ChangeKey: item.parentFolderId === mb.calendar.id ? mb.calendar.changeKey : mb.deletedItems.changeKey,
      }),
    ],
    ['item:ItemClass', leaf('t:ItemClass', 'IPM.Appointment')],
    ['item:Subject', leaf('t:Subject', f.subject)],
    ['item:Sensitivity', leaf('t:Sensitivity', f.sensitivity)],
    ['item:Body', f.body === undefined ? undefined : leaf('t:Body', f.body, { BodyType: 'Text' })],
    ['item:DateTimeReceived', leaf('t:DateTimeReceived', at(item.created))],
    ['item:Importance', leaf('t:Importance', 'Normal')],
    ['item:DateTimeCreated', leaf('t:DateTimeCreated', at(item.created))],
    ['item:DisplayTo', leaf('t:DisplayTo', displayTo || undefined)],
    ['item:HasAttachments', leaf('t:HasAttachments', false)],
    ['item:LastModifiedTime', leaf('t:LastModifiedTime', at(lastModified))],
    ['item:IsAssociated', leaf('t:IsAssociated', false)],
    ['calendar:UID', leaf('t:UID', item.iCalUid)],
    ['calendar:RecurrenceId', leaf('t:RecurrenceId', originalStart)],
    ['calendar:DateTimeStamp', leaf('t:DateTimeStamp', at(lastModified))],
    ['calendar:Start', leaf('t:Start', at(f.start))],
    ['calendar:End', leaf('t:End', at(f.end))],
    ['calendar:OriginalStart', leaf('t:OriginalStart', originalStart)],
    ['calendar:IsAllDayEvent', leaf('t:IsAllDayEvent', f.isAllDay)],
    ['calendar:LegacyFreeBusyStatus', leaf('t:LegacyFreeBusyStatus', item.isCancelled ? 'Free' : 'Busy')],
    ['calendar:Location', leaf('t:Location', f.location)],
    ['calendar:IsMeeting', leaf('t:IsMeeting', true)],
    ['calendar:IsCancelled', leaf('t:IsCancelled', item.isCancelled)],
    // Exchange reports IsRecurring=false on a RecurringMaster; only instances say true.
    ['calendar:IsRecurring', leaf('t:IsRecurring', view.kind === 'occurrence')],
    ['calendar:MeetingRequestWasSent', leaf('t:MeetingRequestWasSent', false)],
    ['calendar:IsResponseRequested', leaf('t:IsResponseRequested', true)],
    ['calendar:CalendarItemType', leaf('t:CalendarItemType', type)],
    ['calendar:MyResponseType', leaf('t:MyResponseType', 'Accept')],
    ['calendar:Organizer', el('t:Organizer', undefined, mailboxXml(f.organizer))],
    ['calendar:RequiredAttendees', attendeesXml('t:RequiredAttendees', f.requiredAttendees)],
    ['calendar:OptionalAttendees', attendeesXml('t:OptionalAttendees', f.optionalAttendees)],
    ['calendar:Duration', leaf('t:Duration', isoDuration(f.end - f.start))],
    ['calendar:TimeZone', leaf('t:TimeZone', tzName)],
    ['calendar:AppointmentSequenceNumber', leaf('t:AppointmentSequenceNumber', item.sequence)],
    ['calendar:AppointmentState', leaf('t:AppointmentState', item.isCancelled ? 7 : 3)],
    ['calendar:Recurrence', series?.recurrence],
    ['calendar:FirstOccurrence', series?.first],
    ['calendar:LastOccurrence', series?.last],
    ['calendar:ModifiedOccurrences', series?.modified],
    ['calendar:DeletedOccurrences', series?.deleted],
    ['calendar:StartTimeZone', el('t:StartTimeZone', { Id: f.timeZone, Name: tzName })],
    ['calendar:EndTimeZone', el('t:EndTimeZone', { Id: f.timeZone, Name: tzName })],
  ];
}
