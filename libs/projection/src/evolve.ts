// The pure half of the projection: what Exchange says about a room (sync changes plus the
// items and occurrences fetched for them) → row operations. No database, no clock.
import type { CalendarItem } from '@rooms-sync/ews-client';
import type { ReservationRow, ReservationStatus, RowOp } from './rowOps.ts';

export interface RoomSnapshot {
  /** EWS (a Graph round is a GraphRoomSnapshot, evolveGraph.ts). */
  source?: 'ews';
  room: string;
  /** Full sync: the items are the whole calendar, so anything else the room has is gone. */
  full: boolean;
  /** Items Exchange reported deleted (or that vanished between SyncFolderItems and GetItem). */
  deletedIds: readonly string[];
  /** Singles and recurring masters, as GetItem returned them. */
  items: readonly CalendarItem[];
  /** Occurrences and exceptions from CalendarView over `window`, any master. */
  occurrences: readonly CalendarItem[];
  window: { start: Date; end: Date };
}

const HIDDEN_SENSITIVITIES = new Set(['Private', 'Confidential']);

function reservationStatus(item: CalendarItem): ReservationStatus {
  if (item.isCancelled) return 'cancelled';
  return item.freeBusyStatus === 'Tentative' ? 'tentative' : 'confirmed';
}

export function occurrenceKey(seriesId: string, originalStart: string): string {
  return `${seriesId}|${new Date(originalStart).toISOString()}`;
}

export function toReservationRow(room: string, item: CalendarItem, seriesId?: string): ReservationRow {
  const isOccurrence = seriesId !== undefined;
  const originalStart = isOccurrence ? (item.originalStart ?? item.start) : undefined;
  return {
    room_mailbox: room,
    reservation_key:
      originalStart === undefined || seriesId === undefined ? item.id : occurrenceKey(seriesId, originalStart),
    item_id: item.id,
    owner_id: seriesId ?? item.id,
    series_id: seriesId ?? null,
    occurrence_start: originalStart === undefined ? null : new Date(originalStart),
    appointment_type: item.appointmentType,
    ical_uid: item.iCalUid ?? null,
    subject: HIDDEN_SENSITIVITIES.has(item.sensitivity) ? null : item.subject,
    sensitivity: item.sensitivity,
    organizer_name: item.organizer?.name ?? null,
    organizer_email: item.organizer?.email?.toLowerCase() ?? null,
    start_utc: new Date(item.start),
    end_utc: new Date(item.end),
    time_zone: item.timeZone ?? null,
    is_all_day: item.isAllDay,
    location: item.location ?? null,
    attendees_count: item.attendeesCount,
    status: reservationStatus(item),
    change_key: item.changeKey,
    last_modified: item.lastModified === undefined ? null : new Date(item.lastModified),
  };
}

/** Which master an occurrence belongs to: its RecurringMasterId, else the master with its UID. */
function seriesOf(occurrence: CalendarItem, masters: readonly CalendarItem[]): string | undefined {
  if (occurrence.recurringMasterId !== undefined) return occurrence.recurringMasterId;
  return masters.find((m) => m.iCalUid !== undefined && m.iCalUid === occurrence.iCalUid)?.id;
}

export function evolve(snapshot: RoomSnapshot): RowOp[] {
  const { room } = snapshot;
  const ops: RowOp[] = [];
  const upserts = new Map<string, ReservationRow>();
  const owners = new Set<string>();
  const masters = snapshot.items.filter((i) => i.appointmentType === 'RecurringMaster');
  const changed = new Set(snapshot.items.map((i) => i.id));

  for (const id of new Set(snapshot.deletedIds)) {
    if (!changed.has(id)) ops.push({ op: 'deleteOwner', room, owner: id });
  }
  for (const item of snapshot.items) {
    if (item.appointmentType === 'RecurringMaster') continue;
    // A lone occurrence/exception (GetItem on an instance id) belongs to its series.
    const series = item.appointmentType === 'Single' ? undefined : seriesOf(item, masters);
    const row = toReservationRow(room, item, series);
    upserts.set(row.reservation_key, row);
    owners.add(row.owner_id);
    if (series === undefined) ops.push({ op: 'retainKeys', room, owner: item.id, keys: [row.reservation_key] });
  }
  for (const master of masters) {
    owners.add(master.id);
    const keys: string[] = [];
    for (const occ of snapshot.occurrences) {
      if (seriesOf(occ, masters) !== master.id) continue;
      const row = toReservationRow(room, occ, master.id);
      upserts.set(row.reservation_key, row);
      keys.push(row.reservation_key);
    }
    // Past the window's start only: older occurrences are history CalendarView no longer returns.
    ops.push({ op: 'retainKeys', room, owner: master.id, keys, endsAfter: snapshot.window.start });
  }
  if (snapshot.full) ops.push({ op: 'retainOwners', room, owners: [...owners] });
  for (const row of upserts.values()) ops.push({ op: 'upsert', row });
  return ops;
}
