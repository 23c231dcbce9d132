// Exchange's delivery rules on a manual clock (no HTTP): retry schedule and drop,
// heartbeat timing, acknowledgement and MoreEvents batching.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSendNotification } from '@rooms-sync/ews';
import { createManualClock } from './clock.ts';
import { createFaults } from './faults.ts';
import { silentLogger } from './logger.ts';
import { createMailboxStore } from './mailboxStore.ts';
import type { DeliveryOutcome } from './postNotification.ts';
import { createPushService } from './pushService.ts';

const MIN = 60_000;

function setup(outcomes: (DeliveryOutcome | 'pending')[] = [], statusFrequencyMinutes = 1) {
  const clock = createManualClock();
  const faults = createFaults();
  const store = createMailboxStore({ clock });
  const mb = store.createMailbox({ address: 'room@contoso.example' });
  const attempts: { at: number; body: string }[] = [];
  const push = createPushService({
    store,
    clock,
    timeScale: 1,
    post: (_url, body) => {
      attempts.push({ at: clock.now(), body });
      const o = outcomes.shift() ?? { kind: 'ok', status: 'OK', httpStatus: 200 };
      return o === 'pending' ? new Promise<DeliveryOutcome>(() => undefined) : Promise.resolve(o);
    },
    build: (m) => buildSendNotification(m),
    faults,
    logger: silentLogger,
    maxEventsPerPush: 2,
    maxSubscriptionsPerMailbox: 20,
    coalesceMs: 0,
    deliveryTimeoutMs: 1000,
  });
  const sub = push.subscribe({
    mailbox: mb,
    folderIds: new Set([mb.calendar.id]),
    eventKinds: new Set(['Created', 'Modified', 'Deleted', 'Moved']),
    url: 'http://receiver',
    statusFrequencyMinutes,
    startSeq: 0,
  });
  assert.ok(sub.ok);
  const t0 = clock.now();
  // Let each delivery's promise settle after the timer that started it.
  const advance = async (ms: number) => {
    for (let left = ms; left > 0; left -= 1000) {
      clock.advance(Math.min(1000, left));
      await new Promise((r) => setImmediate(r));
    }
  };
  const book = (subject: string) =>
    store.book(mb.address, {
      subject,
      start: Date.UTC(2026, 10, 25, 9),
      end: Date.UTC(2026, 10, 25, 10),
      organizer: { address: 'a@contoso.example' },
    });
  return {
    clock,
    store,
    faults,
    push,
    sub: sub.subscription,
    attempts,
    advance,
    book,
    since: (a: { at: number }) => a.at - t0,
  };
}

const failed: DeliveryOutcome = { kind: 'failed', reason: 'HTTP 503' };

test('StatusFrequency 1: retries 30 s and 60 s after the first try, then the subscription is dropped', async () => {
  const s = setup([failed, failed, failed]);
  await s.advance(10 * MIN);
  assert.deepEqual(s.attempts.map(s.since), [0, 30_000, 60_000]);
  assert.equal(s.sub.state, 'expired');
});

test('StatusFrequency 30: 0, 30, 60, 120, 240, 480, 960 s, and no 1920 s try', async () => {
  const s = setup(
    Array.from({ length: 10 }, () => failed),
    30,
  );
  await s.advance(60 * MIN);
  assert.deepEqual(
    s.attempts.map((a) => s.since(a) / 1000),
    [0, 30, 60, 120, 240, 480, 960],
  );
  assert.equal(s.sub.state, 'expired');
});

test('a retry that succeeds keeps the subscription; idle heartbeats follow every StatusFrequency', async () => {
  const s = setup([failed]);
  await s.advance(30_000);
  assert.equal(s.sub.state, 'active');
  await s.advance(3 * MIN);
  assert.deepEqual(s.attempts.map(s.since), [0, 30_000, 90_000, 150_000, 210_000]);
  assert.ok(s.attempts.every((a) => a.body.includes('StatusEvent')));
});

test('events wait for the acknowledgement; batches of two with MoreEvents', async () => {
  const s = setup();
  await s.advance(1);
  for (const n of ['a', 'b', 'c']) s.book(n);
  await s.advance(3000);
  const bodies = s.attempts.slice(1).map((a) => a.body);
  assert.equal(bodies.length, 2);
  assert.match(bodies[0] ?? '', /<t:MoreEvents>true<\/t:MoreEvents>(<t:CreatedEvent>.*){2}/);
  assert.match(bodies[1] ?? '', /<t:MoreEvents>false<\/t:MoreEvents><t:CreatedEvent>/);
  assert.equal(s.sub.snapshot().watermark, s.store.get('room@contoso.example').events.at(-1)?.watermark);
});

test('a delivery that never answers holds later events until it is resolved', async () => {
  const s = setup(['pending']);
  await s.advance(1);
  s.book('x');
  await s.advance(5 * MIN);
  assert.equal(s.attempts.length, 1);
});

test('an error push is retried like any push; once delivered the subscription is failed and silent', async () => {
  const s = setup([{ kind: 'ok', status: 'OK', httpStatus: 200 }, failed]);
  await s.advance(1);
  assert.deepEqual(s.push.errorPush({ mailbox: 'Room@contoso.example' }, 'ErrorMissedNotificationEvents'), [s.sub.id]);
  await s.advance(1);
  assert.equal(s.attempts.length, 2, 'sent at once, not at the next heartbeat');
  await s.advance(30_000);
  assert.equal(s.sub.state, 'failed');
  const [first, retry] = s.attempts.slice(1).map((a) => a.body);
  assert.equal(retry, first, 'the retry repeats the error push');
  assert.match(first ?? '', /ResponseClass="Error"/);
  assert.match(first ?? '', /<m:ResponseCode>ErrorMissedNotificationEvents<\/m:ResponseCode>/);
  assert.equal(s.faults.snapshot().errorPushes.length, 0);
  s.book('after');
  await s.advance(10 * MIN);
  assert.equal(s.attempts.length, 3);
});
