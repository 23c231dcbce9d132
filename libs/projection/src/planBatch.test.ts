import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, EventTypes } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { planBatch, subscriptionsToResolve } from './planBatch.ts';

const R1 = 'room-101@contoso.example';
const notif = (mailbox: string | undefined, sub: string, kinds: ('Modified' | 'Status')[], watermark = 'W') =>
  createEvent(
    EventTypes.NotificationReceivedV1,
    {
      subscriptionId: sub,
      ...(mailbox ? { mailbox } : {}),
      endpoint: 'default',
      receivedAt: '2026-11-25T10:00:00Z',
      messages: [
        {
          responseClass: 'Success',
          subscriptionId: sub,
          moreEvents: false,
          events: kinds.map((kind, i) => ({
            kind,
            watermark: `${watermark}${i}`,
            timestamp: `2026-11-25T09:59:0${i}Z`,
          })),
        },
      ],
    },
    { source: 't', subject: mailbox ?? sub },
  );
const entries = (events: RoomsEvent[]) => events.map((event, i) => ({ offset: BigInt(i), event }));

test('notifications of a room collapse into one unit; only real changes carry change times', () => {
  const plan = planBatch(
    entries([notif(R1, 'S', ['Modified']), notif('Room-101@Contoso.example', 'S', ['Status'], 'X')]),
    new Map(),
  );
  assert.equal(plan.rooms.length, 1);
  const [w] = plan.rooms;
  assert.equal(w?.room, R1);
  assert.equal(w?.asks, undefined, 'pushes alone: decideSync reads their chain');
  assert.equal(w?.pushes.length, 2);
  assert.equal(w?.full, false);
  assert.equal(w?.entries.length, 2);
  assert.equal(w?.lastWatermark, 'X0');
  assert.deepEqual(w?.changeTimes, [new Date('2026-11-25T09:59:00Z')]);
});

test('mailbox-less notifications are routed by subscription id or reported unroutable', () => {
  const events = entries([notif(undefined, 'KNOWN', ['Modified']), notif(undefined, 'UNKNOWN', ['Modified'])]);
  assert.deepEqual(subscriptionsToResolve(events), ['KNOWN', 'UNKNOWN']);
  const plan = planBatch(events, new Map([['KNOWN', R1]]));
  assert.deepEqual(
    plan.rooms.map((r) => r.room),
    [R1],
  );
  assert.equal(plan.unroutable.length, 1);
});

test('ResyncRequested makes the sync full; lifecycle events record subscriptions; removals only checkpoint', () => {
  const plan = planBatch(
    entries([
      createEvent(
        EventTypes.SubscriptionCreatedV1,
        {
          subscriptionId: 'S1',
          mailbox: R1,
          folder: 'calendar',
          callbackUrl: 'https://x/cb',
          callbackRule: 'default',
          statusFrequencyMinutes: 1,
        },
        { source: 't', subject: R1 },
      ),
      createEvent(
        EventTypes.ResyncRequestedV1,
        { mailbox: R1, reason: 'ErrorInvalidWatermark' },
        { source: 't', subject: R1 },
      ),
      createEvent(
        EventTypes.SubscriptionRemovedV1,
        { mailbox: 'room-9@contoso.example', subscriptionId: 'S9', reason: 'room-removed' },
        { source: 't', subject: 'room-9@contoso.example' },
      ),
    ]),
    new Map(),
  );
  const [r1, r9] = plan.rooms;
  assert.deepEqual([r1?.asks, r1?.full, r1?.subscriptions], ['resync', true, [{ subscriptionId: 'S1', mailbox: R1 }]]);
  assert.deepEqual([r9?.asks, r9?.entries.length], [undefined, 1]);
});

const graphNotif = (mailbox: string, connection: string | undefined, lifecycle = false) =>
  createEvent(
    EventTypes.NotificationReceivedV1,
    {
      source: 'graph',
      subscriptionId: 'G-1',
      mailbox,
      ...(connection === undefined ? {} : { connection }),
      endpoint: lifecycle ? 'graph-lifecycle' : 'graph',
      receivedAt: '2026-11-25T10:00:00Z',
      changes: lifecycle ? [] : [{ subscriptionId: 'G-1', changeType: 'updated', resource: 'Users/x/Events/e1' }],
      lifecycle: lifecycle ? [{ subscriptionId: 'G-1', lifecycleEvent: 'missed' }] : [],
    },
    { source: 't', subject: mailbox },
  );
const created = (mailbox: string, extra: { source?: 'ews' | 'graph'; connection?: string } = {}) =>
  createEvent(
    EventTypes.SubscriptionCreatedV1,
    {
      subscriptionId: 'S-1',
      mailbox,
      folder: 'calendar',
      callbackUrl: 'https://rooms.example/api/webhooks/graph',
      callbackRule: 'default',
      statusFrequencyMinutes: 1,
      ...extra,
    },
    { source: 't', subject: mailbox },
  );

test("a room's route comes from SubscriptionCreated and Graph notifications; EWS pushes name none", () => {
  const R2 = 'room-102@contoso.example';
  const R3 = 'room-103@contoso.example';
  const R4 = 'room-104@contoso.example';
  const plan = planBatch(
    entries([
      created(R1, { source: 'graph', connection: 'cloud' }),
      graphNotif(R2, undefined, true),
      graphNotif(R2, undefined),
      created(R3),
      notif(R4, 'S', ['Modified']),
    ]),
    new Map(),
  );
  const route = (room: string) => plan.rooms.find((r) => r.room === room)?.route;
  assert.deepEqual(route(R1), { source: 'graph', connection: 'cloud' });
  assert.deepEqual(route(R2), { source: 'graph', connection: 'default' });
  assert.equal(plan.rooms.find((r) => r.room === R2)?.asks, 'change', 'lifecycle and changes: one sync');
  assert.equal(plan.rooms.find((r) => r.room === R2)?.entries.length, 2);
  assert.deepEqual(route(R3), { source: 'ews', connection: 'default' }, 'no source = an EWS subscription');
  assert.equal(route(R4), undefined, 'an EWS push leaves the stored route alone');
});

test('ResyncRequested is a full sync unless its scope is changes', () => {
  const resync = (scope?: 'full' | 'changes') =>
    createEvent(
      EventTypes.ResyncRequestedV1,
      { mailbox: R1, reason: 'test', ...(scope === undefined ? {} : { scope }) },
      { source: 't', subject: R1 },
    );
  for (const [scope, full] of [
    [undefined, true],
    ['full', true],
    ['changes', false],
  ] as const) {
    const [w] = planBatch(entries([resync(scope)]), new Map()).rooms;
    assert.equal(w?.asks, full ? 'resync' : 'reconcile');
    assert.equal(w.full, full, `scope ${scope ?? 'absent'}`);
  }
});

test('EWS pushes become links of the watermark chain; lifecycle events say why they ask for a sync', () => {
  const push = createEvent(
    EventTypes.NotificationReceivedV1,
    {
      subscriptionId: 'S',
      mailbox: R1,
      endpoint: 'default',
      receivedAt: '2026-11-25T10:00:00Z',
      messages: [
        {
          responseClass: 'Success',
          subscriptionId: 'S',
          previousWatermark: 'W1',
          moreEvents: false,
          events: [{ kind: 'Status', watermark: 'W2' }],
        },
        { responseClass: 'Error', responseCode: 'ErrorReadEventsFailed', subscriptionId: 'S' },
      ],
    },
    { source: 't', subject: R1 },
  );
  const lifecycle = (type: 'missed' | 'checked' | 'renewed') =>
    type === 'missed'
      ? createEvent(
          EventTypes.SubscriptionHeartbeatMissedV1,
          { mailbox: R1, subscriptionId: 'S', lastContactAt: '2026-11-25T09:00:00Z', deadline: '2026-11-25T09:03:00Z' },
          { source: 't', subject: R1 },
        )
      : createEvent(
          EventTypes.SubscriptionRenewedV1,
          { mailbox: R1, subscriptionId: 'G', reason: type },
          { source: 't', subject: R1 },
        );
  const [w] = planBatch(entries([push]), new Map()).rooms;
  assert.deepEqual(w?.pushes, [{ previousWatermark: 'W1', watermark: 'W2', changes: false }]);
  assert.equal(w.asks, 'gap', 'an error push: events were lost');
  assert.equal(planBatch(entries([lifecycle('missed')]), new Map()).rooms[0]?.asks, 'gap');
  assert.equal(planBatch(entries([lifecycle('renewed')]), new Map()).rooms[0]?.asks, 'gap');
  assert.equal(planBatch(entries([lifecycle('checked')]), new Map()).rooms[0]?.asks, 'reconcile');
  assert.equal(
    planBatch(entries([lifecycle('checked'), notif(R1, 'S', ['Modified'])]), new Map()).rooms[0]?.asks,
    'reconcile',
    'the pushes speak for themselves in decideSync',
  );
});
