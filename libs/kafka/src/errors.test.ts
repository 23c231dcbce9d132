import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KafkaUnavailableError, ProduceRejectedError, ProduceTimeoutError, toProduceError } from './errors.ts';

function engineError(name: string, extra: Record<string, unknown> = {}, cause?: unknown): Error {
  return Object.assign(new Error(`${name} happened`, { cause }), { name, ...extra });
}

test('a request timeout anywhere in the chain is a ProduceTimeoutError', () => {
  const err = toProduceError(
    engineError('KafkaJSNumberOfRetriesExceeded', {}, engineError('KafkaJSRequestTimeoutError')),
    't.v1',
  );
  assert.ok(err instanceof ProduceTimeoutError);
  assert.equal(err.retriable, true);
  assert.equal(err.topic, 't.v1');
  assert.ok(err.cause instanceof Error);
});

test('a non-retriable protocol error is a ProduceRejectedError with its code', () => {
  const err = toProduceError(
    engineError('KafkaJSProtocolError', { retriable: false, type: 'MESSAGE_TOO_LARGE' }),
    't.v1',
  );
  assert.ok(err instanceof ProduceRejectedError);
  assert.equal(err.code, 'MESSAGE_TOO_LARGE');
  assert.equal(err.retriable, false);
});

test('connection trouble and anything else is KafkaUnavailableError (retriable)', () => {
  for (const e of [
    engineError('KafkaJSConnectionError'),
    engineError('KafkaJSNumberOfRetriesExceeded', {}, engineError('KafkaJSConnectionError')),
    'boom',
  ]) {
    const err = toProduceError(e, 't.v1');
    assert.ok(err instanceof KafkaUnavailableError);
    assert.equal(err.retriable, true);
    assert.equal(err.name, 'KafkaUnavailableError');
  }
});

test('our own errors pass through unchanged', () => {
  const mine = new ProduceTimeoutError('x', { topic: 't', cause: undefined });
  assert.equal(toProduceError(mine, 'other'), mine);
});
