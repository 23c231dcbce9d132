// Per-occurrence edits of a recurring series: an occurrence becomes an exception or is
// deleted, and either way the master is what changes (and what subscribers hear about).
import type { Clock } from './clock.ts';
import type { CalendarItem, ItemFields, Mailbox, MailboxEventKind } from './model.ts';
import { isSeriesStart } from './recurrence.ts';
import { SimError } from './SimError.ts';

/** The store's internals the edits need; they stay private to the store. */
export interface EditDeps {
  mustGet(address: string): Mailbox;
  mustItem(mb: Mailbox, id: string): CalendarItem;
  touch(item: CalendarItem): void;
  record(mb: Mailbox, kind: MailboxEventKind, item: CalendarItem): void;
  clock: Clock;
}

export function occurrenceEdits(d: EditDeps) {
  const master = (address: string, id: string, originalStart: number) => {
    const mb = d.mustGet(address);
    const item = d.mustItem(mb, id);
    if (!item.recurrence || !isSeriesStart(item, originalStart) || item.deletedOccurrences.has(originalStart)) {
      throw new SimError('NotFound', `no occurrence at ${new Date(originalStart).toISOString()}`, {
        mailbox: mb.address,
        itemId: id,
      });
    }
    return { mb, item };
  };
  return {
    /** Makes one occurrence an exception (moved time, other subject…); the master is Modified. */
    modifyOccurrence(address: string, id: string, originalStart: number, fields: Partial<ItemFields>): CalendarItem {
      const { mb, item } = master(address, id, originalStart);
      const prev = item.exceptions.get(originalStart)?.fields ?? {};
      const merged = { ...prev, ...fields };
      const start = merged.start ?? originalStart;
      const end = merged.end ?? originalStart + (item.end - item.start);
      if (end <= start) throw new SimError('Invalid', 'end must be after start', { mailbox: mb.address, itemId: id });
      d.touch(item);
      item.exceptions.set(originalStart, { changeKey: item.changeKey, lastModified: d.clock.now(), fields: merged });
      d.record(mb, 'Modified', item);
      return item;
    },
    /** Deletes one occurrence; the master is Modified (its DeletedOccurrences grows). */
    deleteOccurrence(address: string, id: string, originalStart: number): CalendarItem {
      const { mb, item } = master(address, id, originalStart);
      item.exceptions.delete(originalStart);
      item.deletedOccurrences.add(originalStart);
      d.touch(item);
      d.record(mb, 'Modified', item);
      return item;
    },
  };
}
