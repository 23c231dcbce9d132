import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toGraphEvent } from './toGraphEvent.ts';

test("an occurrence in Graph's shape keeps what the read model needs", () => {
  const event = toGraphEvent({
    '@odata.etag': 'W/"x"',
    id: 'AAMk-occ',
    subject: 'Standup',
    start: { dateTime: '2026-12-07T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-07T09:15:00.0000000', timeZone: 'UTC' },
    isAllDay: false,
    isCancelled: false,
    sensitivity: 'private',
    showAs: 'busy',
    type: 'occurrence',
    seriesMasterId: 'AAMk-master',
    originalStart: '2026-12-07T09:00:00Z',
    organizer: { emailAddress: { name: 'Ann', address: 'ann@contoso.example' } },
    attendees: [{}, {}, {}],
    location: { displayName: '' },
    changeKey: 'ck-7',
  });
  assert.deepEqual(event, {
    id: 'AAMk-occ',
    subject: 'Standup',
    start: { dateTime: '2026-12-07T09:00:00.0000000', timeZone: 'UTC' },
    end: { dateTime: '2026-12-07T09:15:00.0000000', timeZone: 'UTC' },
    isAllDay: false,
    isCancelled: false,
    sensitivity: 'private',
    showAs: 'busy',
    type: 'occurrence',
    seriesMasterId: 'AAMk-master',
    originalStart: '2026-12-07T09:00:00Z',
    originalStartTimeZone: undefined,
    organizer: { name: 'Ann', address: 'ann@contoso.example' },
    attendeesCount: 3,
    location: undefined,
    iCalUId: undefined,
    lastModifiedDateTime: undefined,
    changeKey: 'ck-7',
  });
});

test('an event without id, start or end is unusable; unknown enum values fall back', () => {
  assert.equal(toGraphEvent({ id: 'a', start: { dateTime: 'x', timeZone: 'UTC' } }), undefined);
  assert.equal(toGraphEvent('nope'), undefined);
  const odd = toGraphEvent({
    id: 'a',
    start: { dateTime: '2026-12-07T09:00:00', timeZone: 'UTC' },
    end: { dateTime: '2026-12-07T10:00:00', timeZone: 'UTC' },
    type: 'somethingNew',
    sensitivity: 7,
  });
  assert.equal(odd?.type, 'singleInstance');
  assert.equal(odd?.sensitivity, 'normal');
  assert.equal(odd?.subject, '');
});
