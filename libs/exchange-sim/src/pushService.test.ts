// The push path end to end: the real ews-javascript-api client subscribes, the simulator
// pushes to a test receiver, and the receiver's replies and outages drive Exchange's
// delivery rules (time scale 0.01: StatusFrequency 1 min = 0.6 s, retries at 0.3 s / 0.6 s).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';
import { parseSendNotification } from '@rooms-sync/ews';
import type { NotificationEvent } from '@rooms-sync/events';
import { DEMO_ROOMS } from './createSimulator.ts';
import { createEwsClient } from './testing/ewsClient.ts';
import type { PushReceiver, ReceivedPush } from './testing/pushReceiver.ts';
import { startPushReceiver } from './testing/pushReceiver.ts';
import type { RunningSimulator } from './testing/startSimulator.ts';
import { startSimulator } from './testing/startSimulator.ts';

const ROOM = DEMO_ROOMS[0].address;
const ITEMS = `/admin/mailboxes/${ROOM}/items`;
let sim: RunningSimulator;
let receivers: PushReceiver[];

beforeEach(async () => {
  sim = await startSimulator({
    mailboxes: DEMO_ROOMS,
    timeScale: 0.01,
    coalesceMs: 20,
    maxEventsPerPush: 2,
    deliveryTimeoutMs: 500,
    auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
  });
  receivers = [];
});
afterEach(async () => {
  for (const r of receivers) await r.close();
  await sim.close();
});

async function receiver(): Promise<PushReceiver> {
  const r = await startPushReceiver();
  receivers.push(r);
  return r;
}

const client = () =>
  createEwsClient({
    ewsUrl: sim.ewsUrl,
    mailbox: ROOM,
    credentials: { user: 'svc-rooms', password: 'secret' },
    folderMailbox: true,
  });
const itemEvents = (pushes: readonly ReceivedPush[]): NotificationEvent[] =>
  pushes.flatMap((p) => p.messages.flatMap((m) => m.events)).filter((e) => e.kind !== 'Status');
const seq = (wm: string | undefined) => Buffer.from(wm ?? '', 'base64').readBigUInt64BE(12);
const idOf = (res: { body: unknown }) => encodeURIComponent((res.body as { id: string }).id);
const hh = (h: number) => String(h).padStart(2, '0');
const book = (subject: string, hour = 9) =>
  sim.admin('POST', ITEMS, {
    subject,
    start: `2026-11-25T${hh(hour)}:00:00Z`,
    end: `2026-11-25T${hh(hour)}:30:00Z`,
    organizer: 'ann@contoso.example',
  });

async function subscription(id: string) {
  const res = await sim.admin('GET', '/admin/subscriptions');
  const found = (res.body as { id: string; state: string; failures: number; deliveries: number }[]).find(
    (s) => s.id === id,
  );
  assert.ok(found, `subscription ${id} listed`);
  return found;
}

async function until(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

test('book, change, cancel: Created, Modified, Moved in order with increasing watermarks', async () => {
  const r = await receiver();
  const sub = await client().subscribe(r.url, 1);
  const booked = await book('Planning');
  await sim.admin('PATCH', `${ITEMS}/${idOf(booked)}`, {
    subject: 'Planning (moved)',
    start: '2026-11-25T10:00:00Z',
    end: '2026-11-25T11:00:00Z',
  });
  await sim.admin('POST', `${ITEMS}/${idOf(booked)}/cancel`, {});
  await r.waitFor((p) => itemEvents(p).length >= 3);
  const events = itemEvents(r.pushes);
  assert.deepEqual(
    events.map((e) => e.kind),
    ['Created', 'Modified', 'Moved'],
  );
  assert.ok(events.every((e, i) => i === 0 || seq(e.watermark) > seq(events[i - 1]?.watermark)));
  assert.ok(seq(events[0]?.watermark) > seq(sub.watermark));
  const bookedId = (booked.body as { id: string }).id;
  assert.equal(events[0]?.itemId?.id, bookedId);
  assert.equal(events[2]?.oldItemId?.id, bookedId);
  assert.notEqual(events[0].itemId.changeKey, events[1]?.itemId?.changeKey);
  // Every push names the subscription, and PreviousWatermark chains push to push.
  const messages = r.pushes.flatMap((p) => p.messages);
  assert.ok(messages.every((m) => m.subscriptionId === sub.id));
  for (let i = 1; i < messages.length; i++) {
    const prevEvents = messages[i - 1]?.events ?? [];
    assert.equal(messages[i]?.previousWatermark, prevEvents.at(-1)?.watermark);
  }
});

test('several events per push with MoreEvents while more wait', async () => {
  const r = await receiver();
  await client().subscribe(r.url, 1);
  // Five bookings in one tick, so they are all waiting when the first push is built.
  for (let i = 0; i < 5; i++)
    sim.sim.store.book(ROOM, {
      subject: `M${i}`,
      start: Date.UTC(2026, 10, 25, 10 + i),
      end: Date.UTC(2026, 10, 25, 11 + i),
      organizer: { address: 'ann@contoso.example' },
    });
  await r.waitFor((p) => itemEvents(p).length >= 5);
  const withEvents = r.pushes.flatMap((p) => p.messages).filter((m) => m.events.some((e) => e.kind !== 'Status'));
  assert.deepEqual(
    withEvents.map((m) => [m.events.length, m.moreEvents]),
    [
      [2, true],
      [2, true],
      [1, false],
    ],
  );
});

test('idle subscriptions get a StatusEvent every StatusFrequency', async () => {
  const r = await receiver();
  const sub = await client().subscribe(r.url, 1);
  await r.waitFor((p) => p.length >= 3, 4000);
  const status = r.pushes
    .flatMap((p) => p.messages)
    .filter((m) => m.events.length === 1 && m.events[0]?.kind === 'Status');
  assert.ok(status.length >= 3);
  assert.equal(status[0]?.events[0]?.watermark, sub.watermark);
});

test('receiver answers Unsubscribe: the subscription ends and pushes stop', async () => {
  const r = await receiver();
  r.reply = 'Unsubscribe';
  const sub = await client().subscribe(r.url, 1);
  await r.waitFor((p) => p.length >= 1);
  await until(async () => (await subscription(sub.id)).state === 'unsubscribed');
  await book('After unsubscribe');
  await new Promise((res) => setTimeout(res, 800));
  assert.equal(r.pushes.length, 1);
});

test('receiver down: retried on the schedule, then dropped; resubscribing from the last watermark delivers exactly what was missed', async () => {
  const r = await receiver();
  const c = client();
  const sub = await c.subscribe(r.url, 1);
  await book('Seen');
  await r.waitFor((p) => itemEvents(p).length === 1);
  const lastSeen = itemEvents(r.pushes)[0]?.watermark ?? '';
  await r.close();
  receivers = receivers.filter((x) => x !== r);
  const missed1 = await book('Missed 1', 11);
  await sim.admin('DELETE', `${ITEMS}/${idOf(missed1)}`);
  await until(async () => (await subscription(sub.id)).state === 'expired');
  const dead = await subscription(sub.id);
  // First try + retries at 30 s and 60 s: a retry at 120 s would exceed StatusFrequency (1 min).
  assert.equal(dead.failures, 3);

  const r2 = await receiver();
  const resumed = await c.subscribe(r2.url, 1, lastSeen);
  assert.notEqual(resumed.id, sub.id);
  assert.equal(resumed.watermark, lastSeen);
  await r2.waitFor((p) => itemEvents(p).length >= 2);
  await new Promise((res) => setTimeout(res, 200));
  const got = itemEvents(r2.pushes);
  assert.deepEqual(
    got.map((e) => e.kind),
    ['Created', 'Deleted'],
  );
  assert.equal(got[0]?.itemId?.id, (missed1.body as { id: string }).id);
  assert.equal(r2.pushes[0]?.messages[0]?.previousWatermark, lastSeen);
});

test('a delivery that times out counts as failed and is retried', async () => {
  const r = await receiver();
  r.reply = 'hang';
  const sub = await client().subscribe(r.url, 1);
  await until(async () => (await subscription(sub.id)).failures >= 1);
  r.reply = 'OK';
  await r.waitFor((p) => p.length >= 1, 3000);
  assert.equal((await subscription(sub.id)).state, 'active');
});

test('errorPush fault: the next push is an error push naming the subscription, and the subscription is dead', async () => {
  const r = await receiver();
  const sub = await client().subscribe(r.url, 1);
  await r.waitFor((p) => p.length >= 1);
  const armed = await sim.admin('POST', '/admin/faults', { type: 'errorPush', subscriptionId: sub.id });
  assert.equal(armed.status, 200);
  assert.deepEqual((armed.body as { errorPushes: unknown }).errorPushes, [
    { subscriptionId: sub.id, code: 'ErrorReadEventsFailed' },
  ]);
  await r.waitFor((p) => p.some((x) => x.errors.length > 0), 3000);
  const errorPush = r.pushes.find((x) => x.errors.length > 0);
  assert.ok(errorPush);
  // Exchange's shape (docs/protocols.md §5): no Notification, the id under MessageXml.
  assert.doesNotMatch(errorPush.body, /<m:Notification>/);
  assert.match(errorPush.body, /<m:MessageXml><t:Value Name="SubscriptionId">/);
  const parsed = parseSendNotification(errorPush.body);
  assert.ok(parsed.ok);
  assert.equal(parsed.messages.length, 1);
  const [message] = parsed.messages;
  assert.equal(message?.responseClass, 'Error');
  assert.ok(message.responseClass === 'Error');
  assert.equal(message.responseCode, 'ErrorReadEventsFailed');
  assert.equal(message.subscriptionId, sub.id);
  assert.ok(message.messageText);
  await until(async () => (await subscription(sub.id)).state === 'failed');
  assert.deepEqual(
    ((await sim.admin('GET', '/admin/faults')).body as { errorPushes: unknown }).errorPushes,
    [],
    'consumed',
  );

  // Nothing more for it: neither events nor heartbeats (StatusFrequency is 0.6 s here).
  const count = r.pushes.length;
  assert.equal(r.pushes.at(-1), errorPush, 'the error push was the last one');
  await book('After the error push');
  await new Promise((res) => setTimeout(res, 1500));
  assert.equal(r.pushes.length, count);
});
