import assert from 'node:assert/strict';
import { test } from 'node:test';
import { failureFact } from './failureFact.ts';
import { config, ewsError, failed, fold, ROOM, T0 } from './testing/testFixtures.ts';

const base = { mailbox: ROOM, now: T0, draw: 0.5, policy: config.backoff };
const nextIn = (o: ReturnType<typeof failureFact>) => Date.parse(o.fact.data.nextAttemptAt ?? '') - T0;

test('transient errors back off exponentially with a cap (mid draw = no jitter)', () => {
  const delays = [0, 1, 2, 3, 10].map((attempts) =>
    nextIn(failureFact({ ...base, room: undefined, attempts, error: ewsError('transient', 'ECONNRESET') })),
  );
  assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 60_000]);
});

test('jitter spreads the delay', () => {
  const low = nextIn(
    failureFact({ ...base, draw: 0, room: undefined, attempts: 2, error: ewsError('transient', 'ECONNRESET') }),
  );
  const high = nextIn(
    failureFact({ ...base, draw: 0.999, room: undefined, attempts: 2, error: ewsError('transient', 'ECONNRESET') }),
  );
  assert.ok(low < 4_000 && high > 4_000, `${low} < 4000 < ${high}`);
});

test("throttling honours Exchange's BackOffMilliseconds", () => {
  const outcome = failureFact({
    ...base,
    room: undefined,
    attempts: 0,
    error: ewsError('throttled', 'ErrorServerBusy', 30_000),
  });
  assert.equal(nextIn(outcome), 30_000);
  assert.equal(outcome.publish, true);
  assert.equal(outcome.fact.data.retriable, true);
});

test('a permanent error is published once per change, then only moves the (long) back-off', () => {
  const error = ewsError('permanent', 'ErrorNonExistentMailbox');
  const first = failureFact({ ...base, room: undefined, attempts: 0, error });
  assert.equal(first.publish, true);
  assert.equal(first.fact.data.retriable, false);
  assert.equal(nextIn(first), config.backoff.permanentRetryMs);
  const room = fold([failed('ErrorNonExistentMailbox', T0, T0, 'permanent')]).rooms.get(ROOM);
  assert.equal(failureFact({ ...base, room, attempts: 1, error }).publish, false, 'same error again: no new event');
  assert.equal(
    failureFact({ ...base, room, attempts: 1, error: ewsError('unauthorized', 'ErrorAccessDenied') }).publish,
    true,
    'a different error is news',
  );
});

test('a refused watermark allows the fresh attempt at once', () => {
  assert.equal(
    nextIn(
      failureFact({
        ...base,
        room: undefined,
        attempts: 0,
        error: ewsError('invalid_watermark', 'ErrorInvalidWatermark'),
      }),
    ),
    0,
  );
});
