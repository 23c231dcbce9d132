// The admin API: mailboxes, booking/moving/cancelling (single and recurring), subscription
// listing and fault injection, driven over HTTP.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { DEMO_ROOMS } from './createSimulator.ts';
import { createEwsClient } from './testing/ewsClient.ts';
import type { PushReceiver } from './testing/pushReceiver.ts';
import { startPushReceiver } from './testing/pushReceiver.ts';
import type { RunningSimulator } from './testing/startSimulator.ts';
import { startSimulator } from './testing/startSimulator.ts';

const [R1, R2] = DEMO_ROOMS;
let sim: RunningSimulator;
let receiver: PushReceiver;
beforeEach(async () => {
  sim = await startSimulator({ mailboxes: DEMO_ROOMS, timeScale: 0.01, coalesceMs: 10 });
  receiver = await startPushReceiver();
});
afterEach(async () => {
  await receiver.close();
  await sim.close();
});

const items = (room: string) => `/admin/mailboxes/${room}/items`;
const idOf = (res: { body: unknown }) => (res.body as { id: string }).id;
type SubView = {
  id: string;
  mailbox: string;
  callbackUrl: string;
  state: string;
  failures: number;
  lastDeliveryAt?: string;
};
const subs = async () => (await sim.admin('GET', '/admin/subscriptions')).body as SubView[];

test('mailboxes: list, create, conflicts and validation; /healthz', async () => {
  assert.deepEqual(
    ((await sim.admin('GET', '/admin/mailboxes')).body as { address: string }[]).map((m) => m.address),
    [R1.address, R2.address],
  );
  assert.equal(
    (await sim.admin('POST', '/admin/mailboxes', { address: 'Room-201@Contoso.example', displayName: 'Room 201' }))
      .status,
    201,
  );
  assert.equal((await sim.admin('POST', '/admin/mailboxes', { address: 'room-201@contoso.example' })).status, 409);
  assert.equal((await sim.admin('POST', '/admin/mailboxes', { address: 'no-at-sign' })).status, 400);
  assert.equal((await sim.admin('GET', '/admin/mailboxes/nobody@contoso.example/items')).status, 404);
  assert.equal((await sim.admin('POST', items(R1.address), { subject: 'x', start: 'tomorrow' })).status, 400);
  const health = await fetch(`${sim.baseUrl}/healthz`);
  assert.deepEqual(await health.json(), { status: 'ok', mailboxes: 3, subscriptions: 0 });
});

test('move to another room: removed here (Deleted), booked there with the same iCalUId', async () => {
  const booked = await sim.admin('POST', items(R1.address), {
    subject: 'Offsite',
    start: '2026-11-30T09:00:00Z',
    end: '2026-11-30T10:00:00Z',
  });
  const moved = await sim.admin('POST', `${items(R1.address)}/${encodeURIComponent(idOf(booked))}/move`, {
    toMailbox: R2.address,
  });
  assert.equal(moved.status, 200);
  assert.equal((moved.body as { iCalUid: string }).iCalUid, (booked.body as { iCalUid: string }).iCalUid);
  assert.equal((moved.body as { location: string }).location, 'Room 102');
  assert.deepEqual((await sim.admin('GET', items(R1.address))).body, []);
  const events = (await sim.admin('GET', `/admin/mailboxes/${R1.address}/events`)).body as { kind: string }[];
  assert.deepEqual(
    events.map((e) => e.kind),
    ['Created', 'Deleted'],
  );
  const retimed = await sim.admin('POST', `${items(R2.address)}/${encodeURIComponent(idOf(moved))}/move`, {
    start: '2026-11-30T11:00:00Z',
    end: '2026-11-30T12:00:00Z',
  });
  assert.equal((retimed.body as { start: string }).start, '2026-11-30T11:00:00.000Z');
  assert.notEqual((retimed.body as { changeKey: string }).changeKey, (moved.body as { changeKey: string }).changeKey);
});

test('recurring series: calendar view with an exception and a deleted occurrence; cancel modes', async () => {
  const series = await sim.admin('POST', items(R1.address), {
    subject: 'Daily',
    start: '2026-12-01T08:00:00Z',
    end: '2026-12-01T08:30:00Z',
    recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 3 },
  });
  const base = `${items(R1.address)}/${encodeURIComponent(idOf(series))}`;
  assert.equal(
    (
      await sim.admin('PATCH', `${base}/occurrences/2026-12-02T08:00:00Z`, {
        subject: 'Daily (late)',
        start: '2026-12-02T09:00:00Z',
        end: '2026-12-02T09:30:00Z',
      })
    ).status,
    200,
  );
  assert.equal((await sim.admin('DELETE', `${base}/occurrences/2026-12-03T08:00:00Z`)).status, 200);
  assert.equal((await sim.admin('DELETE', `${base}/occurrences/2026-12-09T08:00:00Z`)).status, 404);
  const view = (await sim.admin('GET', `${items(R1.address)}?start=2026-12-01T00:00:00Z&end=2026-12-05T00:00:00Z`))
    .body as { subject: string; type: string; start: string }[];
  assert.deepEqual(
    view.map((v) => [v.type, v.subject, v.start]),
    [
      ['Occurrence', 'Daily', '2026-12-01T08:00:00.000Z'],
      ['Exception', 'Daily (late)', '2026-12-02T09:00:00.000Z'],
    ],
  );
  const kept = await sim.admin('POST', `${base}/cancel`, { mode: 'keep' });
  assert.equal((kept.body as { isCancelled: boolean; subject: string }).isCancelled, true);
  assert.match((kept.body as { subject: string }).subject, /^Canceled: /);
  const moved = await sim.admin('POST', `${base}/cancel`, {});
  assert.equal((moved.body as { folder: string }).folder, 'deleteditems');
  assert.equal((await sim.admin('POST', `${base}/cancel`, { mode: 'delete' })).status, 404);
});

test('faults: failed deliveries are retried, dropSubscription silences, restart loses all subscriptions', async () => {
  const c = createEwsClient({ ewsUrl: sim.ewsUrl, mailbox: R1.address, credentials: { user: 'x', password: 'y' } });
  assert.equal((await sim.admin('POST', '/admin/faults', { type: 'failDeliveries', count: 1 })).status, 200);
  const a = await c.subscribe(receiver.url, 1);
  await receiver.waitFor((p) => p.length >= 1, 3000);
  const [first] = await subs();
  assert.equal(first?.failures, 1);
  assert.equal(first?.state, 'active');
  assert.equal(first?.callbackUrl, receiver.url);
  assert.equal(first?.mailbox, R1.address);
  assert.ok(first?.lastDeliveryAt);

  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'dropSubscription', subscriptionId: a.id })).status,
    200,
  );
  const count = receiver.pushes.length;
  await sim.admin('POST', items(R1.address), {
    subject: 'Unseen',
    start: '2026-11-30T09:00:00Z',
    end: '2026-11-30T10:00:00Z',
  });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(receiver.pushes.length, count);
  assert.equal((await subs())[0]?.state, 'lost');

  await c.subscribe(receiver.url, 1);
  const restart = await sim.admin('POST', '/admin/faults', { type: 'restart' });
  assert.deepEqual(restart.body, { lostSubscriptions: 1 });
  assert.deepEqual(await subs(), []);
  assert.equal(((await sim.admin('GET', '/admin/mailboxes')).body as unknown[]).length, 2);
  assert.equal((await sim.admin('POST', '/admin/faults', { type: 'bogus' })).status, 400);
});

test('errorPush fault: by mailbox or id, with a code; refused without a live target or with a bad code', async () => {
  const c = createEwsClient({ ewsUrl: sim.ewsUrl, mailbox: R2.address, credentials: { user: 'x', password: 'y' } });
  const sub = await c.subscribe(receiver.url, 1);
  await receiver.waitFor((p) => p.length >= 1, 3000);
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'errorPush', mailbox: R2.address, code: 'Nope' })).status,
    400,
  );
  assert.equal((await sim.admin('POST', '/admin/faults', { type: 'errorPush' })).status, 400);
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'errorPush', mailbox: R1.address })).status,
    404,
    'no live subscription in that room',
  );
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'errorPush', subscriptionId: 'bm8tc3VjaA==' })).status,
    404,
  );
  assert.equal(
    (
      await sim.admin('POST', '/admin/faults', {
        type: 'errorPush',
        mailbox: R2.address.toUpperCase(),
        code: 'ErrorMissedNotificationEvents',
      })
    ).status,
    200,
  );
  await receiver.waitFor((p) => p.some((x) => x.errors.length > 0), 3000);
  const errors = receiver.pushes.flatMap((p) => p.errors);
  assert.deepEqual(
    errors.map((e) => [e.responseCode, e.subscriptionId]),
    [['ErrorMissedNotificationEvents', sub.id]],
  );
  for (let i = 0; i < 100 && (await subs()).find((s) => s.id === sub.id)?.state !== 'failed'; i++)
    await new Promise((r) => setTimeout(r, 20));
  assert.equal((await subs()).find((s) => s.id === sub.id)?.state, 'failed');
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'errorPush', subscriptionId: sub.id })).status,
    404,
    'a failed subscription is no target',
  );
});
