import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeltaFrom, DeltaPage, GraphEvent, GraphFailure, GraphResult } from '@rooms-sync/graph-client';
import { fetchGraphRoomSnapshot } from './fetchGraphRoomSnapshot.ts';
import type { FetchGraphRoomOptions } from './fetchGraphRoomSnapshot.ts';

const ROOM = 'cloud-room@contoso.example';
const WINDOW = { start: new Date('2026-11-01T00:00:00Z'), end: new Date('2027-01-31T00:00:00Z') };
const ev = (id: string): GraphEvent => ({
  id,
  subject: id,
  start: { dateTime: '2026-12-02T09:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-12-02T10:00:00', timeZone: 'UTC' },
  isAllDay: false,
  isCancelled: false,
  sensitivity: 'normal',
  type: 'singleInstance',
  attendeesCount: 0,
});
const fail = (kind: GraphFailure['kind'], retryAfterMs?: number): GraphResult<DeltaPage> => ({
  ok: false,
  error: {
    operation: 'CalendarDelta',
    mailbox: ROOM,
    code: kind,
    message: kind,
    kind,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  },
});
const page = (p: DeltaPage): GraphResult<DeltaPage> => ({ ok: true, value: p });

/** A scripted Graph: answers in order, records what was asked and when (on the fake clock). */
function fakeGraph(answers: GraphResult<DeltaPage>[]) {
  const clock = { now: 0 };
  const calls: { from: DeltaFrom; at: number }[] = [];
  const outcomes: string[] = [];
  const options = (o: Partial<FetchGraphRoomOptions>): FetchGraphRoomOptions => ({
    source: {
      calendarDelta: (_mailbox, from) => {
        calls.push({ from, at: clock.now });
        const next = answers.shift();
        if (!next) throw new Error('no more answers');
        return Promise.resolve(next);
      },
    },
    room: ROOM,
    deltaLink: null,
    full: false,
    window: WINDOW,
    retry: {
      retries: 5,
      initialMs: 10,
      maxMs: 100,
      sleep: (ms) => {
        clock.now += ms;
        return Promise.resolve();
      },
    },
    onCall: (outcome) => outcomes.push(outcome),
    ...o,
  });
  return { calls, outcomes, options };
}

test('a round follows nextLink pages to the deltaLink; the last word per id wins', async () => {
  const g = fakeGraph([
    page({ events: [ev('A'), ev('B')], removedIds: [], nextLink: 'next-1' }),
    page({ events: [ev('C')], removedIds: ['B', 'X'], deltaLink: 'delta-2' }),
  ]);
  const r = await fetchGraphRoomSnapshot(g.options({ deltaLink: 'delta-1' }));
  assert.ok(r.ok);
  assert.deepEqual(
    g.calls.map((c) => c.from),
    [{ link: 'delta-1' }, { link: 'next-1' }],
  );
  assert.equal(r.syncState, 'delta-2');
  assert.equal(r.snapshot.full, false);
  assert.deepEqual(
    r.snapshot.events.map((e) => e.id),
    ['A', 'C'],
  );
  assert.deepEqual(r.snapshot.removedIds, ['B', 'X']);
});

test('no stored link, or a full sync asked for: a new window', async () => {
  for (const o of [{ deltaLink: null }, { deltaLink: 'delta-1', full: true }]) {
    const g = fakeGraph([page({ events: [], removedIds: [], deltaLink: 'd' })]);
    const r = await fetchGraphRoomSnapshot(g.options(o));
    assert.equal(r.ok && r.snapshot.full, true);
    assert.deepEqual(g.calls[0]?.from, {
      window: { start: WINDOW.start.toISOString(), end: WINDOW.end.toISOString() },
    });
  }
});

test('a forgotten delta link (410) starts a full round, dropping what the broken round had read', async () => {
  const g = fakeGraph([
    page({ events: [ev('STALE')], removedIds: [], nextLink: 'next-1' }),
    fail('invalid_sync_state'),
    page({ events: [ev('A')], removedIds: [], deltaLink: 'fresh' }),
  ]);
  const r = await fetchGraphRoomSnapshot(g.options({ deltaLink: 'old' }));
  assert.ok(r.ok);
  assert.equal(r.snapshot.full, true);
  assert.deepEqual(
    r.snapshot.events.map((e) => e.id),
    ['A'],
  );
  assert.ok('window' in (g.calls[2]?.from ?? {}));
  assert.deepEqual(g.outcomes, ['ok', 'invalid_sync_state', 'ok']);
});

test("throttled: no request until Graph's Retry-After has passed; transient backs off; permanent is returned", async () => {
  const g = fakeGraph([
    fail('throttled', 7_000),
    fail('transient'),
    page({ events: [], removedIds: [], deltaLink: 'd' }),
  ]);
  const r = await fetchGraphRoomSnapshot(g.options({ deltaLink: 'old' }));
  assert.ok(r.ok);
  assert.equal(g.calls.length, 3);
  assert.ok((g.calls[1]?.at ?? 0) - (g.calls[0]?.at ?? 0) >= 7_000, 'the second call waits out Retry-After');
  assert.ok((g.calls[2]?.at ?? 0) > (g.calls[1]?.at ?? 0), 'a transient failure backs off');

  const denied = fakeGraph([fail('unauthorized')]);
  const d = await fetchGraphRoomSnapshot(denied.options({}));
  assert.equal(d.ok, false);
  assert.equal(denied.calls.length, 1);
});
