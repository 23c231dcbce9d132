import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutError, withTimeout } from './withTimeout.ts';

test('passes through a value or an error that comes in time', async () => {
  assert.equal(await withTimeout(Promise.resolve(7), 1_000), 7);
  await assert.rejects(withTimeout(Promise.reject(new Error('refused')), 1_000), /refused/);
});

test('a promise that never settles rejects with a retriable TimeoutError naming the dependency', async () => {
  await assert.rejects(withTimeout(new Promise(() => undefined), 10, 'PostgreSQL'), (err: unknown) => {
    assert.ok(err instanceof TimeoutError);
    assert.equal(err.name, 'TimeoutError');
    assert.equal(err.retriable, true);
    assert.equal(err.timeoutMs, 10);
    assert.equal(err.message, 'no answer from PostgreSQL within 10 ms');
    return true;
  });
  await assert.rejects(withTimeout(new Promise(() => undefined), 10), { message: 'no answer within 10 ms' });
});

test('a caller can reject with an error type of its own', async () => {
  class BrokerTimeout extends Error {}
  await assert.rejects(
    withTimeout(new Promise(() => undefined), 10, () => new BrokerTimeout('no ack')),
    BrokerTimeout,
  );
});
