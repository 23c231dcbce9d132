// Appointment (ews-javascript-api) → CalendarItem (ours), plus the property set that loads
// every field it reads. Reading a property that the response did not carry throws in the
// library, so each read is guarded and absent fields stay undefined.
import {
  Appointment,
  AppointmentSchema,
  AppointmentType as EwsAppointmentType,
  BasePropertySet,
  ItemSchema,
  LegacyFreeBusyStatus,
  PropertySet,
  Sensitivity as EwsSensitivity,
} from 'ews-javascript-api';
import type { DateTime, Item } from 'ews-javascript-api';
import type { AppointmentType, CalendarItem, FreeBusyStatus, Sensitivity } from './EwsClient.ts';

// FirstClassProperties (BaseShape AllProperties) plus the explicit list, not IdOnly plus the
// list: the exchange simulator ignores AdditionalProperties and answers IdOnly with ids alone.
// Real Exchange honours both; IdOnly would spare it sending the Body. Switch once the simulator
// reads AdditionalProperties.
const BASE_SHAPE = BasePropertySet.FirstClassProperties;

export function calendarPropertySet(): PropertySet {
  return new PropertySet(BASE_SHAPE, [
    ItemSchema.Subject,
    ItemSchema.Sensitivity,
    ItemSchema.LastModifiedTime,
    AppointmentSchema.Start,
    AppointmentSchema.End,
    AppointmentSchema.OriginalStart,
    AppointmentSchema.StartTimeZone,
    AppointmentSchema.TimeZone,
    AppointmentSchema.IsAllDayEvent,
    AppointmentSchema.Organizer,
    AppointmentSchema.RequiredAttendees,
    AppointmentSchema.OptionalAttendees,
    AppointmentSchema.Resources,
    AppointmentSchema.Location,
    AppointmentSchema.IsCancelled,
    AppointmentSchema.LegacyFreeBusyStatus,
    AppointmentSchema.AppointmentType,
    AppointmentSchema.ICalUid,
  ]);
}

const SENSITIVITIES: readonly Sensitivity[] = ['Normal', 'Personal', 'Private', 'Confidential'];
const FREE_BUSY: readonly FreeBusyStatus[] = ['Free', 'Tentative', 'Busy', 'OOF', 'WorkingElsewhere', 'NoData'];
const APPOINTMENT_TYPES: readonly AppointmentType[] = ['Single', 'Occurrence', 'Exception', 'RecurringMaster'];

function read<T>(get: () => T): T | undefined {
  try {
    const value = get();
    return value ?? undefined;
  } catch {
    return undefined;
  }
}

function pick<T extends string>(allowed: readonly T[], name: string | undefined): T | undefined {
  return allowed.find((a) => a === name);
}

function iso(dt: DateTime | undefined): string | undefined {
  if (dt === undefined) return undefined;
  const ms = dt.valueOf();
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

function nonEmpty(s: string | undefined): string | undefined {
  return s === undefined || s === '' ? undefined : s;
}

/** Undefined when the item is not a usable appointment (another item class, no id, no start/end). */
export function toCalendarItem(item: Item): CalendarItem | undefined {
  if (!(item instanceof Appointment)) return undefined;
  const appt = item;
  const id = read(() => appt.Id.UniqueId);
  const start = iso(read(() => appt.Start));
  const end = iso(read(() => appt.End));
  if (id === undefined || start === undefined || end === undefined) return undefined;
  const appointmentType =
    pick(
      APPOINTMENT_TYPES,
      read(() => EwsAppointmentType[appt.AppointmentType]),
    ) ?? 'Single';
  const organizerName = nonEmpty(read(() => appt.Organizer.Name));
  const organizerEmail = nonEmpty(read(() => appt.Organizer.Address));
  const freeBusyStatus = pick(
    FREE_BUSY,
    read(() => LegacyFreeBusyStatus[appt.LegacyFreeBusyStatus]),
  );
  const timeZone = nonEmpty(read(() => appt.StartTimeZone.Id)) ?? nonEmpty(read(() => appt.TimeZone));
  const location = nonEmpty(read(() => appt.Location));
  const originalStart =
    appointmentType === 'Occurrence' || appointmentType === 'Exception'
      ? iso(read(() => appt.OriginalStart))
      : undefined;
  const iCalUid = nonEmpty(read(() => appt.ICalUid));
  const lastModified = iso(read(() => appt.LastModifiedTime));
  const count = (get: () => number): number => read(get) ?? 0;
  return {
    id,
    changeKey: read(() => appt.Id.ChangeKey) ?? '',
    subject: read(() => appt.Subject) ?? '',
    start,
    end,
    isAllDay: read(() => appt.IsAllDayEvent) ?? false,
    attendeesCount:
      count(() => appt.RequiredAttendees.Count) +
      count(() => appt.OptionalAttendees.Count) +
      count(() => appt.Resources.Count),
    sensitivity:
      pick(
        SENSITIVITIES,
        read(() => EwsSensitivity[appt.Sensitivity]),
      ) ?? 'Normal',
    isCancelled: read(() => appt.IsCancelled) ?? false,
    appointmentType,
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(organizerName === undefined && organizerEmail === undefined
      ? {}
      : {
          organizer: {
            ...(organizerName === undefined ? {} : { name: organizerName }),
            ...(organizerEmail === undefined ? {} : { email: organizerEmail }),
          },
        }),
    ...(location === undefined ? {} : { location }),
    ...(freeBusyStatus === undefined ? {} : { freeBusyStatus }),
    ...(originalStart === undefined ? {} : { originalStart }),
    ...(iCalUid === undefined ? {} : { iCalUid }),
    ...(lastModified === undefined ? {} : { lastModified }),
  };
}
