// What the projector needs from Exchange. libs/ews-client's `createEwsClient` satisfies this
// structurally; the projector depends on this port only, so tests use a fake and the real
// client can change its internals freely.
import type { CalendarItem, EwsResult, SyncPage } from '@rooms-sync/ews-client';

export interface CalendarSource {
  getCalendarItems(
    mailbox: string,
    ids: readonly string[],
  ): Promise<EwsResult<{ items: CalendarItem[]; missing: string[] }>>;
  syncCalendar(mailbox: string, syncState?: string, maxChanges?: number): Promise<EwsResult<SyncPage>>;
  /** Occurrences expanded; [start, end) as Dates. */
  findCalendarView(mailbox: string, start: Date, end: Date): Promise<EwsResult<CalendarItem[]>>;
}
