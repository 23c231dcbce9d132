import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { GraphEvent } from '@rooms-sync/graph-client';
import { occurrenceKey } from './evolve.ts';
import { evolveGraph } from './evolveGraph.ts';
import type { GraphRoomSnapshot } from './evolveGraph.ts';
import type { ReservationRow, RowOp } from './rowOps.ts';

const ROOM = 'cloud-room@contoso.example';
const WINDOW = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2027-01-31T00:00:00Z') };
const at = (dateTime: string, timeZone = 'UTC') => ({ dateTime, timeZone });

function event(over: Partial<GraphEvent> & Pick<GraphEvent, 'id'>): GraphEvent {
  return {
    subject: 'Planning',
    start: at('2026-12-02T09:00:00.0000000'),
    end: at('2026-12-02T10:00:00.0000000'),
    isAllDay: false,
    isCancelled: false,
    sensitivity: 'normal',
    showAs: 'busy',
    type: 'singleInstance',
    attendeesCount: 2,
    organizer: { name: 'Ann', address: 'Ann@Contoso.example' },
    lastModifiedDateTime: '2026-11-30T08:00:00Z',
    changeKey: 'ck-1',
    ...over,
  };
}

const snapshot = (over: Partial<GraphRoomSnapshot>): GraphRoomSnapshot => ({
  source: 'graph',
  room: ROOM,
  full: false,
  events: [],
  removedIds: [],
  window: WINDOW,
  ...over,
});
const upserts = (ops: RowOp[]): ReservationRow[] => ops.flatMap((o) => (o.op === 'upsert' ? [o.row] : []));

test('a single instance becomes a row keyed by its id, with the fields EWS rows have', () => {
  const ops = evolveGraph(snapshot({ events: [event({ id: 'E1', location: 'Room 1', iCalUId: 'uid-1' })] }));
  assert.deepEqual(ops, [
    {
      op: 'upsert',
      row: {
        room_mailbox: ROOM,
        reservation_key: 'E1',
        item_id: 'E1',
        owner_id: 'E1',
        series_id: null,
        occurrence_start: null,
        appointment_type: 'Single',
        ical_uid: 'uid-1',
        subject: 'Planning',
        sensitivity: 'Normal',
        organizer_name: 'Ann',
        organizer_email: 'ann@contoso.example',
        start_utc: new Date('2026-12-02T09:00:00Z'),
        end_utc: new Date('2026-12-02T10:00:00Z'),
        time_zone: null,
        is_all_day: false,
        location: 'Room 1',
        attendees_count: 2,
        status: 'confirmed',
        change_key: 'ck-1',
        last_modified: new Date('2026-11-30T08:00:00Z'),
      },
    },
  ]);
});

test('occurrences and a moved exception are keyed by series and original start, owned by the series master', () => {
  const [occ, moved] = upserts(
    evolveGraph(
      snapshot({
        events: [
          event({
            id: 'O1',
            type: 'occurrence',
            seriesMasterId: 'M',
            originalStart: '2026-12-01T14:00:00Z',
            start: at('2026-12-01T14:00:00.0000000'),
            end: at('2026-12-01T14:30:00.0000000'),
          }),
          event({
            id: 'O2',
            type: 'exception',
            seriesMasterId: 'M',
            originalStart: '2026-12-08T14:00:00Z',
            start: at('2026-12-08T16:00:00.0000000'),
            end: at('2026-12-08T16:30:00.0000000'),
          }),
        ],
      }),
    ),
  );
  assert.equal(occ?.reservation_key, occurrenceKey('M', '2026-12-01T14:00:00Z'));
  assert.equal(occ.owner_id, 'M');
  assert.equal(occ.series_id, 'M');
  assert.equal(occ.item_id, 'O1');
  assert.equal(occ.appointment_type, 'Occurrence');
  assert.equal(moved?.reservation_key, occurrenceKey('M', '2026-12-08T14:00:00Z'), 'the moved one keeps its row');
  assert.equal(moved.appointment_type, 'Exception');
  assert.deepEqual(moved.occurrence_start, new Date('2026-12-08T14:00:00Z'));
  assert.deepEqual(moved.start_utc, new Date('2026-12-08T16:00:00Z'));
});

test('cancelled, tentative and private events; a series master (never in calendarView) is ignored', () => {
  const rows = upserts(
    evolveGraph(
      snapshot({
        events: [
          event({ id: 'C', isCancelled: true }),
          event({ id: 'T', showAs: 'tentative' }),
          event({ id: 'P', sensitivity: 'private', subject: 'Secret' }),
          event({ id: 'K', sensitivity: 'confidential', subject: 'Secret' }),
          event({ id: 'M', type: 'seriesMaster' }),
        ],
      }),
    ),
  );
  const by = new Map(rows.map((r) => [r.item_id, r]));
  assert.equal(by.get('C')?.status, 'cancelled');
  assert.equal(by.get('T')?.status, 'tentative');
  assert.equal(by.get('P')?.subject, null);
  assert.equal(by.get('P')?.sensitivity, 'Private');
  assert.equal(by.get('K')?.subject, null);
  assert.equal(by.has('M'), false);
  assert.deepEqual(
    evolveGraph(snapshot({ events: [event({ id: 'BAD', start: at('next tuesday') })] })),
    [],
    'an event whose times cannot be read is skipped, not a crash',
  );
  const [odd] = upserts(
    evolveGraph(
      snapshot({ events: [event({ id: 'O', type: 'occurrence', seriesMasterId: 'M', originalStart: '?' })] }),
    ),
  );
  assert.equal(odd?.reservation_key, occurrenceKey('M', '2026-12-02T09:00:00Z'));
});

test('times in any zone Graph answers in become UTC; all-day midnights are read in the event zone', () => {
  const rows = upserts(
    evolveGraph(
      snapshot({
        events: [
          event({
            id: 'Z',
            start: at('2026-12-02T10:00:00.0000000', 'W. Europe Standard Time'),
            end: at('2026-12-02T02:00:00.0000000', 'Pacific Standard Time'),
            originalStartTimeZone: 'W. Europe Standard Time',
          }),
          // Graph labels an all-day event's floating midnights with the zone we asked for.
          event({
            id: 'D',
            isAllDay: true,
            start: at('2026-12-03T00:00:00.0000000'),
            end: at('2026-12-04T00:00:00.0000000'),
            originalStartTimeZone: 'W. Europe Standard Time',
          }),
          // Or renders them as instants in that zone (not midnight there): read as given.
          event({
            id: 'D2',
            isAllDay: true,
            start: at('2026-12-02T23:00:00.0000000'),
            end: at('2026-12-03T23:00:00.0000000'),
            originalStartTimeZone: 'W. Europe Standard Time',
          }),
        ],
      }),
    ),
  );
  const by = new Map(rows.map((r) => [r.item_id, r]));
  assert.deepEqual(by.get('Z')?.start_utc, new Date('2026-12-02T09:00:00Z'));
  assert.deepEqual(by.get('Z')?.end_utc, new Date('2026-12-02T10:00:00Z'));
  assert.equal(by.get('Z')?.time_zone, 'W. Europe Standard Time');
  assert.deepEqual(by.get('D')?.start_utc, new Date('2026-12-02T23:00:00Z'));
  assert.deepEqual(by.get('D')?.end_utc, new Date('2026-12-03T23:00:00Z'));
  assert.equal(by.get('D')?.is_all_day, true);
  assert.deepEqual(by.get('D2')?.start_utc, new Date('2026-12-02T23:00:00Z'));
});

test('@removed ids delete their rows (by item id only); a full round retains the window (past it too after a migration)', () => {
  assert.deepEqual(evolveGraph(snapshot({ removedIds: ['GONE', 'OUTSIDE', 'GONE'] })), [
    { op: 'deleteItems', room: ROOM, ids: ['GONE', 'OUTSIDE'] },
  ]);
  const full = evolveGraph(snapshot({ full: true, events: [event({ id: 'E1' })] }));
  assert.deepEqual(full.slice(0, 1), [
    { op: 'retainWindow', room: ROOM, keys: ['E1'], start: WINDOW.start, end: WINDOW.end },
  ]);
  assert.equal(upserts(full).length, 1);
  assert.deepEqual(evolveGraph(snapshot({ full: true, rebaseline: true })), [
    { op: 'retainWindow', room: ROOM, keys: [], start: WINDOW.start, end: undefined },
  ]);
  const empty = evolveGraph(snapshot({ full: true }));
  assert.deepEqual(empty, [{ op: 'retainWindow', room: ROOM, keys: [], start: WINDOW.start, end: WINDOW.end }]);
});
