// In-memory room mailboxes: calendar items whose change key changes on every edit, and a
// per-mailbox event log with watermarks that subscriptions read from.
import { randomUUID } from 'node:crypto';
import type { Clock } from './clock.ts';
import { encodeWatermark, newChangeKey, newFolderId, newItemId } from './ids.ts';
import type {
  CalendarItem,
  ItemFields,
  Mailbox,
  MailboxEvent,
  MailboxEventKind,
  MailboxKind,
  Recurrence,
} from './model.ts';
import { occurrenceEdits } from './occurrenceEdits.ts';
import { pickFields } from './recurrence.ts';
import { createRoomLists } from './roomLists.ts';
import { SimError } from './SimError.ts';

export interface BookingInput extends Partial<Omit<ItemFields, 'start' | 'end' | 'organizer'>> {
  subject: string;
  start: number;
  end: number;
  organizer: ItemFields['organizer'];
  recurrence?: Recurrence;
  iCalUid?: string;
}

export type ItemPatch = Partial<ItemFields> & { recurrence?: Recurrence | null };
export type CancelMode = 'move' | 'delete' | 'keep';
export type EventListener = (mailbox: Mailbox, event: MailboxEvent) => void;

export interface MailboxStoreOptions {
  clock: Clock;
  /** Event history kept per mailbox (Exchange on-prem default: 7 days). */
  eventRetentionMs?: number;
}

export type MailboxStore = ReturnType<typeof createMailboxStore>;

export function createMailboxStore(options: MailboxStoreOptions) {
  const { clock } = options;
  const retention = options.eventRetentionMs ?? 7 * 86_400_000;
  const mailboxes = new Map<string, Mailbox>();
  const listeners = new Set<EventListener>();

  function mustGet(address: string): Mailbox {
    const mb = mailboxes.get(address.toLowerCase());
    if (!mb) throw new SimError('NotFound', `no mailbox ${address}`, { mailbox: address });
    return mb;
  }

  function mustItem(mb: Mailbox, id: string, inCalendar = true): CalendarItem {
    const item = mb.items.get(id);
    if (!item || (inCalendar && item.parentFolderId !== mb.calendar.id)) {
      throw new SimError('NotFound', `no item ${id} in ${mb.address}`, { mailbox: mb.address, itemId: id });
    }
    return item;
  }

  function record(
    mb: Mailbox,
    kind: MailboxEventKind,
    item: CalendarItem,
    old?: { id: string; changeKey: string; parentFolderId: string },
  ): void {
    const now = clock.now();
    const seq = ++mb.headSeq;
    const folderCk = (fid: string) => (fid === mb.calendar.id ? mb.calendar.changeKey : mb.deletedItems.changeKey);
    const event: MailboxEvent = {
      seq,
      watermark: encodeWatermark(mb.address, seq),
      kind,
      timestamp: now,
      itemId: { id: item.id, changeKey: item.changeKey },
      parentFolderId: { id: item.parentFolderId, changeKey: folderCk(item.parentFolderId) },
      ...(old
        ? {
            oldItemId: { id: old.id, changeKey: old.changeKey },
            oldParentFolderId: { id: old.parentFolderId, changeKey: folderCk(old.parentFolderId) },
          }
        : {}),
    };
    mb.events.push(event);
    while (mb.events.length > 0 && (mb.events[0]?.timestamp ?? now) < now - retention) {
      mb.trimmedThrough = mb.events.shift()?.seq ?? mb.trimmedThrough;
    }
    for (const l of listeners) l(mb, event);
  }

  function validateTimes(f: { start: number; end: number }, mailbox: string): void {
    if (!Number.isFinite(f.start) || !Number.isFinite(f.end) || f.end <= f.start) {
      throw new SimError('Invalid', 'end must be after start', { mailbox });
    }
  }

  function touch(item: CalendarItem): void {
    item.changeKey = newChangeKey();
    item.lastModified = clock.now();
  }

  function book(address: string, input: BookingInput): CalendarItem {
    const mb = mustGet(address);
    validateTimes(input, mb.address);
    const now = clock.now();
    const item: CalendarItem = {
      subject: input.subject,
      start: input.start,
      end: input.end,
      timeZone: input.timeZone ?? 'UTC',
      isAllDay: input.isAllDay ?? false,
      organizer: input.organizer,
      requiredAttendees: input.requiredAttendees ?? [],
      optionalAttendees: input.optionalAttendees ?? [],
      location: input.location ?? mb.displayName,
      sensitivity: input.sensitivity ?? 'Normal',
      ...(input.body === undefined ? {} : { body: input.body }),
      id: newItemId(mb.address),
      changeKey: newChangeKey(),
      parentFolderId: mb.calendar.id,
      iCalUid: input.iCalUid ?? `040000008200E00074C5B7101A82E008${randomUUID().replaceAll('-', '').toUpperCase()}`,
      created: now,
      lastModified: now,
      isCancelled: false,
      sequence: 0,
      ...(input.recurrence ? { recurrence: input.recurrence } : {}),
      exceptions: new Map(),
      deletedOccurrences: new Set(),
    };
    mb.items.set(item.id, item);
    record(mb, 'Created', item);
    return item;
  }

  return {
    /** The address book's room lists (docs/protocols.md §16). */
    roomLists: createRoomLists(),
    onEvent(listener: EventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    createMailbox(input: { address: string; displayName?: string; kind?: MailboxKind }): Mailbox {
      const address = input.address.trim().toLowerCase();
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new SimError('Invalid', `not an SMTP address: ${input.address}`);
      if (mailboxes.has(address)) throw new SimError('Conflict', `mailbox ${address} exists`, { mailbox: address });
      const folder = (distinguishedId: 'calendar' | 'deleteditems', displayName: string) => ({
        id: newFolderId(address, distinguishedId),
        changeKey: newChangeKey(),
        distinguishedId,
        displayName,
      });
      const mb: Mailbox = {
        address,
        displayName: input.displayName ?? address.split('@')[0] ?? address,
        kind: input.kind ?? 'onprem',
        calendar: folder('calendar', 'Calendar'),
        deletedItems: folder('deleteditems', 'Deleted Items'),
        items: new Map(),
        events: [],
        headSeq: 0,
        trimmedThrough: 0,
      };
      mailboxes.set(address, mb);
      return mb;
    },
    /** A move between on-premises and Exchange Online (a hybrid migration); items and history stay. */
    setKind(address: string, kind: MailboxKind): Mailbox {
      const mb = mustGet(address);
      mb.kind = kind;
      return mb;
    },
    find(address: string): Mailbox | undefined {
      return mailboxes.get(address.trim().toLowerCase());
    },
    get: mustGet,
    list(): Mailbox[] {
      return [...mailboxes.values()];
    },
    book,
    update(address: string, id: string, patch: ItemPatch): CalendarItem {
      const mb = mustGet(address);
      const item = mustItem(mb, id);
      const { recurrence, ...fields } = patch;
      const next = { ...pickFields(item), ...fields };
      validateTimes(next, mb.address);
      Object.assign(item, next);
      if (recurrence !== undefined || fields.start !== undefined) {
        // A changed series pattern or start invalidates the per-instance edits, as in Outlook.
        item.exceptions.clear();
        item.deletedOccurrences.clear();
      }
      if (recurrence === null) delete item.recurrence;
      else if (recurrence) item.recurrence = recurrence;
      item.sequence += 1;
      touch(item);
      record(mb, 'Modified', item);
      return item;
    },
    ...occurrenceEdits({ mustGet, mustItem, touch, record, clock }),
    cancel(address: string, id: string, mode: CancelMode = 'move'): CalendarItem | undefined {
      const mb = mustGet(address);
      const item = mustItem(mb, id);
      if (mode === 'keep') {
        item.isCancelled = true;
        if (!item.subject.startsWith('Canceled: ')) item.subject = `Canceled: ${item.subject}`;
        item.sequence += 1;
        touch(item);
        record(mb, 'Modified', item);
        return item;
      }
      if (mode === 'delete') {
        mb.items.delete(id);
        record(mb, 'Deleted', item);
        return undefined;
      }
      // Moving to Deleted Items gives the item a new id, as a cross-folder move does in Exchange.
      const old = { id: item.id, changeKey: item.changeKey, parentFolderId: item.parentFolderId };
      mb.items.delete(id);
      item.isCancelled = true;
      item.id = newItemId(mb.address);
      item.parentFolderId = mb.deletedItems.id;
      touch(item);
      mb.items.set(item.id, item);
      record(mb, 'Moved', item, old);
      return item;
    },
    /**
     * The mailbox's event history is gone (retention passed for all of it, or the mailbox moved to
     * another database): every watermark handed out so far gets ErrorInvalidWatermark. Live
     * subscriptions keep pushing. Returns the oldest watermark still valid.
     */
    expireWatermarks(address: string): string {
      const mb = mustGet(address);
      // A new head, so the watermarks handed out from now on differ from every expired one.
      mb.headSeq += 1;
      mb.trimmedThrough = mb.headSeq;
      return encodeWatermark(mb.address, mb.headSeq);
    },
    /** Moves a meeting to another room: removed from this calendar, booked in the other with the same UID. */
    moveToMailbox(address: string, id: string, target: string): CalendarItem {
      const mb = mustGet(address);
      const to = mustGet(target);
      const item = mustItem(mb, id);
      const fields = pickFields(item);
      const moved = book(to.address, {
        ...fields,
        ...(fields.location === mb.displayName ? { location: to.displayName } : {}),
        iCalUid: item.iCalUid,
        ...(item.recurrence ? { recurrence: item.recurrence } : {}),
      });
      moved.exceptions = new Map(item.exceptions);
      moved.deletedOccurrences = new Set(item.deletedOccurrences);
      mb.items.delete(id);
      record(mb, 'Deleted', item);
      return moved;
    },
  };
}
