// The pure half of the Graph projection: one calendarView delta round of a room → row
// operations, in the same rows EWS produces (docs/architecture.md §7). calendarView returns
// expanded instances only (no series master): singles keyed by their id, occurrences and
// exceptions by their series and original start, so a moved occurrence keeps its row.
import type { GraphEvent } from '@rooms-sync/graph-client';
import type { CalendarItem, FreeBusyStatus, Sensitivity } from '@rooms-sync/ews-client';
import { graphDateTimeToUtc } from './graphDateTimeToUtc.ts';
import { toReservationRow } from './evolve.ts';
import type { ReservationRow, RowOp } from './rowOps.ts';

export interface GraphRoomSnapshot {
  source: 'graph';
  room: string;
  /** A full round over `window`: the events are everything the room holds in it. */
  full: boolean;
  /**
   * The room was read through another API or connection before (a mailbox migrated to Exchange
   * Online): its rows past the window were written from there and are replaced too.
   */
  rebaseline?: boolean | undefined;
  /** The round's events, the last version of each id. */
  events: readonly GraphEvent[];
  /** Ids Graph reported `@removed` (deleted, cancelled, moved away or out of the window). */
  removedIds: readonly string[];
  window: { start: Date; end: Date };
}

const APPOINTMENT_TYPES: Readonly<Record<GraphEvent['type'], CalendarItem['appointmentType']>> = {
  singleInstance: 'Single',
  occurrence: 'Occurrence',
  exception: 'Exception',
  seriesMaster: 'RecurringMaster',
};

const SENSITIVITIES: Readonly<Record<GraphEvent['sensitivity'], Sensitivity>> = {
  normal: 'Normal',
  personal: 'Personal',
  private: 'Private',
  confidential: 'Confidential',
};

const FREE_BUSY: Readonly<Record<string, FreeBusyStatus>> = {
  free: 'Free',
  tentative: 'Tentative',
  busy: 'Busy',
  oof: 'OOF',
  workingElsewhere: 'WorkingElsewhere',
};

/** A wall-clock `{dateTime, timeZone}` as the instant it names; undefined when unreadable. */
function instant(event: GraphEvent, which: 'start' | 'end'): string | undefined {
  const value = event[which];
  // An all-day event's times are midnights of its own zone; Graph may label them with the zone
  // the request preferred instead, so a midnight is read in the event's zone, and the row spans
  // the same instants an EWS read of the event gives.
  const floating = event.isAllDay && /T00:00(:00(\.0*)?)?$/.test(value.dateTime);
  const zone = floating && event.originalStartTimeZone !== undefined ? event.originalStartTimeZone : value.timeZone;
  const at = graphDateTimeToUtc(value, zone);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * A Graph event in the shape the EWS rows are built from: one mapping to a row for both sources.
 * An event whose times cannot be read is unusable (undefined), as toGraphEvent treats one without.
 */
function graphEventAsCalendarItem(event: GraphEvent): CalendarItem | undefined {
  const start = instant(event, 'start');
  const end = instant(event, 'end');
  if (start === undefined || end === undefined) return undefined;
  return {
    id: event.id,
    changeKey: event.changeKey ?? event.lastModifiedDateTime ?? '',
    subject: event.subject,
    start,
    end,
    isAllDay: event.isAllDay,
    isCancelled: event.isCancelled,
    sensitivity: SENSITIVITIES[event.sensitivity],
    freeBusyStatus: FREE_BUSY[event.showAs ?? 'busy'] ?? 'Busy',
    appointmentType: APPOINTMENT_TYPES[event.type],
    ...(event.seriesMasterId === undefined ? {} : { recurringMasterId: event.seriesMasterId }),
    // An unreadable original start keys the instance by its start instead of failing the batch.
    ...(event.originalStart === undefined || Number.isNaN(Date.parse(event.originalStart))
      ? {}
      : { originalStart: event.originalStart }),
    ...(event.iCalUId === undefined ? {} : { iCalUid: event.iCalUId }),
    ...(event.originalStartTimeZone === undefined ? {} : { timeZone: event.originalStartTimeZone }),
    ...(event.location === undefined ? {} : { location: event.location }),
    ...(event.lastModifiedDateTime === undefined ? {} : { lastModified: event.lastModifiedDateTime }),
    ...(event.organizer?.address === undefined
      ? {}
      : {
          organizer: {
            email: event.organizer.address,
            ...(event.organizer.name ? { name: event.organizer.name } : {}),
          },
        }),
    attendeesCount: event.attendeesCount,
  };
}

function toRow(room: string, event: GraphEvent): ReservationRow | undefined {
  if (event.type === 'seriesMaster') return undefined;
  const item = graphEventAsCalendarItem(event);
  if (!item) return undefined;
  // An instance without its series (Graph always names it) is kept as a single of its own.
  const series = event.type === 'singleInstance' ? undefined : event.seriesMasterId;
  return toReservationRow(room, series === undefined ? { ...item, appointmentType: 'Single' } : item, series);
}

export function evolveGraph(snapshot: GraphRoomSnapshot): RowOp[] {
  const { room } = snapshot;
  const rows = new Map<string, ReservationRow>();
  for (const event of snapshot.events) {
    const row = toRow(room, event);
    if (row) rows.set(row.reservation_key, row);
  }
  const ops: RowOp[] = [];
  const kept = new Set(snapshot.events.map((e) => e.id));
  const removed = [...new Set(snapshot.removedIds)].filter((id) => !kept.has(id));
  if (removed.length > 0) ops.push({ op: 'deleteItems', room, ids: removed });
  if (snapshot.full) {
    const { start, end } = snapshot.window;
    const keys = [...rows.keys()];
    ops.push({ op: 'retainWindow', room, keys, start, end: snapshot.rebaseline === true ? undefined : end });
  }
  for (const row of rows.values()) ops.push({ op: 'upsert', row });
  return ops;
}
