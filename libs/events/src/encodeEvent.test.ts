import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent } from './createEvent.ts';
import { EVENT_ID_HEADER, EVENT_TYPE_HEADER, encodeEvent } from './encodeEvent.ts';
import { EventValidationError } from './EventValidationError.ts';
import { EventTypes } from './registry.ts';
import type { RoomsEvent } from './registry.ts';

const created = () =>
  createEvent(
    EventTypes.SubscriptionCreatedV1,
    {
      subscriptionId: 'sub-1',
      mailbox: 'room@x',
      folder: 'calendar',
      callbackUrl: 'https://h/api/webhooks/exchange',
      callbackRule: 'default',
      statusFrequencyMinutes: 5,
    },
    { source: 'subscription-manager', subject: 'room@x' },
  );

test('serialises a valid event, keyed by subject, with type/id and trace headers', () => {
  const event = created();
  const trace = {
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    tracestate: 'rojo=00f067aa0ba902b7',
  };
  const encoded = encodeEvent(event, { trace });
  assert.equal(encoded.key, 'room@x');
  assert.deepEqual(JSON.parse(encoded.value.toString('utf8')), event);
  assert.deepEqual(encoded.headers, {
    [EVENT_TYPE_HEADER]: event.type,
    [EVENT_ID_HEADER]: event.id,
    traceparent: trace.traceparent,
    tracestate: trace.tracestate,
  });
  assert.ok(!('traceparent' in event.data), 'trace context stays out of data');
});

test('no trace headers without a trace context', () => {
  const headers = encodeEvent(created()).headers;
  assert.equal(headers.traceparent, undefined);
  assert.equal(headers.tracestate, undefined);
});

test('keeps unknown fields in envelope and data', () => {
  const event = { ...created(), extension: 'x' } as RoomsEvent;
  (event.data as Record<string, unknown>).futureField = { nested: true };
  const decoded = JSON.parse(encodeEvent(event).value.toString('utf8')) as Record<string, unknown>;
  assert.equal(decoded.extension, 'x');
  assert.deepEqual((decoded.data as Record<string, unknown>).futureField, { nested: true });
});

test('throws EventValidationError naming the bad fields', () => {
  const bad = { ...created(), id: 'not-a-uuid' };
  (bad.data as Record<string, unknown>).statusFrequencyMinutes = 0;
  assert.throws(
    () => encodeEvent(bad),
    (err: unknown) => {
      assert.ok(err instanceof EventValidationError);
      assert.equal(err.retriable, false);
      assert.equal(err.eventType, EventTypes.SubscriptionCreatedV1);
      const paths = err.issues.map((i) => i.path);
      assert.ok(paths.includes('/id'), paths.join());
      assert.ok(paths.includes('/data/statusFrequencyMinutes'), paths.join());
      return true;
    },
  );
});

test('throws on an unregistered type', () => {
  const bad = { ...created(), type: 'rooms.exchange.SubscriptionCreated.v9' } as unknown as RoomsEvent;
  assert.throws(() => encodeEvent(bad), EventValidationError);
});
