// What the projector needs from Exchange. libs/ews-client's `createEwsClient` satisfies this
// structurally; the projector depends on this port only, so tests use a fake and the real
// client can change its internals freely.

export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type AppointmentType = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export interface CalendarItem {
  id: string;
  changeKey: string;
  subject: string;
  /** ISO 8601, UTC. */
  start: string;
  end: string;
  timeZone?: string | undefined;
  isAllDay: boolean;
  organizer?: { name?: string | undefined; email?: string | undefined } | undefined;
  attendeesCount: number;
  location?: string | undefined;
  sensitivity: Sensitivity;
  isCancelled: boolean;
  freeBusyStatus?: string | undefined;
  appointmentType: AppointmentType;
  recurringMasterId?: string | undefined;
  originalStart?: string | undefined;
  iCalUid?: string | undefined;
  lastModified?: string | undefined;
}

export type EwsErrorKind = 'throttled' | 'transient' | 'permanent' | 'invalid_watermark' | 'invalid_sync_state' | 'unauthorized';

export interface EwsError {
  operation: string;
  mailbox: string;
  code: string;
  message: string;
  kind: EwsErrorKind;
  backOffMs?: number | undefined;
}

export type EwsResult<T> = { ok: true; value: T } | { ok: false; error: EwsError };

export type SyncChange =
  | { type: 'create' | 'update'; itemId: string; changeKey?: string | undefined }
  | { type: 'delete'; itemId: string };

export interface SyncPage {
  syncState: string;
  includesLastItem: boolean;
  changes: SyncChange[];
}

export interface CalendarSource {
  getCalendarItems(mailbox: string, ids: readonly string[]): Promise<EwsResult<{ items: CalendarItem[]; missing: string[] }>>;
  syncCalendar(mailbox: string, syncState?: string, maxChanges?: number): Promise<EwsResult<SyncPage>>;
  /** Occurrences expanded; [start, end) as Dates. */
  findCalendarView(mailbox: string, start: Date, end: Date): Promise<EwsResult<CalendarItem[]>>;
}
