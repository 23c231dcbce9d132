// Graph's event JSON → GraphEvent. Graph is trusted to send its documented shape, but a field it
// leaves out must not become a crash: an event without id, start or end is unusable (undefined),
// every other field has a neutral default.
import type { DateTimeTimeZone, GraphEvent, GraphEventType } from './GraphClient.ts';

type Json = Record<string, unknown>;

const TYPES = new Set<GraphEventType>(['singleInstance', 'occurrence', 'exception', 'seriesMaster']);
const SENSITIVITIES = new Set<GraphEvent['sensitivity']>(['normal', 'personal', 'private', 'confidential']);

export function toGraphEvent(raw: unknown): GraphEvent | undefined {
  if (!isObject(raw)) return undefined;
  const id = text(raw['id']);
  const start = dateTimeTimeZone(raw['start']);
  const end = dateTimeTimeZone(raw['end']);
  if (id === undefined || start === undefined || end === undefined) return undefined;
  const type = text(raw['type']) as GraphEventType | undefined;
  const sensitivity = text(raw['sensitivity']) as GraphEvent['sensitivity'] | undefined;
  const organizer = isObject(raw['organizer']) ? raw['organizer']['emailAddress'] : undefined;
  const location = isObject(raw['location']) ? text(raw['location']['displayName']) : undefined;
  return {
    id,
    subject: text(raw['subject']) ?? '',
    start,
    end,
    isAllDay: raw['isAllDay'] === true,
    isCancelled: raw['isCancelled'] === true,
    sensitivity: sensitivity && SENSITIVITIES.has(sensitivity) ? sensitivity : 'normal',
    showAs: text(raw['showAs']),
    type: type && TYPES.has(type) ? type : 'singleInstance',
    seriesMasterId: text(raw['seriesMasterId']),
    originalStart: text(raw['originalStart']),
    originalStartTimeZone: text(raw['originalStartTimeZone']),
    organizer: isObject(organizer) ? { name: text(organizer['name']), address: text(organizer['address']) } : undefined,
    attendeesCount: Array.isArray(raw['attendees']) ? raw['attendees'].length : 0,
    location: location === '' ? undefined : location,
    iCalUId: text(raw['iCalUId']),
    lastModifiedDateTime: text(raw['lastModifiedDateTime']),
    changeKey: text(raw['changeKey']),
  };
}

function dateTimeTimeZone(raw: unknown): DateTimeTimeZone | undefined {
  if (!isObject(raw)) return undefined;
  const dateTime = text(raw['dateTime']);
  const timeZone = text(raw['timeZone']);
  return dateTime === undefined || timeZone === undefined ? undefined : { dateTime, timeZone };
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
