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

test('notifications of a room collapse into one sync; heartbeats sync too; only real changes carry change times', () => {
  const plan = planBatch(
    entries([notif(R1, 'S', ['Modified']), notif('Room-101@Contoso.example', 'S', ['Status'], 'X')]),
    new Map(),
  );
  assert.equal(plan.rooms.length, 1);
  const [w] = plan.rooms;
  assert.equal(w?.room, R1);
  assert.equal(w?.sync, true);
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
  assert.deepEqual([r1?.sync, r1?.full, r1?.subscriptions], [true, true, [{ subscriptionId: 'S1', mailbox: R1 }]]);
  assert.deepEqual([r9?.sync, r9?.entries.length], [false, 1]);
});
