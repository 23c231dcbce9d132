// Expands a recurring master into occurrences (daily/weekly, numbered / end-date / no end),
// in UTC. Exceptions and deleted occurrences are applied on top.
import type { CalendarItem, ItemFields } from './model.ts';
import { DAYS_OF_WEEK } from './model.ts';

const DAY = 86_400_000;
/** No-end series are expanded at most this far (Exchange caps views similarly). */
const MAX_OCCURRENCES = 5000;

export interface Occurrence {
  originalStart: number;
  start: number;
  end: number;
  /** The fields of this instance (master fields with the exception's overrides). */
  fields: ItemFields;
  isException: boolean;
  changeKey: string;
  lastModified: number;
}

/** Original starts of the series in order, stopping after `until` (ms) or the series end. */
export function seriesStarts(item: CalendarItem, until = Number.POSITIVE_INFINITY): number[] {
  const r = item.recurrence;
  if (!r) return [];
  const out: number[] = [];
  const endDateMs = r.endDate === undefined ? undefined : Date.parse(`${r.endDate}T00:00:00Z`) + DAY;
  const limit = r.numberOfOccurrences ?? MAX_OCCURRENCES;
  const accept = (t: number): boolean => {
    if (endDateMs !== undefined && t >= endDateMs) return false;
    if (t > until) return false;
    out.push(t);
    return out.length < limit;
  };
  const interval = Math.max(1, r.interval);
  if (r.pattern === 'daily') {
    for (let t = item.start; accept(t); t += interval * DAY);
    return out;
  }
  const startDay = new Date(item.start).getUTCDay();
  const days = (
    r.daysOfWeek && r.daysOfWeek.length > 0 ? r.daysOfWeek.map((d) => DAYS_OF_WEEK.indexOf(d)) : [startDay]
  ).sort((a, b) => a - b);
  const weekStart = item.start - startDay * DAY;
  for (let w = 0; ; w += interval) {
    for (const d of days) {
      const t = weekStart + (w * 7 + d) * DAY;
      if (t < item.start) continue;
      if (!accept(t)) return out;
    }
  }
}

/** Occurrences (with exceptions applied, deleted ones left out) overlapping [from, to). */
export function expandOccurrences(item: CalendarItem, from: number, to: number): Occurrence[] {
  const duration = item.end - item.start;
  const out: Occurrence[] = [];
  // Exceptions may move an instance anywhere, so scan a margin beyond the window.
  for (const originalStart of seriesStarts(item, to + 31 * DAY)) {
    if (item.deletedOccurrences.has(originalStart)) continue;
    const occ = occurrenceAt(item, originalStart, duration);
    if (occ.start < to && occ.end > from) out.push(occ);
  }
  return out.sort((a, b) => a.start - b.start);
}

export function isSeriesStart(item: CalendarItem, originalStart: number): boolean {
  return seriesStarts(item, originalStart).includes(originalStart);
}

export function occurrenceAt(item: CalendarItem, originalStart: number, duration = item.end - item.start): Occurrence {
  const ex = item.exceptions.get(originalStart);
  const base: ItemFields = { ...pickFields(item), start: originalStart, end: originalStart + duration };
  const fields: ItemFields = ex ? { ...base, ...ex.fields } : base;
  return {
    originalStart,
    start: fields.start,
    end: fields.end,
    fields,
    isException: ex !== undefined,
    changeKey: ex?.changeKey ?? item.changeKey,
    lastModified: ex?.lastModified ?? item.lastModified,
  };
}

export function pickFields(item: ItemFields): ItemFields {
  const {
    subject,
    start,
    end,
    timeZone,
    isAllDay,
    organizer,
    requiredAttendees,
    optionalAttendees,
    location,
    sensitivity,
    body,
  } = item;
  return {
    subject,
    start,
    end,
    timeZone,
    isAllDay,
    organizer,
    requiredAttendees,
    optionalAttendees,
    location,
    sensitivity,
    ...(body === undefined ? {} : { body }),
  };
}
