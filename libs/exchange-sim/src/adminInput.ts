// Validation of the admin API's JSON bodies into store inputs (ISO times → epoch ms).
import type { BookingInput, CancelMode, ItemPatch } from './mailboxStore.ts';
import type { Attendee, DayOfWeek, ItemFields, MailboxKind, Person, Recurrence } from './model.ts';
import { DAYS_OF_WEEK, MAILBOX_KINDS, SENSITIVITIES } from './model.ts';
import { SimError } from './SimError.ts';

type Json = Record<string, unknown>;

const invalid = (message: string): SimError => new SimError('Invalid', message);

export function asObject(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid('expected a JSON object');
  return value as Json;
}

function str(o: Json, key: string): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalid(`${key} must be a string`);
  return v;
}

export function time(value: unknown, key: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(ms)) throw invalid(`${key} must be an ISO date-time`);
  return ms;
}

function person(value: unknown, key: string): Person {
  if (typeof value === 'string') return { address: value };
  const o = asObject(value);
  const address = str(o, 'address');
  if (!address) throw invalid(`${key}.address is required`);
  const name = str(o, 'name');
  return name === undefined ? { address } : { address, name };
}

function attendees(value: unknown, key: string): Attendee[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(`${key} must be an array`);
  return value.map((v, i) => {
    const p = person(v, `${key}[${i}]`);
    const response = typeof v === 'object' && v !== null ? (v as Json).response : undefined;
    return typeof response === 'string' ? { ...p, response: response as Attendee['response'] } : p;
  });
}

export function recurrence(value: unknown): Recurrence {
  const o = asObject(value);
  const pattern = o.pattern;
  if (pattern !== 'daily' && pattern !== 'weekly') throw invalid('recurrence.pattern must be daily or weekly');
  const interval = o.interval ?? 1;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1)
    throw invalid('recurrence.interval must be a positive integer');
  const r: Recurrence = { pattern, interval };
  if (o.daysOfWeek !== undefined) {
    if (!Array.isArray(o.daysOfWeek) || !o.daysOfWeek.every((d) => DAYS_OF_WEEK.includes(d as DayOfWeek)))
      throw invalid('recurrence.daysOfWeek must list weekday names');
    r.daysOfWeek = o.daysOfWeek as DayOfWeek[];
  }
  if (o.numberOfOccurrences !== undefined) {
    if (
      typeof o.numberOfOccurrences !== 'number' ||
      !Number.isInteger(o.numberOfOccurrences) ||
      o.numberOfOccurrences < 1
    )
      throw invalid('recurrence.numberOfOccurrences must be a positive integer');
    r.numberOfOccurrences = o.numberOfOccurrences;
  }
  const endDate = str(o, 'endDate');
  if (endDate !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate)) throw invalid('recurrence.endDate must be YYYY-MM-DD');
    r.endDate = endDate;
  }
  return r;
}

/** The editable fields present in a body (for PATCH and occurrence edits). */
export function fieldPatch(o: Json): Partial<ItemFields> {
  const p: Partial<ItemFields> = {};
  const subject = str(o, 'subject');
  if (subject !== undefined) p.subject = subject;
  if (o.start !== undefined) p.start = time(o.start, 'start');
  if (o.end !== undefined) p.end = time(o.end, 'end');
  const timeZone = str(o, 'timeZone');
  if (timeZone !== undefined) p.timeZone = timeZone;
  if (o.isAllDay !== undefined) {
    if (typeof o.isAllDay !== 'boolean') throw invalid('isAllDay must be a boolean');
    p.isAllDay = o.isAllDay;
  }
  if (o.organizer !== undefined) p.organizer = person(o.organizer, 'organizer');
  const required = attendees(o.requiredAttendees ?? o.attendees, 'requiredAttendees');
  if (required) p.requiredAttendees = required;
  const optional = attendees(o.optionalAttendees, 'optionalAttendees');
  if (optional) p.optionalAttendees = optional;
  const location = str(o, 'location');
  if (location !== undefined) p.location = location;
  const sensitivity = str(o, 'sensitivity');
  if (sensitivity !== undefined) {
    if (!SENSITIVITIES.includes(sensitivity as ItemFields['sensitivity']))
      throw invalid(`sensitivity must be one of ${SENSITIVITIES.join(', ')}`);
    p.sensitivity = sensitivity as ItemFields['sensitivity'];
  }
  const body = str(o, 'body');
  if (body !== undefined) p.body = body;
  return p;
}

export function bookingInput(value: unknown): BookingInput {
  const o = asObject(value);
  const p = fieldPatch(o);
  if (p.subject === undefined || p.start === undefined || p.end === undefined)
    throw invalid('subject, start and end are required');
  const iCalUid = str(o, 'iCalUid');
  return {
    ...p,
    subject: p.subject,
    start: p.start,
    end: p.end,
    organizer: p.organizer ?? { address: 'organizer@contoso.example', name: 'Organizer' },
    ...(o.recurrence === undefined ? {} : { recurrence: recurrence(o.recurrence) }),
    ...(iCalUid === undefined ? {} : { iCalUid }),
  };
}

export function itemPatch(value: unknown): ItemPatch {
  const o = asObject(value);
  const p: ItemPatch = fieldPatch(o);
  if (o.recurrence === null) p.recurrence = null;
  else if (o.recurrence !== undefined) p.recurrence = recurrence(o.recurrence);
  return p;
}

export function cancelMode(value: unknown): CancelMode {
  const mode = value === undefined ? undefined : asObject(value).mode;
  if (mode === undefined) return 'move';
  if (mode === 'move' || mode === 'delete' || mode === 'keep') return mode;
  throw invalid('mode must be move, delete or keep');
}

export function mailboxKind(value: unknown): MailboxKind {
  if (MAILBOX_KINDS.includes(value as MailboxKind)) return value as MailboxKind;
  throw invalid(`kind must be one of ${MAILBOX_KINDS.join(', ')}`);
}
