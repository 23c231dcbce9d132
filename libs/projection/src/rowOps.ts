// What the pure projection produces and the store applies: row upserts and soft deletes,
// expressed per owner (the item whose change decides a set of rows).

export type ReservationStatus = 'confirmed' | 'tentative' | 'cancelled';

export interface ReservationRow {
  room_mailbox: string;
  reservation_key: string;
  item_id: string;
  owner_id: string;
  series_id: string | null;
  occurrence_start: Date | null;
  appointment_type: string;
  ical_uid: string | null;
  subject: string | null;
  sensitivity: string;
  organizer_name: string | null;
  organizer_email: string | null;
  start_utc: Date;
  end_utc: Date;
  time_zone: string | null;
  is_all_day: boolean;
  location: string | null;
  attendees_count: number;
  status: ReservationStatus;
  change_key: string;
  last_modified: Date | null;
}

export type RowOp =
  /** Insert, or update when the stored row is older (change key / last-modified guard). */
  | { op: 'upsert'; row: ReservationRow }
  /** Soft-delete the owner's live rows whose key is not listed (ending after `endsAfter`, if set). */
  | { op: 'retainKeys'; room: string; owner: string; keys: string[]; endsAfter?: Date | undefined }
  /** Soft-delete every live row of the owner (the item was deleted in Exchange). */
  | { op: 'deleteOwner'; room: string; owner: string }
  /** Full sync: soft-delete the room's live rows whose owner is not listed. */
  | { op: 'retainOwners'; room: string; owners: string[] }
  /** Soft-delete the live rows whose item is one of these (Graph's `@removed`). */
  | { op: 'deleteItems'; room: string; ids: string[] }
  /**
   * Full round over a window: soft-delete the room's live rows starting inside [start, end)
   * whose key is not listed. Rows outside the window (history, far future) stay; without `end`,
   * everything from `start` on is replaced.
   */
  | { op: 'retainWindow'; room: string; keys: string[]; start: Date; end?: Date | undefined };
