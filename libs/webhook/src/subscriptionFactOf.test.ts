import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEvent, EventTypes } from '@rooms-sync/events';
import { subscriptionFactOf } from './subscriptionFactOf.ts';

const opts = { source: 'subscription-manager', subject: 'room@x' };

test('Created, Superseded (the old id) and Removed become directory facts', () => {
  const created = createEvent(
    EventTypes.SubscriptionCreatedV1,
    {
      subscriptionId: 's1',
      mailbox: 'room@x',
      tenant: 't',
      folder: 'calendar',
      callbackUrl: 'https://rooms.example/api/webhooks/exchange',
      callbackRule: 'default',
      statusFrequencyMinutes: 1,
    },
    opts,
  );
  assert.deepEqual(subscriptionFactOf(created), {
    type: 'created',
    subscriptionId: 's1',
    mailbox: 'room@x',
    tenant: 't',
  });
  const superseded = createEvent(
    EventTypes.SubscriptionSupersededV1,
    { mailbox: 'room@x', oldSubscriptionId: 's1', newSubscriptionId: 's2', reason: 'heartbeat missed' },
    opts,
  );
  assert.deepEqual(subscriptionFactOf(superseded), { type: 'superseded', subscriptionId: 's1', mailbox: 'room@x' });
  const removed = createEvent(
    EventTypes.SubscriptionRemovedV1,
    { mailbox: 'room@x', subscriptionId: 's2', reason: 'room disabled' },
    opts,
  );
  assert.deepEqual(subscriptionFactOf(removed), { type: 'removed', subscriptionId: 's2', mailbox: 'room@x' });
});

test('other lifecycle events change nothing', () => {
  const resync = createEvent(EventTypes.ResyncRequestedV1, { mailbox: 'room@x', reason: 'invalid watermark' }, opts);
  assert.equal(subscriptionFactOf(resync), undefined);
});
