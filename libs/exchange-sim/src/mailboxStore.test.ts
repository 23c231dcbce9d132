// The mailbox store: change keys, the event log and its watermarks, cancel modes, retention.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from './clock.ts';
import { decodeWatermark } from './ids.ts';
import { createMailboxStore } from './mailboxStore.ts';
import { expandOccurrences } from './recurrence.ts';

const ROOM = 'room@contoso.example';
function setup(eventRetentionMs?: number) {
  const clock = createManualClock();
  const store = createMailboxStore({ clock, ...(eventRetentionMs === undefined ? {} : { eventRetentionMs }) });
  const mb = store.createMailbox({ address: ROOM });
  const book = () =>
    store.book(ROOM, {
      subject: 's',
      start: Date.UTC(2026, 10, 25, 9),
      end: Date.UTC(2026, 10, 25, 10),
      organizer: { address: 'a@contoso.example' },
    });
  return { clock, store, mb, book };
}

test('every edit changes the change key and appends an event with the next watermark', () => {
  const { store, mb, book } = setup();
  const item = book();
  const ck = item.changeKey;
  store.update(ROOM, item.id, { subject: 't' });
  assert.notEqual(item.changeKey, ck);
  assert.deepEqual(
    mb.events.map((e) => [e.kind, decodeWatermark(ROOM, e.watermark)]),
    [
      ['Created', 1],
      ['Modified', 2],
    ],
  );
  assert.equal(decodeWatermark('other@contoso.example', mb.events[0]?.watermark ?? ''), undefined);
  assert.throws(() => store.update(ROOM, item.id, { end: item.start }), /end must be after start/);
});

test('cancel: move gives a new id in Deleted Items (Moved), delete removes it (Deleted)', () => {
  const { store, mb, book } = setup();
  const a = book();
  const oldId = a.id;
  const moved = store.cancel(ROOM, a.id, 'move');
  assert.ok(moved);
  assert.notEqual(moved.id, oldId);
  assert.equal(moved.parentFolderId, mb.deletedItems.id);
  assert.deepEqual(
    [mb.events.at(-1)?.kind, mb.events.at(-1)?.oldItemId?.id, mb.events.at(-1)?.oldParentFolderId?.id],
    ['Moved', oldId, mb.calendar.id],
  );
  const b = book();
  assert.equal(store.cancel(ROOM, b.id, 'delete'), undefined);
  assert.equal(mb.events.at(-1)?.kind, 'Deleted');
  assert.equal(mb.items.has(b.id), false);
});

test('events older than the retention are trimmed; trimmedThrough marks the oldest valid watermark', () => {
  const { clock, mb, book } = setup(60_000);
  book();
  clock.advance(120_000);
  book();
  assert.deepEqual(
    mb.events.map((e) => e.seq),
    [2],
  );
  assert.equal(mb.trimmedThrough, 1);
});

test('weekly series with count, exception moving an instance, deleted instance', () => {
  const { store } = setup();
  const s = store.book(ROOM, {
    subject: 'w',
    start: Date.UTC(2026, 10, 24, 10),
    end: Date.UTC(2026, 10, 24, 11),
    organizer: { address: 'a@contoso.example' },
    recurrence: { pattern: 'weekly', interval: 2, daysOfWeek: ['Tuesday', 'Friday'], numberOfOccurrences: 4 },
  });
  store.modifyOccurrence(ROOM, s.id, Date.UTC(2026, 10, 27, 10), {
    start: Date.UTC(2026, 10, 27, 15),
    end: Date.UTC(2026, 10, 27, 16),
  });
  store.deleteOccurrence(ROOM, s.id, Date.UTC(2026, 11, 8, 10));
  const days = expandOccurrences(s, Date.UTC(2026, 10, 1), Date.UTC(2027, 0, 1)).map((o) => [
    new Date(o.start).toISOString().slice(0, 13),
    o.isException,
  ]);
  assert.deepEqual(days, [
    ['2026-11-24T10', false],
    ['2026-11-27T15', true],
    ['2026-12-11T10', false],
  ]);
  assert.throws(() => store.deleteOccurrence(ROOM, s.id, Date.UTC(2026, 10, 25, 10)), /no occurrence/);
});
