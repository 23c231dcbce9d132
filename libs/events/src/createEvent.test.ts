import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent } from './createEvent.ts';
import { EventTypes } from './registry.ts';

test('fills id and time, keeps what it is given', () => {
  const event = createEvent(
    EventTypes.ResyncRequestedV1,
    { mailbox: 'room@x', reason: 'ErrorInvalidWatermark' },
    {
      source: 'subscription-manager',
      subject: 'room@x',
    },
  );
  assert.match(event.id, /^[0-9a-f-]{36}$/);
  assert.ok(!Number.isNaN(Date.parse(event.time)));
  assert.equal(event.type, 'rooms.exchange.ResyncRequested.v1');
  assert.deepEqual(event.data, { mailbox: 'room@x', reason: 'ErrorInvalidWatermark' });
});

test('takes an explicit id and time (Date or string)', () => {
  const id = '0b8f8a52-5f0e-4c8e-9d43-6a1f4f3f7c21';
  const a = createEvent(
    EventTypes.SubscriptionRemovedV1,
    { mailbox: 'm', subscriptionId: 's', reason: 'r' },
    {
      source: 'x',
      subject: 'm',
      id,
      time: new Date('2026-01-02T03:04:05.000Z'),
    },
  );
  assert.equal(a.id, id);
  assert.equal(a.time, '2026-01-02T03:04:05.000Z');
  const b = createEvent(EventTypes.SubscriptionRemovedV1, a.data, {
    source: 'x',
    subject: 'm',
    time: '2026-01-02T03:04:05Z',
  });
  assert.equal(b.time, '2026-01-02T03:04:05Z');
});
