// FindItem with a CalendarView (Exchange expands the series: occurrences and exceptions, no
// masters), then GetItem for the full fields: FindItem cannot return attendee collections.
import { CalendarView, DateTime, DateTimeKind, FolderId, Mailbox, WellKnownFolderName } from 'ews-javascript-api';
import { xmlEscape } from '@rooms-sync/ews';
import type { Logger } from '@rooms-sync/lifecycle';
import type { RunEws } from '../RunEws.ts';
import type { CalendarItem, EwsResult } from '../EwsClient.ts';
import { getCalendarItems } from './getCalendarItems.ts';

const DEFAULT_MAX_ENTRIES = 1000;

export async function findCalendarView(
  run: RunEws,
  mailbox: string,
  start: Date,
  end: Date,
  maxEntries = DEFAULT_MAX_ENTRIES,
  logger: Pick<Logger, 'debug'>,
): Promise<EwsResult<CalendarItem[]>> {
  const found = await run('FindItem', mailbox, async (service) => {
    const view = new CalendarView(
      new DateTime(start.getTime(), DateTimeKind.Utc),
      new DateTime(end.getTime(), DateTimeKind.Utc),
      Math.max(1, Math.trunc(maxEntries)),
    );
    const folder = new FolderId(WellKnownFolderName.Calendar, new Mailbox(xmlEscape(mailbox)));
    const results = await service.FindAppointments(folder, view);
    if (results.MoreAvailable) logger.debug({ mailbox, maxEntries }, 'calendar view truncated at maxEntries');
    return results.Items.map((appointment) => appointment.Id.UniqueId);
  });
  if (!found.ok) return found;
  if (found.value.length === 0) return { ok: true, value: [] };
  const loaded = await getCalendarItems(run, mailbox, found.value, logger);
  if (!loaded.ok) return loaded;
  // Keep FindItem's order (by start); an item deleted between the two calls is simply dropped.
  const byId = new Map(loaded.value.items.map((item) => [item.id, item]));
  return { ok: true, value: found.value.flatMap((id) => byId.get(id) ?? []) };
}
