import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { EwsResult } from '@rooms-sync/ews-client';
import { callExchange } from './callExchange.ts';

const busy = (backOffMs?: number): EwsResult<number> => ({
  ok: false,
  error: {
    operation: 'GetItem',
    mailbox: 'r@x',
    code: 'ErrorServerBusy',
    message: 'busy',
    kind: 'throttled',
    ...(backOffMs === undefined ? {} : { backOffMs }),
  },
});

test("throttling is retried with Exchange's BackOffMilliseconds as the floor, heartbeating while waiting", async () => {
  const transient: EwsResult<number> = {
    ok: false,
    error: { operation: 'GetItem', mailbox: 'r@x', code: 'HttpStatus503', message: 'unavailable', kind: 'transient' },
  };
  const results: EwsResult<number>[] = [busy(7_000), transient, { ok: true, value: 42 }];
  const slept: number[] = [];
  let beats = 0;
  const r = await callExchange(() => Promise.resolve(results.shift()!), {
    retries: 5,
    initialMs: 10,
    maxMs: 100,
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
    heartbeat: () => {
      beats++;
      return Promise.resolve();
    },
  });
  assert.deepEqual(r, { ok: true, value: 42 });
  assert.equal(
    slept.slice(0, 3).reduce((a, b) => a + b, 0),
    7_000,
    'the 7 s back-off is slept in heartbeat-sized slices',
  );
  assert.ok(beats >= 3);
});

test('permanent errors are returned at once; retries end with the last error', async () => {
  let calls = 0;
  const denied: EwsResult<number> = {
    ok: false,
    error: { operation: 'GetItem', mailbox: 'r@x', code: 'ErrorAccessDenied', message: 'no', kind: 'unauthorized' },
  };
  assert.deepEqual(
    await callExchange(
      () => {
        calls++;
        return Promise.resolve(denied);
      },
      { retries: 5, initialMs: 1, maxMs: 1, sleep: () => Promise.resolve() },
    ),
    denied,
  );
  assert.equal(calls, 1);
  calls = 0;
  const last = await callExchange(
    () => {
      calls++;
      return Promise.resolve(busy());
    },
    { retries: 2, initialMs: 1, maxMs: 1, sleep: () => Promise.resolve() },
  );
  assert.equal(calls, 3);
  assert.equal(last.ok, false);
});
