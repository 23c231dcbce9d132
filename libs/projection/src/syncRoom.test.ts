import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeltaFrom } from '@rooms-sync/graph-client';
import type { GraphCalendarSource } from './GraphCalendarSource.ts';
import type { RoomWork } from './planBatch.ts';
import type { MailboxSyncState } from './syncState.ts';
import { syncRoom } from './syncRoom.ts';
import type { SyncRoomOptions } from './syncRoom.ts';
import { FakeCalendar } from './testing/FakeCalendar.ts';

const ROOM = 'room-101@contoso.example';
const WINDOW = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2027-01-31T00:00:00Z') };

function graphSource() {
  const asked: DeltaFrom[] = [];
  const source: GraphCalendarSource = {
    calendarDelta: (_mailbox, from) => {
      asked.push(from);
      return Promise.resolve({ ok: true, value: { events: [], removedIds: [], deltaLink: 'delta-new' } });
    },
  };
  return { asked, source };
}
const work = (route?: RoomWork['route']): RoomWork => ({
  room: ROOM,
  entries: [],
  asks: 'change',
  pushes: [],
  full: false,
  route,
  changeTimes: [],
  subscriptions: [],
});
const stored = (over: Partial<MailboxSyncState>): MailboxSyncState => ({
  mailbox: ROOM,
  syncState: 'stored',
  source: null,
  connection: null,
  lastWatermark: null,
  lastNotificationAt: null,
  lastSyncedAt: null,
  lastFullSyncAt: new Date(),
  generation: 1n,
  ...over,
});

function setup() {
  const ews = new FakeCalendar();
  const cloud = graphSource();
  const options = (o: Pick<SyncRoomOptions, 'work' | 'state'>): SyncRoomOptions => ({
    sources: {
      ews: (c) => (c === 'default' ? ews : undefined),
      graph: (c) => (c === 'cloud' ? cloud.source : undefined),
    },
    full: false,
    window: WINDOW,
    retry: { retries: 0, initialMs: 1, maxMs: 1 },
    ...o,
  });
  return { ews, cloud, options };
}

test('a Graph room resumes from its stored delta link through its connection', async () => {
  const s = setup();
  const r = await syncRoom(s.options({ work: work(), state: stored({ source: 'graph', connection: 'cloud' }) }));
  assert.ok(r.ok);
  assert.deepEqual(s.cloud.asked, [{ link: 'stored' }]);
  assert.deepEqual([r.fetched.source, r.fetched.connection, r.fetched.syncState], ['graph', 'cloud', 'delta-new']);
  assert.equal(s.ews.calls, 0);
});

test('a room that moved from EWS to Graph is read from scratch; an unknown route is EWS default', async () => {
  const s = setup();
  const moved = await syncRoom(s.options({ work: work({ source: 'graph', connection: 'cloud' }), state: stored({}) }));
  assert.ok(moved.ok && moved.fetched.snapshot.full);
  assert.ok('window' in (s.cloud.asked[0] ?? {}), 'the EWS sync state is not a delta link');

  const legacy = await syncRoom(s.options({ work: work(), state: stored({}) }));
  assert.ok(legacy.ok);
  assert.equal(legacy.fetched.source, 'ews');
  assert.ok(s.ews.calls > 0);
});

test('a room of a connection without a client is refused with its own reason', async () => {
  const s = setup();
  for (const route of [
    { source: 'graph', connection: 'elsewhere' },
    { source: 'ews', connection: 'cloud' },
  ] as const) {
    const r = await syncRoom(s.options({ work: work(route), state: undefined }));
    assert.equal(r.ok, false);
    assert.equal(!r.ok && r.reason, 'unconfigured_connection');
    assert.match(!r.ok ? r.details : '', new RegExp(`${route.source} connection "${route.connection}"`));
  }
});
