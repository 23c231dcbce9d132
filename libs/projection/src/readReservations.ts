// The read side: reservations of a room overlapping a time range, for ROOMS and for people.
import type { Knex } from '@rooms-sync/db';
import type { ReservationRow } from './rowOps.ts';

export interface ReservationView {
  key: string;
  itemId: string;
  seriesId: string | null;
  occurrenceStart: string | null;
  appointmentType: string;
  iCalUid: string | null;
  /** null for Private/Confidential meetings (see `sensitivity`). */
  subject: string | null;
  sensitivity: string;
  organizer: { name: string | null; email: string | null };
  start: string;
  end: string;
  timeZone: string | null;
  isAllDay: boolean;
  location: string | null;
  attendeesCount: number;
  status: string;
  changeKey: string;
  lastModified: string | null;
  deletedAt: string | null;
  version: number;
  updatedAt: string;
}

export interface ReservationQuery {
  room: string;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Also soft-deleted and cancelled rows. */
  includeCancelled?: boolean;
  limit?: number;
}

/** A stored row as the read API selects it: what the projection writes, plus its bookkeeping. */
type Row = Omit<ReservationRow, 'owner_id'> & { deleted_at: Date | null; version: string; updated_at: Date };

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export async function readReservations(db: Knex, q: ReservationQuery): Promise<ReservationView[]> {
  const query = db<Row>('reservations').where({ room_mailbox: q.room.toLowerCase() });
  if (q.from) query.where('end_utc', '>', q.from);
  if (q.to) query.where('start_utc', '<', q.to);
  if (q.includeCancelled !== true) query.whereNull('deleted_at').whereNot('status', 'cancelled');
  const rows: Row[] = await query
    .orderBy([{ column: 'start_utc' }, { column: 'reservation_key' }])
    .limit(q.limit ?? 5000)
    .select('*');
  return rows.map((r) => ({
    key: r.reservation_key,
    itemId: r.item_id,
    seriesId: r.series_id,
    occurrenceStart: iso(r.occurrence_start),
    appointmentType: r.appointment_type,
    iCalUid: r.ical_uid,
    subject: r.subject,
    sensitivity: r.sensitivity,
    organizer: { name: r.organizer_name, email: r.organizer_email },
    start: r.start_utc.toISOString(),
    end: r.end_utc.toISOString(),
    timeZone: r.time_zone,
    isAllDay: r.is_all_day,
    location: r.location,
    attendeesCount: r.attendees_count,
    status: r.status,
    changeKey: r.change_key,
    lastModified: iso(r.last_modified),
    deletedAt: iso(r.deleted_at),
    version: Number(r.version),
    updatedAt: r.updated_at.toISOString(),
  }));
}
