import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../clock.ts';
import { createMailboxStore } from '../mailboxStore.ts';
import type { DeltaEntry, DeltaPage } from './calendarDelta.ts';
import { createCalendarDelta } from './calendarDelta.ts';
import { GraphError } from './GraphError.ts';
import { toRestId } from './restIds.ts';

const FROM = Date.UTC(2026, 11, 1);
const TO = Date.UTC(2027, 0, 1);
const ROOM = 'room@contoso.example';
const organizer = { address: 'ann@contoso.example' };

function setup() {
  const store = createMailboxStore({ clock: createManualClock() });
  const mb = store.createMailbox({ address: ROOM, kind: 'online' });
  const book = (subject: string, day: number) =>
    store.book(ROOM, { subject, start: Date.UTC(2026, 11, day, 9), end: Date.UTC(2026, 11, day, 10), organizer });
  return { store, mb, book, delta: createCalendarDelta() };
}
const names = (entries: DeltaEntry[]) => entries.map((e) => (e.kind === 'event' ? e.view.fields.subject : `-${e.id}`));
const tokenOf = (p: DeltaPage) => ('deltaToken' in p ? p.deltaToken : p.skipToken);
const gone = (fn: () => unknown) => {
  assert.throws(fn, (e: unknown) => e instanceof GraphError && e.status === 410 && e.code === 'SyncStateNotFound');
};

test('a round is paged; its skip tokens are single-use; the last page carries the delta token', () => {
  const { mb, book, delta } = setup();
  for (const d of [3, 1, 2]) book(`day ${d}`, d);
  const p1 = delta.initial(mb, FROM, TO, 2);
  assert.ok('skipToken' in p1);
  assert.deepEqual(names(p1.entries), ['day 1', 'day 2']);
  const p2 = delta.next(mb, tokenOf(p1), 2);
  assert.deepEqual(names(p2.entries), ['day 3']);
  assert.ok('deltaToken' in p2);
  gone(() => delta.next(mb, tokenOf(p1), 2));
});

test('changes since a delta token: new, changed, moved out of the window, deleted (also never seen)', () => {
  const { store, mb, book, delta } = setup();
  const a = book('a', 1);
  const b = book('b', 2);
  const base = tokenOf(delta.initial(mb, FROM, TO, 10));
  const outside = store.book(ROOM, {
    subject: 'far',
    start: Date.UTC(2027, 5, 1),
    end: Date.UTC(2027, 5, 1, 1),
    organizer,
  });
  store.update(ROOM, a.id, { subject: 'a2' });
  store.update(ROOM, b.id, { start: Date.UTC(2027, 2, 1), end: Date.UTC(2027, 2, 1, 1) });
  book('c', 3);
  store.cancel(ROOM, outside.id, 'delete');
  const page = delta.changes(mb, base, 10);
  assert.deepEqual(names(page.entries), ['a2', 'c', `-${toRestId(b.id)}`, `-${toRestId(outside.id)}`]);
  // The new delta token starts after these changes.
  assert.deepEqual(delta.changes(mb, tokenOf(page), 10).entries, []);
});

test('the expire fault forgets the tokens of one mailbox; a token is bound to its mailbox', () => {
  const { store, mb, book, delta } = setup();
  book('a', 1);
  const other = store.createMailbox({ address: 'other@contoso.example', kind: 'online' });
  const t = tokenOf(delta.initial(mb, FROM, TO, 10));
  const o = tokenOf(delta.initial(other, FROM, TO, 10));
  gone(() => delta.changes(other, t, 10));
  assert.equal(delta.expire(ROOM), 1);
  gone(() => delta.changes(mb, t, 10));
  assert.deepEqual(delta.changes(other, o, 10).entries, []);
});
