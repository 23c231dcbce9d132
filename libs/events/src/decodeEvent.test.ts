import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEvent } from './createEvent.ts';
import { decodeEvent } from './decodeEvent.ts';
import { encodeEvent } from './encodeEvent.ts';
import { EventTypes } from './registry.ts';

const event = () =>
  createEvent(
    EventTypes.SubscriptionFailedV1,
    {
      mailbox: 'room@x',
      errorCode: 'ErrorServerBusy',
      errorMessage: 'busy',
      retriable: true,
    },
    { source: 'subscription-manager', subject: 'room@x' },
  );

const bytes = (value: unknown) => Buffer.from(JSON.stringify(value));

test('decodes what encodeEvent wrote, with its trace context', () => {
  const e = event();
  const trace = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
  const encoded = encodeEvent(e, { trace });
  const result = decodeEvent({
    value: encoded.value,
    headers: { ...encoded.headers, traceparent: Buffer.from(trace.traceparent) },
  });
  assert.ok(result.ok);
  assert.deepEqual(result.event, e);
  assert.deepEqual(result.trace, trace);
});

test('accepts a string value and no headers', () => {
  const result = decodeEvent({ value: JSON.stringify(event()) });
  assert.ok(result.ok);
  assert.equal(result.trace, undefined);
  // The union narrows on `type`.
  const retriable = result.event.type === EventTypes.SubscriptionFailedV1 ? result.event.data.retriable : undefined;
  assert.equal(retriable, true);
});

test('keeps unknown newer fields (envelope and data)', () => {
  const raw = { ...event(), specversion: '1.0', data: { ...event().data, newerField: [1, 2] } };
  const result = decodeEvent({ value: bytes(raw) });
  assert.ok(result.ok);
  assert.deepEqual(result.event, raw);
});

test('invalid_json: garbage, truncated, tombstone', () => {
  for (const value of [Buffer.from('<xml/>'), Buffer.from('{"id":'), null]) {
    const result = decodeEvent({ value });
    assert.ok(!result.ok);
    assert.equal(result.error.reason, 'invalid_json');
    assert.ok(result.error.details.length > 0);
  }
});

test('unknown_type: newer version, missing type', () => {
  const v9 = decodeEvent({ value: bytes({ ...event(), type: 'rooms.exchange.SubscriptionFailed.v9' }) });
  assert.ok(!v9.ok);
  assert.equal(v9.error.reason, 'unknown_type');
  assert.equal(v9.error.type, 'rooms.exchange.SubscriptionFailed.v9');
  const untyped: Record<string, unknown> = { ...event() };
  delete untyped.type;
  const missing = decodeEvent({ value: bytes(untyped) });
  assert.ok(!missing.ok);
  assert.equal(missing.error.reason, 'unknown_type');
  assert.equal(missing.error.type, undefined);
});

test('schema: bad envelope, bad data, not an object', () => {
  const badTime = decodeEvent({ value: bytes({ ...event(), time: 'yesterday' }) });
  assert.ok(!badTime.ok);
  assert.equal(badTime.error.reason, 'schema');
  assert.equal(badTime.error.type, EventTypes.SubscriptionFailedV1);
  assert.deepEqual(
    badTime.error.issues?.map((i) => i.path),
    ['/time'],
  );

  const data: Record<string, unknown> = { ...event().data };
  delete data.retriable;
  const badData = decodeEvent({ value: bytes({ ...event(), data }) });
  assert.ok(!badData.ok);
  assert.equal(badData.error.reason, 'schema');
  assert.match(badData.error.details, /retriable/);

  for (const value of ['[]', '42', 'null']) {
    const result = decodeEvent({ value });
    assert.ok(!result.ok);
    assert.equal(result.error.reason, 'schema', value);
  }
});
