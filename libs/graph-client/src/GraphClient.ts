// The product's whole view of Microsoft Graph: subscriptions on a room's events, the calendar
// delta and the room lists. Nothing here mentions the Graph SDK; its loose types stay inside this lib.
import type { GraphErrorKind } from '@rooms-sync/events';

export interface GraphFailure {
  /** The operation that failed: CreateSubscription, RenewSubscription, CalendarDelta, … */
  operation: string;
  mailbox: string;
  /** HTTP status; undefined when Graph was not reached. */
  status?: number | undefined;
  /** Graph's error code (e.g. ResourceNotFound, MailboxNotEnabledForRESTAPI), or Timeout, NetworkError, TokenRequestFailed. */
  code: string;
  message: string;
  kind: GraphErrorKind;
  /** Retry-After of a 429 or 503, in milliseconds. */
  retryAfterMs?: number | undefined;
}

export type GraphResult<T> = { ok: true; value: T } | { ok: false; error: GraphFailure };

export interface GraphSubscription {
  id: string;
  resource: string;
  /** ISO 8601 UTC, as Graph granted it (it may raise a short expiry to its minimum). */
  expirationDateTime: string;
}

export interface CreateSubscriptionRequest {
  mailbox: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  /** Sent back in every notification; the ingress checks it. Never logged. */
  clientState: string;
  /** Asked-for lifetime; capped at what Graph last accepted. */
  expiresInMinutes: number;
}

export interface DateTimeTimeZone {
  /** Local time in `timeZone`, without offset (Graph's format). */
  dateTime: string;
  timeZone: string;
}

export type GraphEventType = 'singleInstance' | 'occurrence' | 'exception' | 'seriesMaster';

/** The fields of a Graph event the read model uses. */
export interface GraphEvent {
  id: string;
  subject: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  isAllDay: boolean;
  isCancelled: boolean;
  sensitivity: 'normal' | 'personal' | 'private' | 'confidential';
  showAs?: string | undefined;
  type: GraphEventType;
  seriesMasterId?: string | undefined;
  /** The original start of an occurrence or exception, ISO 8601 UTC. */
  originalStart?: string | undefined;
  originalStartTimeZone?: string | undefined;
  organizer?: { name?: string | undefined; address?: string | undefined } | undefined;
  attendeesCount: number;
  location?: string | undefined;
  iCalUId?: string | undefined;
  lastModifiedDateTime?: string | undefined;
  /** Graph's version of the event; changes with every change, also when lastModifiedDateTime does not move. */
  changeKey?: string | undefined;
}

/** Where a delta round starts: a new window (a full sync) or the link the last round ended with. */
export type DeltaFrom = { window: { start: string; end: string } } | { link: string };

export interface DeltaPage {
  events: GraphEvent[];
  /** Ids Graph reported as `@removed` (deleted, or moved out of the window). */
  removedIds: string[];
  /** More pages of this round follow. */
  nextLink?: string | undefined;
  /** The round is complete: the link to resume from next time. */
  deltaLink?: string | undefined;
}

/** A place of the tenant's directory: a room list or a room. */
export interface PlaceEntry {
  /** SMTP address (the place's emailAddress). */
  address: string;
  /** Display name; the address when Graph gave none. */
  name: string;
}

export interface GraphClient {
  createSubscription(request: CreateSubscriptionRequest): Promise<GraphResult<GraphSubscription>>;
  renewSubscription(mailbox: string, id: string, expiresInMinutes: number): Promise<GraphResult<GraphSubscription>>;
  deleteSubscription(mailbox: string, id: string): Promise<GraphResult<void>>;
  reauthorizeSubscription(mailbox: string, id: string): Promise<GraphResult<void>>;
  /** Whether Graph still has the subscription (a not_found failure when it does not), and its expiry. */
  getSubscription(mailbox: string, id: string): Promise<GraphResult<GraphSubscription>>;
  calendarDelta(mailbox: string, from: DeltaFrom): Promise<GraphResult<DeltaPage>>;
  /** undefined when the event no longer exists. */
  getEvent(mailbox: string, id: string): Promise<GraphResult<GraphEvent | undefined>>;
  /** The tenant's room lists, every page (places API; the app needs Place.Read.All). */
  listRoomLists(): Promise<GraphResult<PlaceEntry[]>>;
  /** The rooms of one room list, every page; an unknown list is a not_found failure. */
  listRooms(roomList: string): Promise<GraphResult<PlaceEntry[]>>;
}
