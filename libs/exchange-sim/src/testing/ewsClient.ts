// Test helper: the real ews-javascript-api 0.15.3 client configured like the
// subscription-manager will use it (impersonation + X-AnchorMailbox), with its loose
// types kept inside this file.
import {
  Appointment,
  AppointmentSchema,
  AppointmentType,
  BasePropertySet,
  CalendarView,
  ChangeType,
  DateTime,
  EventType,
  ExchangeService,
  ExchangeVersion,
  FolderId,
  ImpersonatedUserId,
  ItemSchema,
  ConnectingIdType,
  ItemId,
  Mailbox as EwsMailbox,
  OAuthCredentials,
  PropertySet,
  ServiceError,
  ServiceResult,
  Sensitivity,
  SyncFolderItemsScope,
  Uri,
  WebCredentials,
  WellKnownFolderName,
} from 'ews-javascript-api';

export { ServiceError };

export interface EwsClientOptions {
  ewsUrl: string;
  mailbox: string;
  credentials: { user: string; password: string } | { token: string };
  /** Put the room in DistinguishedFolderId/Mailbox too (what the library does with `new Mailbox(room)`). */
  folderMailbox?: boolean;
}

export interface CalendarItemView {
  id: string;
  changeKey: string;
  subject: string;
  start: string;
  end: string;
  isAllDay: boolean;
  isCancelled: boolean;
  type: string;
  organizer: string;
  requiredAttendees: string[];
  location: string;
  sensitivity: string;
  iCalUid: string;
  timeZone: string;
  lastModified: string;
  recurrence: string | undefined;
}

/** A property the response did not carry (FindItem omits some) reads as undefined. */
function loaded<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** The fields the projector needs, read through the library's own property accessors. */
function toView(a: Appointment): CalendarItemView {
  return {
    id: a.Id.UniqueId,
    changeKey: a.Id.ChangeKey,
    subject: a.Subject,
    start: a.Start.ToISOString(),
    end: a.End.ToISOString(),
    isAllDay: a.IsAllDayEvent,
    isCancelled: a.IsCancelled,
    type: AppointmentType[a.AppointmentType],
    organizer: a.Organizer.Address,
    requiredAttendees: loaded(() => a.RequiredAttendees.GetEnumerator().map((x) => x.Address)) ?? [],
    location: a.Location,
    sensitivity: Sensitivity[a.Sensitivity],
    iCalUid: a.ICalUid,
    timeZone: a.TimeZone,
    lastModified: a.LastModifiedTime.ToISOString(),
    recurrence: loaded(() => a.Recurrence)?.constructor.name,
  };
}

/** An appointment loaded with IdOnly plus a few properties, as a client that asks for little sees it. */
export interface SlimAppointmentView {
  id: string;
  changeKey: string;
  subject: string;
  start: string;
  end: string;
  organizer: string;
  isCancelled: boolean;
  type: string;
  sensitivity: string;
  /** Not asked for: the library refuses to read it, so undefined unless the server sent it anyway. */
  location: string | undefined;
}

function slimPropertySet(): PropertySet {
  return new PropertySet(BasePropertySet.IdOnly, [
    AppointmentSchema.Start,
    AppointmentSchema.End,
    ItemSchema.Subject,
    AppointmentSchema.Organizer,
    AppointmentSchema.IsCancelled,
    AppointmentSchema.AppointmentType,
    ItemSchema.Sensitivity,
  ]);
}

function toSlimView(a: Appointment): SlimAppointmentView {
  return {
    id: a.Id.UniqueId,
    changeKey: a.Id.ChangeKey,
    subject: a.Subject,
    start: a.Start.ToISOString(),
    end: a.End.ToISOString(),
    organizer: a.Organizer.Address,
    isCancelled: a.IsCancelled,
    type: AppointmentType[a.AppointmentType],
    sensitivity: Sensitivity[a.Sensitivity],
    location: loaded(() => a.Location),
  };
}

export function createEwsClient(opts: EwsClientOptions) {
  const svc = new ExchangeService(ExchangeVersion.Exchange2013_SP1);
  svc.Url = new Uri(opts.ewsUrl);
  svc.Credentials =
    'token' in opts.credentials
      ? new OAuthCredentials(opts.credentials.token)
      : new WebCredentials(opts.credentials.user, opts.credentials.password);
  svc.ImpersonatedUserId = new ImpersonatedUserId(ConnectingIdType.SmtpAddress, opts.mailbox);
  svc.HttpHeaders.Add('X-AnchorMailbox', opts.mailbox);
  const calendar = () =>
    opts.folderMailbox
      ? new FolderId(WellKnownFolderName.Calendar, new EwsMailbox(opts.mailbox))
      : new FolderId(WellKnownFolderName.Calendar);
  return {
    service: svc,
    async subscribe(
      url: string,
      statusFrequency: number,
      watermark?: string,
    ): Promise<{ id: string; watermark: string }> {
      const s = await svc.SubscribeToPushNotifications(
        [calendar()],
        new Uri(url),
        statusFrequency,
        watermark ?? (null as unknown as string),
        EventType.Created,
        EventType.Modified,
        EventType.Deleted,
        EventType.Moved,
        EventType.Copied,
      );
      return { id: s.Id, watermark: s.Watermark };
    },
    async unsubscribe(id: string): Promise<void> {
      // Marked @internal in the typings, but it is how the library ends pull/streaming subscriptions.
      await (svc as unknown as { Unsubscribe(id: string): Promise<unknown> }).Unsubscribe(id);
    },
    async getItems(ids: readonly string[]): Promise<CalendarItemView[]> {
      const res = await svc.BindToItems(
        ids.map((i) => new ItemId(i)),
        new PropertySet(BasePropertySet.FirstClassProperties),
      );
      return res.Responses.map((r) => {
        if (r.Result !== ServiceResult.Success || !(r.Item instanceof Appointment))
          throw Object.assign(new Error(r.ErrorMessage), { errorCode: r.ErrorCode });
        return toView(r.Item);
      });
    },
    async bindAppointment(id: string): Promise<CalendarItemView> {
      return toView(await Appointment.Bind(svc, new ItemId(id)));
    },
    async syncFolderItems(syncState: string | null, max = 512) {
      const res = await svc.SyncFolderItems(
        calendar(),
        new PropertySet(BasePropertySet.FirstClassProperties),
        null as unknown as ItemId[],
        max,
        SyncFolderItemsScope.NormalItems,
        syncState as string,
      );
      return {
        syncState: res.SyncState,
        moreChanges: res.MoreChangesAvailable,
        changes: res.GetEnumerator().map((c) => ({
          type: ChangeType[c.ChangeType],
          id: c.Id.UniqueId,
          subject: c.Item instanceof Appointment ? c.Item.Subject : undefined,
        })),
      };
    },
    /** FindAppointments with PropertySet(IdOnly, Start, End, Subject, Organizer, IsCancelled, AppointmentType, Sensitivity). */
    async findSlim(start: string, end: string): Promise<SlimAppointmentView[]> {
      const view = new CalendarView(DateTime.Parse(start), DateTime.Parse(end), 100);
      view.PropertySet = slimPropertySet();
      const res = await svc.FindAppointments(calendar(), view);
      return res.Items.map(toSlimView);
    },
    /** BindToItems with the same property set. */
    async getSlim(ids: readonly string[]): Promise<SlimAppointmentView[]> {
      const res = await svc.BindToItems(
        ids.map((i) => new ItemId(i)),
        slimPropertySet(),
      );
      return res.Responses.map((r) => {
        if (r.Result !== ServiceResult.Success || !(r.Item instanceof Appointment))
          throw Object.assign(new Error(r.ErrorMessage), { errorCode: r.ErrorCode });
        return toSlimView(r.Item);
      });
    },
    async findAppointments(start: string, end: string, max = 100): Promise<CalendarItemView[]> {
      const res = await svc.FindAppointments(
        calendar(),
        new CalendarView(DateTime.Parse(start), DateTime.Parse(end), max),
      );
      return res.Items.map(toView);
    },
  };
}
