// Graph's JSON for an event (the v1.0 `event` resource, the properties a calendar sync reads),
// with times in UTC or in the zone `Prefer: outlook.timezone` asked for.
import type { Attendee, Recurrence } from '../model.ts';
import type { EventView } from './eventView.ts';
import { wallClock } from './timeZones.ts';

const RESPONSES: Readonly<Record<NonNullable<Attendee['response']>, string>> = {
  Unknown: 'none',
  Organizer: 'organizer',
  Tentative: 'tentativelyAccepted',
  Accept: 'accepted',
  Decline: 'declined',
  NoResponseReceived: 'notResponded',
};

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function recurrenceJson(r: Recurrence, start: number, zone: string) {
  const startDate = new Date(start).toISOString().slice(0, 10);
  return {
    pattern: {
      type: r.pattern,
      interval: r.interval,
      month: 0,
      dayOfMonth: 0,
      ...(r.pattern === 'weekly'
        ? {
            daysOfWeek: (
              r.daysOfWeek ?? [new Date(start).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' })]
            ).map((d) => d.toLowerCase()),
            firstDayOfWeek: 'sunday',
          }
        : {}),
      index: 'first',
    },
    range: {
      type: r.numberOfOccurrences !== undefined ? 'numbered' : r.endDate !== undefined ? 'endDate' : 'noEnd',
      startDate,
      endDate: r.endDate ?? '0001-01-01',
      recurrenceTimeZone: zone,
      numberOfOccurrences: r.numberOfOccurrences ?? 0,
    },
  };
}

/** `zone` is the IANA zone to render in; `zoneName` the name Graph echoes (what the client asked for). */
export function graphEventJson(v: EventView, zone = 'UTC', zoneName = 'UTC') {
  const f = v.fields;
  const at = (ms: number) => ({ dateTime: wallClock(ms, zone), timeZone: zoneName });
  const attendees = [
    ...f.requiredAttendees.map((a) => ({ a, type: 'required' })),
    ...f.optionalAttendees.map((a) => ({ a, type: 'optional' })),
  ].map(({ a, type }) => ({
    type,
    status: { response: RESPONSES[a.response ?? 'Unknown'], time: '0001-01-01T00:00:00Z' },
    emailAddress: { name: a.name ?? a.address, address: a.address },
  }));
  const location = { displayName: f.location, locationType: 'default', uniqueIdType: 'unknown' };
  return {
    '@odata.type': '#microsoft.graph.event',
    '@odata.etag': `W/"${v.changeKey}"`,
    id: v.id,
    createdDateTime: iso(v.created),
    lastModifiedDateTime: iso(v.lastModified),
    changeKey: v.changeKey,
    categories: [],
    originalStartTimeZone: f.timeZone,
    originalEndTimeZone: f.timeZone,
    ...(v.originalStart === undefined ? {} : { originalStart: iso(v.originalStart) }),
    iCalUId: v.iCalUId,
    subject: f.subject,
    bodyPreview: (f.body ?? '').slice(0, 255),
    importance: 'normal',
    sensitivity: f.sensitivity.toLowerCase(),
    isAllDay: f.isAllDay,
    isCancelled: v.isCancelled,
    isOrganizer: false,
    responseRequested: true,
    seriesMasterId: v.seriesMasterId ?? null,
    showAs: v.isCancelled ? 'free' : 'busy',
    type: v.type,
    responseStatus: { response: 'none', time: '0001-01-01T00:00:00Z' },
    body: { contentType: 'text', content: f.body ?? '' },
    start: at(f.start),
    end: at(f.end),
    location,
    locations: f.location ? [location] : [],
    recurrence: v.recurrence ? recurrenceJson(v.recurrence, f.start, f.timeZone) : null,
    attendees,
    organizer: { emailAddress: { name: f.organizer.name ?? f.organizer.address, address: f.organizer.address } },
  };
}
