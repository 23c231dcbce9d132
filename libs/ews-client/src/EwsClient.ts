// The product's whole view of Exchange. Nothing here mentions ews-javascript-api: its types
// are loose (`any` everywhere) and stay inside this lib.
import type { EwsErrorKind } from '@rooms-sync/events';
import type { Logger } from '@rooms-sync/lifecycle';
import type { Registry } from 'prom-client';

export type EwsAuth =
  | { kind: 'basic'; username: string; password: string }
  | { kind: 'ntlm'; username: string; password: string; domain?: string }
  /** A token provider; it owns caching and refresh (called once per EWS request). */
  | { kind: 'bearer'; token: () => Promise<string> }
  | {
      kind: 'oauth-client-credentials';
      tenantId: string;
      clientId: string;
      clientSecret: string;
      authorityHost?: string;
      scope?: string;
    };

export interface EwsClientOptions {
  /** The EWS endpoint, e.g. https://mail.contoso.example/EWS/Exchange.asmx */
  url: string;
  auth: EwsAuth;
  /** Per HTTP request (the library's own Timeout setting is not implemented). Default 30 000. */
  timeoutMs?: number;
  logger: Pick<Logger, 'debug' | 'warn'>;
  registry?: Registry;
  /** Accept self-signed TLS certificates (lab Exchange servers only). Default false. */
  allowUntrustedCertificate?: boolean;
}

export interface EwsError {
  /** The EWS operation that failed: Subscribe, GetItem, SyncFolderItems, FindItem, GetRoomLists, GetRooms. */
  operation: string;
  mailbox: string;
  /** EWS ResponseCode, or 'HttpStatus<nnn>', 'Timeout', 'NetworkError', 'TokenRequestFailed', 'ClientError'. */
  code: string;
  message: string;
  kind: EwsErrorKind;
  /** ErrorServerBusy's BackOffMilliseconds (or an HTTP Retry-After), when the server sent one. */
  backOffMs?: number;
}

export type EwsResult<T> = { ok: true; value: T } | { ok: false; error: EwsError };

export type Sensitivity = 'Normal' | 'Personal' | 'Private' | 'Confidential';
export type FreeBusyStatus = 'Free' | 'Tentative' | 'Busy' | 'OOF' | 'WorkingElsewhere' | 'NoData';
export type AppointmentType = 'Single' | 'Occurrence' | 'Exception' | 'RecurringMaster';

export interface CalendarItem {
  id: string;
  changeKey: string;
  subject: string;
  /** ISO 8601 UTC. */
  start: string;
  end: string;
  /**
   * Windows time zone id of the start (StartTimeZone, e.g. "W. Europe Standard Time"); when the
   * server's StartTimeZone definition cannot be read, the legacy TimeZone display name instead.
   */
  timeZone?: string;
  isAllDay: boolean;
  organizer?: { name?: string; email?: string };
  /** Required + optional attendees + resources. */
  attendeesCount: number;
  location?: string;
  sensitivity: Sensitivity;
  isCancelled: boolean;
  freeBusyStatus?: FreeBusyStatus;
  appointmentType: AppointmentType;
  /** Not an EWS property: set only where this lib can resolve it (see README). */
  recurringMasterId?: string;
  /** ISO UTC; occurrences and exceptions only. */
  originalStart?: string;
  iCalUid?: string;
  /** ISO UTC. */
  lastModified?: string;
}

export type SyncChange =
  { type: 'create' | 'update'; itemId: string; changeKey?: string } | { type: 'delete'; itemId: string };

export interface SyncPage {
  syncState: string;
  includesLastItem: boolean;
  changes: SyncChange[];
}

export type PushEventType = 'Created' | 'Modified' | 'Deleted' | 'Moved' | 'Copied' | 'NewMail' | 'FreeBusyChanged';

export interface SubscribePushRequest {
  /** SMTP address of the room mailbox; the call impersonates it. */
  mailbox: string;
  callbackUrl: string;
  /** 1–1440 minutes. */
  statusFrequencyMinutes: number;
  /** Resume after this watermark; omit for a fresh subscription. */
  watermark?: string | undefined;
  /** Default: Created, Modified, Deleted, Moved, Copied. */
  eventTypes?: PushEventType[];
}

/** An entry of the organization's address book: a room list or a room. */
export interface DirectoryEntry {
  /** SMTP address. */
  address: string;
  /** Display name; the address when Exchange gave none. */
  name: string;
}

export interface EwsClient {
  subscribePush(req: SubscribePushRequest): Promise<EwsResult<{ subscriptionId: string; watermark: string }>>;
  /** Ids Exchange reports as ErrorItemNotFound come back in `missing`; any other per-item error fails the call. */
  getCalendarItems(
    mailbox: string,
    itemIds: string[],
  ): Promise<EwsResult<{ items: CalendarItem[]; missing: string[] }>>;
  /** SyncFolderItems on the calendar (ids and change keys only). `syncState` undefined = from the beginning. */
  syncCalendar(mailbox: string, syncState: string | undefined, maxChanges?: number): Promise<EwsResult<SyncPage>>;
  /** CalendarView: occurrences expanded, exceptions applied, masters not returned. */
  findCalendarView(mailbox: string, start: Date, end: Date, maxEntries?: number): Promise<EwsResult<CalendarItem[]>>;
  /** GetRoomLists: the organization's room lists, in the account's own context (no impersonation). */
  getRoomLists(): Promise<EwsResult<DirectoryEntry[]>>;
  /** GetRooms: the rooms of one room list (an unknown list fails, ErrorNameResolutionNoResults). */
  getRooms(roomList: string): Promise<EwsResult<DirectoryEntry[]>>;
}
