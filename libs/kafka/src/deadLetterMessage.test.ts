import assert from 'node:assert/strict';
import { test } from 'node:test';
import { deadLetterMessage, DLQ_HEADERS, readDeadLetterInfo } from './deadLetterMessage.ts';

test('keeps the original record and adds origin and failure headers', () => {
  const value = Buffer.from('{not json');
  const message = deadLetterMessage(
    {
      topic: 't.v1',
      partition: 3,
      offset: '42',
      key: 'room@x',
      value,
      headers: { traceparent: Buffer.from('00-abc'), 'dlq-reason': 'stale' },
      timestamp: '1700000000000',
    },
    { reason: 'invalid_json', details: 'x'.repeat(5000), groupId: 'projector' },
    new Date('2026-01-01T00:00:00Z'),
  );
  assert.equal(message.key, 'room@x');
  assert.equal(message.value, value);
  const headers = message.headers ?? {};
  assert.deepEqual(headers.traceparent, Buffer.from('00-abc'));
  assert.equal(headers[DLQ_HEADERS.reason], 'invalid_json', 'a previous dlq header never survives');
  assert.equal(headers[DLQ_HEADERS.failedAt], '2026-01-01T00:00:00.000Z');
  assert.equal(headers[DLQ_HEADERS.timestamp], '1700000000000');
  assert.equal(String(headers[DLQ_HEADERS.details]).length, 2000);
  assert.deepEqual(readDeadLetterInfo(headers), {
    topic: 't.v1',
    partition: 3,
    offset: '42',
    reason: 'invalid_json',
    details: 'x'.repeat(2000),
    groupId: 'projector',
  });
});

test('readDeadLetterInfo: undefined without dlq headers', () => {
  assert.equal(readDeadLetterInfo({ traceparent: 'x' }), undefined);
  assert.equal(readDeadLetterInfo(undefined), undefined);
});
