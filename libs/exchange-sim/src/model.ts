// The simulator's in-memory mailbox model. Times are epoch milliseconds (UTC).
import type { EwsId } from '@rooms-sync/events';

export const SENSITIVITIES = ['Normal', 'Personal', 'Private', 'Confidential'] as const;
export type Sensitivity = (typeof SENSITIVITIES)[number];
export const DAYS_OF_WEEK = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type DayOfWeek = (typeof DAYS_OF_WEEK)[number];

export interface Person {
  address: string;
  name?: string;
}

export interface Attendee extends Person {
  response?: 'Unknown' | 'Organizer' | 'Tentative' | 'Accept' | 'Decline' | 'NoResponseReceived';
}

export interface Recurrence {
  pattern: 'daily' | 'weekly';
  interval: number;
  /** Weekly only; defaults to the weekday of the series start. */
  daysOfWeek?: DayOfWeek[];
  /** Exactly one of these ends the series; neither = no end (expansion is capped). */
  numberOfOccurrences?: number;
  /** Inclusive last date, YYYY-MM-DD. */
  endDate?: string;
}

/** The fields a booking sets; everything an edit can change. */
export interface ItemFields {
  subject: string;
  start: number;
  end: number;
  /** Windows time zone id (e.g. "W. Europe Standard Time"); times stay UTC. */
  timeZone: string;
  isAllDay: boolean;
  organizer: Person;
  requiredAttendees: Attendee[];
  optionalAttendees: Attendee[];
  location: string;
  sensitivity: Sensitivity;
  body?: string;
}

export interface OccurrenceException {
  changeKey: string;
  lastModified: number;
  /** Overridden fields (start/end moved, subject…). */
  fields: Partial<ItemFields>;
}

export interface CalendarItem extends ItemFields {
  id: string;
  changeKey: string;
  parentFolderId: string;
  iCalUid: string;
  created: number;
  lastModified: number;
  isCancelled: boolean;
  /** AppointmentSequenceNumber: bumped on organizer-visible changes. */
  sequence: number;
  recurrence?: Recurrence;
  /** Keyed by the occurrence's original start (ms). */
  exceptions: Map<number, OccurrenceException>;
  deletedOccurrences: Set<number>;
}

export type MailboxEventKind = 'Created' | 'Modified' | 'Deleted' | 'Moved' | 'Copied';

export interface MailboxEvent {
  seq: number;
  watermark: string;
  kind: MailboxEventKind;
  timestamp: number;
  itemId: EwsId;
  parentFolderId: EwsId;
  oldItemId?: EwsId;
  oldParentFolderId?: EwsId;
}

export interface Folder {
  id: string;
  changeKey: string;
  distinguishedId: 'calendar' | 'deleteditems';
  displayName: string;
}

/** Where the mailbox lives: on-premises (EWS answers, Graph refuses) or in Exchange Online (Graph answers, EWS is blocked). */
export const MAILBOX_KINDS = ['onprem', 'online'] as const;
export type MailboxKind = (typeof MAILBOX_KINDS)[number];

export interface Mailbox {
  address: string;
  displayName: string;
  kind: MailboxKind;
  calendar: Folder;
  deletedItems: Folder;
  /** Every item, in the calendar or in Deleted Items (by parentFolderId). */
  items: Map<string, CalendarItem>;
  /** Ascending by seq; trimmed from the front by retention. */
  events: MailboxEvent[];
  /** seq of the newest event (0 = none yet); the expireWatermarks fault also moves it on. */
  headSeq: number;
  /** seq of the newest event dropped by retention or expired by the fault (watermarks older than this are invalid). */
  trimmedThrough: number;
}
