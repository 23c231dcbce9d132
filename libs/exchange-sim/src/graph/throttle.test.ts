import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../clock.ts';
import { createThrottle } from './throttle.ts';

test('concurrency per app and mailbox; released slots are reusable; other apps and mailboxes are apart', () => {
  const t = createThrottle({ clock: createManualClock(), maxConcurrent: 2, maxRequests: 100, windowMs: 60_000 });
  const a = t.admit('app', 'room');
  const b = t.admit('app', 'room');
  const c = t.admit('app', 'room');
  assert.deepEqual([a.ok, b.ok, c.ok], [true, true, false]);
  assert.equal(t.admit('other-app', 'room').ok, true);
  assert.equal(t.admit('app', 'other-room').ok, true);
  if (a.ok) {
    a.release();
    a.release();
  }
  assert.equal(t.admit('app', 'room').ok, true);
  assert.equal(t.admit('app', 'room').ok, false);
});

test('the request budget rolls with the window; Retry-After counts to the oldest request leaving it', () => {
  const clock = createManualClock();
  const t = createThrottle({ clock, maxConcurrent: 10, maxRequests: 2, windowMs: 10_000 });
  const use = () => {
    const a = t.admit('app', 'room');
    if (a.ok) a.release();
    return a;
  };
  use();
  clock.advance(4000);
  use();
  const refused = use();
  assert.equal(refused.ok, false);
  if (!refused.ok) assert.equal(refused.retryAfterS, 6);
  clock.advance(6001);
  assert.equal(use().ok, true);
});

test('the throttle fault refuses every app on the mailbox until it runs out', () => {
  const clock = createManualClock();
  const t = createThrottle({ clock, maxConcurrent: 4, maxRequests: 100, windowMs: 60_000 });
  t.block('room', 30_000);
  const a = t.admit('app', 'room');
  assert.equal(a.ok, false);
  if (!a.ok) assert.equal(a.retryAfterS, 30);
  clock.advance(30_000);
  assert.equal(t.admit('app', 'room').ok, true);
});

test('every request is remembered with whether it was let through, for tests to read back', () => {
  const clock = createManualClock();
  const t = createThrottle({ clock, maxConcurrent: 10, maxRequests: 100, windowMs: 10_000 });
  t.block('room', 5_000);
  t.admit('app', 'room', 'POST /v1.0/subscriptions');
  clock.advance(5_000);
  t.admit('app', 'room', 'POST /v1.0/subscriptions');
  assert.deepEqual(
    t.seen().map((s) => [s.mailbox, s.request, s.admitted]),
    [
      ['room', 'POST /v1.0/subscriptions', false],
      ['room', 'POST /v1.0/subscriptions', true],
    ],
  );
});
