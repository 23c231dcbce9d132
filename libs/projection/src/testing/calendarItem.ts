// Builders for CalendarItem values in tests.
import type { CalendarItem } from '@rooms-sync/ews-client';

let counter = 0;

export function calendarItem(overrides: Partial<CalendarItem> = {}): CalendarItem {
  counter += 1;
  return {
    id: `item-${counter}`,
    changeKey: `ck-${counter}`,
    subject: 'Weekly sync',
    start: '2026-12-01T09:00:00.000Z',
    end: '2026-12-01T10:00:00.000Z',
    timeZone: 'W. Europe Standard Time',
    isAllDay: false,
    organizer: { name: 'Ada Lovelace', email: 'Ada@contoso.example' },
    attendeesCount: 3,
    location: 'Room 101',
    sensitivity: 'Normal',
    isCancelled: false,
    freeBusyStatus: 'Busy',
    appointmentType: 'Single',
    iCalUid: `uid-${counter}`,
    lastModified: '2026-11-25T08:00:00.000Z',
    ...overrides,
  };
}

/** Occurrences of a daily master, one per day from its start (non-exceptions). */
export function occurrencesOf(master: CalendarItem, count: number): CalendarItem[] {
  const day = 86_400_000;
  const start = Date.parse(master.start);
  const duration = Date.parse(master.end) - start;
  return Array.from({ length: count }, (_, i) => {
    const s = new Date(start + i * day).toISOString();
    return {
      ...master,
      id: `${master.id}#${i}`,
      appointmentType: 'Occurrence' as const,
      recurringMasterId: master.id,
      originalStart: s,
      start: s,
      end: new Date(start + i * day + duration).toISOString(),
    };
  });
}
