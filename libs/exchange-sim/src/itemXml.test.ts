import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from './clock.ts';
import { calendarItemXml } from './itemXml.ts';
import { createMailboxStore } from './mailboxStore.ts';
import { expandOccurrences } from './recurrence.ts';
import { T_NS } from './xml.ts';
import { parseXml } from './xmlTree.ts';

const ROOM = 'room@contoso.example';
const store = createMailboxStore({ clock: createManualClock() });
const mb = store.createMailbox({ address: ROOM });
const item = store.book(ROOM, {
  subject: 'Board',
  start: Date.UTC(2026, 10, 27, 13, 0, 0, 250),
  end: Date.UTC(2026, 10, 27, 14),
  organizer: { address: 'ann@contoso.example', name: 'Ann' },
  timeZone: 'W. Europe Standard Time',
  recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 3 },
});

const children = (xml: string) => {
  const root = parseXml(xml.replace('<t:CalendarItem', `<t:CalendarItem xmlns:t="${T_NS}"`));
  return root.children.map((c) => [c.local, c.text] as const);
};
const only =
  (...uris: string[]) =>
  (uri: string) =>
    uris.includes(uri);

test('writes the id and the picked properties in schema order, not in the order asked', () => {
  const xml = calendarItemXml(
    mb,
    { kind: 'item', item },
    { include: only('calendar:End', 'calendar:Organizer', 'item:Subject', 'calendar:Start'), precision: 'Seconds' },
  );
  assert.deepEqual(
    children(xml).map(([name]) => name),
    ['ItemId', 'Subject', 'Start', 'End', 'Organizer'],
  );
  assert.deepEqual(children(xml)[2], ['Start', '2026-11-27T13:00:00Z']);
});

test('nothing picked: the id alone, with its change key', () => {
  const xml = calendarItemXml(mb, { kind: 'item', item }, { include: () => false, precision: 'Seconds' });
  assert.equal(xml, `<t:CalendarItem><t:ItemId Id="${item.id}" ChangeKey="${item.changeKey}"/></t:CalendarItem>`);
});

test('DateTimePrecision Milliseconds keeps the milliseconds, still in UTC with Z', () => {
  const xml = calendarItemXml(
    mb,
    { kind: 'item', item },
    { include: only('calendar:Start'), precision: 'Milliseconds' },
  );
  assert.deepEqual(children(xml)[1], ['Start', '2026-11-27T13:00:00.250Z']);
});

test('everything picked: every element at most once, series parts only on the master', () => {
  const master = children(calendarItemXml(mb, { kind: 'item', item }, { include: () => true, precision: 'Seconds' }));
  const names = master.map(([name]) => name);
  assert.equal(new Set(names).size, names.length);
  assert.ok(names.includes('Recurrence') && names.includes('FirstOccurrence') && names.includes('StartTimeZone'));
  assert.ok(names.indexOf('LastModifiedTime') < names.indexOf('IsAssociated'));
  assert.ok(names.indexOf('IsAssociated') < names.indexOf('UID'));
  const [occurrence] = expandOccurrences(item, Date.UTC(2026, 10, 28), Date.UTC(2026, 10, 29));
  assert.ok(occurrence);
  const instance = children(
    calendarItemXml(
      mb,
      { kind: 'occurrence', master: item, occurrence },
      { include: () => true, precision: 'Seconds' },
    ),
  );
  assert.ok(!instance.some(([name]) => name === 'Recurrence'));
  assert.deepEqual(
    instance.find(([name]) => name === 'CalendarItemType'),
    ['CalendarItemType', 'Occurrence'],
  );
});
