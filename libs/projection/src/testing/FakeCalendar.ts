// An in-memory Exchange calendar behind the CalendarSource port: items with change keys, a
// change log that sync states point into, daily recurring masters with exceptions and deleted
// occurrences, and injectable failures.
import type { CalendarItem, EwsError, EwsResult, SyncChange, SyncPage } from '@rooms-sync/ews-client';
import type { CalendarSource } from '../CalendarSource.ts';

interface Series {
  count: number;
  exceptions: Map<string, Partial<CalendarItem>>;
  deleted: Set<string>;
}
interface Room {
  items: Map<string, CalendarItem>;
  series: Map<string, Series>;
  log: { seq: number; itemId: string; type: 'create' | 'update' | 'delete' }[];
  seq: number;
}

const DAY = 86_400_000;
let ids = 0;

export class FakeCalendar implements CalendarSource {
  readonly rooms = new Map<string, Room>();
  readonly failures: Partial<EwsError>[] = [];
  calls = 0;
  now = Date.parse('2026-11-25T12:00:00Z');

  private room(mailbox: string): Room {
    let r = this.rooms.get(mailbox);
    if (!r) {
      r = { items: new Map(), series: new Map(), log: [], seq: 0 };
      this.rooms.set(mailbox, r);
    }
    return r;
  }

  /** Benchmarks: stamp changes with the wall clock instead of a synthetic one. */
  realClock = false;

  private tick(): number {
    this.now = this.realClock ? Date.now() : this.now + 1000;
    return this.now;
  }

  private touch(r: Room, itemId: string, type: 'create' | 'update' | 'delete'): void {
    r.seq += 1;
    r.log.push({ seq: r.seq, itemId, type });
    this.tick();
  }

  book(
    mailbox: string,
    fields: Partial<CalendarItem> & { start: string; end: string },
    recurrence?: { count: number },
  ): CalendarItem {
    const r = this.room(mailbox);
    ids += 1;
    const item: CalendarItem = {
      id: `AAMk-${ids}`,
      changeKey: `CK-${ids}-0`,
      subject: 'Meeting',
      timeZone: 'UTC',
      isAllDay: false,
      attendeesCount: 2,
      organizer: { name: 'Org', email: 'org@contoso.example' },
      sensitivity: 'Normal',
      isCancelled: false,
      freeBusyStatus: 'Busy',
      appointmentType: recurrence ? 'RecurringMaster' : 'Single',
      iCalUid: `UID-${ids}`,
      lastModified: new Date(this.now).toISOString(),
      ...fields,
    };
    r.items.set(item.id, item);
    if (recurrence) r.series.set(item.id, { count: recurrence.count, exceptions: new Map(), deleted: new Set() });
    this.touch(r, item.id, 'create');
    return item;
  }

  update(mailbox: string, id: string, patch: Partial<CalendarItem>): CalendarItem {
    const r = this.room(mailbox);
    const old = r.items.get(id);
    if (!old) throw new Error(`no item ${id}`);
    const next = {
      ...old,
      ...patch,
      changeKey: `${old.changeKey}+`,
      lastModified: new Date(this.tick()).toISOString(),
    };
    r.items.set(id, next);
    this.touch(r, id, 'update');
    return next;
  }

  modifyOccurrence(mailbox: string, masterId: string, index: number, patch: Partial<CalendarItem>): void {
    const s = this.room(mailbox).series.get(masterId);
    if (!s) throw new Error('not a series');
    s.exceptions.set(this.originalStart(mailbox, masterId, index), patch);
    this.update(mailbox, masterId, {});
  }

  deleteOccurrence(mailbox: string, masterId: string, index: number): void {
    this.room(mailbox)
      .series.get(masterId)
      ?.deleted.add(this.originalStart(mailbox, masterId, index));
    this.update(mailbox, masterId, {});
  }

  remove(mailbox: string, id: string): void {
    const r = this.room(mailbox);
    r.items.delete(id);
    r.series.delete(id);
    this.touch(r, id, 'delete');
  }

  private originalStart(mailbox: string, masterId: string, index: number): string {
    const m = this.room(mailbox).items.get(masterId);
    return new Date(Date.parse(m?.start ?? '') + index * DAY).toISOString();
  }

  private fail<T>(operation: string, mailbox: string): EwsResult<T> | undefined {
    const f = this.failures.shift();
    if (!f) return undefined;
    return {
      ok: false,
      error: { operation, mailbox, code: 'ErrorServerBusy', message: 'injected', kind: 'throttled', ...f },
    };
  }

  syncCalendar(mailbox: string, syncState?: string, maxChanges = 100): Promise<EwsResult<SyncPage>> {
    this.calls += 1;
    const failed = this.fail<SyncPage>('SyncFolderItems', mailbox);
    if (failed) return Promise.resolve(failed);
    const r = this.room(mailbox);
    if (syncState !== undefined && !/^S\d+$/.test(syncState)) {
      return Promise.resolve({
        ok: false,
        error: {
          operation: 'SyncFolderItems',
          mailbox,
          code: 'ErrorInvalidSyncStateData',
          message: 'bad state',
          kind: 'invalid_sync_state',
        },
      });
    }
    const from = syncState === undefined ? 0 : Number(syncState.slice(1));
    let pending: { seq: number; change: SyncChange }[];
    if (syncState === undefined) {
      pending = [...r.items.values()].map((i) => ({
        seq: r.seq,
        change: { type: 'create' as const, itemId: i.id, changeKey: i.changeKey },
      }));
    } else {
      const last = new Map<string, { seq: number; type: 'create' | 'update' | 'delete' }>();
      for (const e of r.log) if (e.seq > from) last.set(e.itemId, e);
      pending = [...last].map(([itemId, e]) => ({
        seq: e.seq,
        change: e.type === 'delete' ? { type: 'delete' as const, itemId } : { type: e.type, itemId },
      }));
      pending.sort((a, b) => a.seq - b.seq);
    }
    const page = pending.slice(0, maxChanges);
    const done = page.length === pending.length;
    const nextSeq = done ? r.seq : (page.at(-1)?.seq ?? from);
    // A full sync that pages stays on "from scratch" until done: encode progress as an offset.
    const next = syncState === undefined && !done ? `S${from}` : `S${nextSeq}`;
    return Promise.resolve({
      ok: true,
      value: { syncState: next, includesLastItem: done, changes: page.map((p) => p.change) },
    });
  }

  getCalendarItems(
    mailbox: string,
    wanted: readonly string[],
  ): Promise<EwsResult<{ items: CalendarItem[]; missing: string[] }>> {
    this.calls += 1;
    const failed = this.fail<{ items: CalendarItem[]; missing: string[] }>('GetItem', mailbox);
    if (failed) return Promise.resolve(failed);
    const r = this.room(mailbox);
    const items = wanted.flatMap((id) => {
      const i = r.items.get(id);
      return i ? [i] : [];
    });
    return Promise.resolve({ ok: true, value: { items, missing: wanted.filter((id) => !r.items.has(id)) } });
  }

  findCalendarView(mailbox: string, start: Date, end: Date): Promise<EwsResult<CalendarItem[]>> {
    this.calls += 1;
    const failed = this.fail<CalendarItem[]>('FindItem', mailbox);
    if (failed) return Promise.resolve(failed);
    return Promise.resolve({
      ok: true,
      value: this.expand(mailbox).filter(
        (i) => Date.parse(i.start) < end.getTime() && Date.parse(i.end) > start.getTime(),
      ),
    });
  }

  /** The truth: every single and every occurrence, as CalendarView would list them. */
  expand(mailbox: string): CalendarItem[] {
    const r = this.room(mailbox);
    const out: CalendarItem[] = [];
    for (const item of r.items.values()) {
      const s = r.series.get(item.id);
      if (!s) {
        out.push(item);
        continue;
      }
      const duration = Date.parse(item.end) - Date.parse(item.start);
      for (let k = 0; k < s.count; k++) {
        const original = new Date(Date.parse(item.start) + k * DAY).toISOString();
        if (s.deleted.has(original)) continue;
        const ex = s.exceptions.get(original);
        const base: CalendarItem = {
          ...item,
          id: `${item.id}:${k}`,
          appointmentType: ex ? 'Exception' : 'Occurrence',
          recurringMasterId: item.id,
          originalStart: original,
          start: original,
          end: new Date(Date.parse(original) + duration).toISOString(),
        };
        out.push({ ...base, ...ex });
      }
    }
    return out;
  }
}
