// The manager as it runs in production (its own processes), against the exchange simulator,
// the real ingress, Kafka and PostgreSQL. One file on purpose: managers fold the shared
// topics, and a manager removes every room its own table does not list, so two of these
// tests running side by side would end each other's subscriptions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { createEvent, EventTypes, ewsMessagesOf } from '@rooms-sync/events';
import { decodeSnapshot } from '@rooms-sync/subscriptions';
import type { SpawnedService } from '@rooms-sync/testing';
import type { RunningSimulator } from './subscriptionManagerSupport.ts';
import {
  freshDatabase,
  insertRoom,
  ownTopics,
  recordTopics,
  rooms,
  simSubscriptions,
  startIngress,
  startManager,
  startSim,
  uniqueRooms,
  waitFor,
} from './subscriptionManagerSupport.ts';

let ingress: { service: SpawnedService; url: string };
before(async () => {
  ingress = await startIngress();
});
after(() => ingress.service.stop());

/** ResyncRequested for a loss, not the periodic reconcile (a room whose subscription is old is due at once). */
const lossResyncs = (topics: Awaited<ReturnType<typeof recordTopics>>, mailbox?: string) =>
  topics.of(EventTypes.ResyncRequestedV1, mailbox).filter((e) => e.data.reason !== 'reconcile');
const active = async (sim: RunningSimulator, mailbox: string) =>
  (await simSubscriptions(sim)).filter(
    (s) => s.mailbox === mailbox && (s.state === 'active' || s.state === 'retrying'),
  );

/** One room of its own, its manager started with `env`, subscribed and pushed to at least once. */
async function subscribedRoom(t: TestContext, env: Record<string, string>) {
  const [room] = uniqueRooms(1) as [string];
  const sim = await startSim([room]);
  const db = await freshDatabase();
  const topics = await recordTopics();
  await rooms(db, sim, 'add', room);
  const manager = await startManager({ db, sim, env });
  t.after(async () => {
    await manager.stop();
    await topics.stop();
    await sim.close();
    await db.drop();
  });

  const first = await waitFor('first subscription', () => topics.of(EventTypes.SubscriptionCreatedV1, room)[0]);
  const oldId = first.data.subscriptionId;
  await waitFor('a push for it', () =>
    topics.of(EventTypes.NotificationReceivedV1).find((e) => e.data.subscriptionId === oldId),
  );
  return { room, sim, topics, manager, oldId };
}

test('adding a room creates exactly one subscription at the resolved URL; each precedence rule gives the URL the simulator records', async (t) => {
  const [room] = uniqueRooms(1) as [string];
  const sim = await startSim([room]);
  const db = await freshDatabase();
  const topics = await recordTopics();
  t.after(async () => {
    await topics.stop();
    await sim.close();
    await db.drop();
  });

  const rules: { env: Record<string, string>; url: string; rule: string }[] = [
    { env: { IdpRootUrl: ingress.url }, url: `${ingress.url}/api/webhooks/exchange`, rule: 'default' },
    {
      env: {
        IdpRootUrl: ingress.url,
        ExchangePushNotificationEndpointUrl: `${ingress.url}/api/webhooks/exchange?via=override`,
      },
      url: `${ingress.url}/api/webhooks/exchange?via=override`,
      rule: 'override',
    },
    {
      env: { IdpRootUrl: ingress.url, ExchangePushNotificationUseLegacyEndpoint: 'true', Tenant: 'contoso' },
      url: `https://${new URL(ingress.url).host}/WebServices/SyncNotification.svc?contoso`,
      rule: 'legacy',
    },
  ];
  assert.equal(await rooms(db, sim, 'add', room), 0);
  for (const expected of rules) {
    const manager = await startManager({ db, sim, env: expected.env });
    const created = await waitFor(`Created at the ${expected.rule} URL`, () =>
      topics.of(EventTypes.SubscriptionCreatedV1, room).find((e) => e.data.callbackUrl === expected.url),
    );
    assert.equal(created.data.callbackRule, expected.rule);
    const atSim = (await simSubscriptions(sim)).find((s) => s.id === created.data.subscriptionId);
    assert.equal(atSim?.callbackUrl, expected.url, 'the URL the simulator records');
    assert.ok(
      manager.logs.some((l) => l.rule === expected.rule && l.url === expected.url),
      'the winning rule is logged',
    );
    const ops = String(manager.ready.ops);
    const metrics = await (await fetch(`${ops}/metrics`)).text();
    assert.match(metrics, /^rooms_manager_leader\{[^}]*\} 1$/m);
    assert.ok(
      metrics
        .split('\n')
        .some(
          (l) =>
            l.startsWith('rooms_callback_url_info{') &&
            l.includes(`rule="${expected.rule}"`) &&
            l.includes(`url="${expected.url}"`),
        ),
    );
    assert.match(metrics, /^rooms_subscribe_attempts_total\{[^}]*outcome="ok"[^}]*\} 1$/m);
    assert.deepEqual(await (await fetch(`${ops}/leader`)).json(), { leader: true, acting: true });
    assert.equal((await fetch(`${ops}/readyz`)).status, 200);
    await manager.stop();
  }
  // One Created per rule: the first start subscribed, each later start migrated (never a second one per start).
  assert.deepEqual(
    topics.of(EventTypes.SubscriptionCreatedV1, room).map((e) => e.data.callbackRule),
    ['default', 'override', 'legacy'],
  );
  assert.equal(topics.of(EventTypes.SubscriptionSupersededV1, room).length, 2);
});

test('a silently dropped subscription: HeartbeatMissed, a new one from the last watermark, Superseded, and the gap bookings arrive', async (t) => {
  const { room, sim, topics, oldId } = await subscribedRoom(t, { IdpRootUrl: ingress.url });
  const book = async (subject: string) => {
    const res = await sim.admin('POST', `/admin/mailboxes/${room}/items`, {
      subject,
      start: '2026-12-01T10:00:00Z',
      end: '2026-12-01T11:00:00Z',
    });
    return (res.body as { id: string }).id;
  };
  const before = await book('before the drop');
  await waitFor('the booking before the drop pushed', () => topics.createdItems(oldId).includes(before));

  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'dropSubscription', subscriptionId: oldId })).status,
    200,
  );
  const gap = [await book('in the gap 1'), await book('in the gap 2')];

  const missed = await waitFor(
    'HeartbeatMissed',
    () => topics.of(EventTypes.SubscriptionHeartbeatMissedV1, room)[0],
    25_000,
  );
  assert.equal(missed.data.subscriptionId, oldId);
  const second = await waitFor('the new subscription', () => topics.of(EventTypes.SubscriptionCreatedV1, room)[1]);
  const lastSeen = topics
    .of(EventTypes.NotificationReceivedV1)
    .filter((e) => e.data.subscriptionId === oldId)
    .flatMap((e) =>
      ewsMessagesOf(e.data).flatMap((m) =>
        m.responseClass === 'Error' ? [] : m.events.flatMap((ev) => (ev.watermark ? [ev.watermark] : [])),
      ),
    )
    .at(-1);
  assert.equal(second.data.watermark, lastSeen, 'resumed from the last watermark seen');
  const superseded = await waitFor('Superseded', () => topics.of(EventTypes.SubscriptionSupersededV1, room)[0]);
  assert.deepEqual(
    [superseded.data.oldSubscriptionId, superseded.data.newSubscriptionId],
    [oldId, second.data.subscriptionId],
  );
  await waitFor('the gap bookings at the ingress', () =>
    gap.every((id) => topics.createdItems(second.data.subscriptionId).includes(id)),
  );
  assert.equal((await active(sim, room)).length, 1);
});

test('an error push (ErrorReadEventsFailed) through the real ingress: a fresh subscription at once, Superseded for the old id, ResyncRequested', async (t) => {
  const { room, sim, topics, manager, oldId } = await subscribedRoom(t, { IdpRootUrl: ingress.url });
  assert.equal((await sim.admin('POST', '/admin/faults', { type: 'errorPush', mailbox: room })).status, 200);

  const recorded = await waitFor('the error push recorded by the ingress', () =>
    topics
      .of(EventTypes.NotificationReceivedV1)
      .find((e) => ewsMessagesOf(e.data).some((m) => m.responseClass === 'Error' && m.subscriptionId === oldId)),
  );
  assert.deepEqual(
    ewsMessagesOf(recorded.data).map((m) => (m.responseClass === 'Error' ? m.responseCode : m.responseClass)),
    ['ErrorReadEventsFailed'],
  );
  const second = await waitFor(
    'the new subscription',
    () => topics.of(EventTypes.SubscriptionCreatedV1, room)[1],
    10_000,
  );
  assert.notEqual(second.data.subscriptionId, oldId);
  // At once: the error push itself is the cause, not the watchdog (no HeartbeatMissed below).
  await waitFor('recreated because of the error push', () =>
    manager.logs.some(
      (l) => l.msg === 'subscribed' && l.subscriptionId === second.data.subscriptionId && l.reason === 'error-push',
    ),
  );
  assert.equal(topics.of(EventTypes.SubscriptionHeartbeatMissedV1, room).length, 0);
  const superseded = await waitFor('Superseded', () => topics.of(EventTypes.SubscriptionSupersededV1, room)[0]);
  assert.deepEqual(
    [superseded.data.oldSubscriptionId, superseded.data.newSubscriptionId, superseded.data.reason],
    [oldId, second.data.subscriptionId, 'error-push'],
  );
  const resync = await waitFor('ResyncRequested', () => lossResyncs(topics, room)[0]);
  assert.equal(resync.data.reason, 'ErrorReadEventsFailed');
  assert.equal(topics.topic(resync), DEFAULT_TOPICS.subscriptions);
  assert.ok(
    manager.logs.some((l) => l.msg === 'subscribed' && l.reason === 'error-push' && l.fromWatermark === false),
    'fresh, not from the watermark',
  );

  const atSim = await simSubscriptions(sim);
  assert.equal(atSim.find((s) => s.id === oldId)?.state, 'failed', 'Exchange ends a subscription after its error push');
  assert.deepEqual(
    (await active(sim, room)).map((s) => s.id),
    [second.data.subscriptionId],
  );
  await waitFor('a push for the new one', () =>
    topics.of(EventTypes.NotificationReceivedV1).find((e) => e.data.subscriptionId === second.data.subscriptionId),
  );
});

test('a resubscribe refused with ErrorInvalidWatermark: SubscriptionFailed, then a fresh subscription without watermark and ResyncRequested', async (t) => {
  // No grace: the watchdog fires 2 × StatusFrequency (6 s here) after the last push, so the test stays short.
  const { room, sim, topics, manager, oldId } = await subscribedRoom(t, {
    IdpRootUrl: ingress.url,
    HeartbeatGraceSeconds: '0',
  });
  // The room's event history is gone, then the subscription: the manager resumes from a watermark Exchange no longer knows.
  const expired = await sim.admin('POST', '/admin/faults', { type: 'expireWatermarks', mailbox: room });
  assert.equal(expired.status, 200);
  const { oldestValidWatermark } = expired.body as { oldestValidWatermark: string };
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'dropSubscription', subscriptionId: oldId })).status,
    200,
  );

  await waitFor('HeartbeatMissed', () => topics.of(EventTypes.SubscriptionHeartbeatMissedV1, room)[0], 15_000);
  const failed = await waitFor(
    'SubscriptionFailed(ErrorInvalidWatermark)',
    () => topics.of(EventTypes.SubscriptionFailedV1, room)[0],
  );
  assert.deepEqual(
    [failed.data.errorCode, failed.data.retriable, failed.data.subscriptionId],
    ['ErrorInvalidWatermark', true, oldId],
  );
  const second = await waitFor(
    'the fresh subscription',
    () => topics.of(EventTypes.SubscriptionCreatedV1, room)[1],
    10_000,
  );
  assert.equal(
    second.data.watermark,
    oldestValidWatermark,
    'started where Exchange starts a subscription without watermark',
  );
  assert.ok(manager.logs.some((l) => l.msg === 'subscribe failed' && l.errorKind === 'invalid_watermark'));
  assert.ok(
    manager.logs.some(
      (l) => l.msg === 'subscribed' && l.fromWatermark === false && l.resync === 'ErrorInvalidWatermark',
    ),
    'no watermark on the retry',
  );
  const superseded = await waitFor('Superseded', () => topics.of(EventTypes.SubscriptionSupersededV1, room)[0]);
  assert.deepEqual(
    [superseded.data.oldSubscriptionId, superseded.data.newSubscriptionId],
    [oldId, second.data.subscriptionId],
  );
  const resync = await waitFor('ResyncRequested', () => lossResyncs(topics, room)[0]);
  assert.equal(resync.data.reason, 'ErrorInvalidWatermark');
  assert.equal(topics.topic(resync), DEFAULT_TOPICS.subscriptions);
  assert.equal(topics.of(EventTypes.SubscriptionFailedV1, room).length, 1, 'one refusal, then healed');
  const metrics = await (await fetch(`${String(manager.ready.ops)}/metrics`)).text();
  assert.match(metrics, /^rooms_subscribe_attempts_total\{[^}]*outcome="invalid_watermark"[^}]*\} 1$/m);
  assert.deepEqual(
    (await active(sim, room)).map((s) => s.id),
    [second.data.subscriptionId],
  );
});

test('EWS errors: throttling honours BackOffMilliseconds; a permanent error is reported once, retried quietly, and heals', async (t) => {
  const [busy, missing] = uniqueRooms(2) as [string, string];
  const sim = await startSim([busy]);
  const db = await freshDatabase();
  const topics = await recordTopics();
  const manager = await startManager({ db, sim, env: { IdpRootUrl: ingress.url, PermanentErrorRetrySeconds: '1' } });
  t.after(async () => {
    await manager.stop();
    await topics.stop();
    await sim.close();
    await db.drop();
  });
  await waitFor('acting', () => manager.logs.some((l) => l.msg === 'caught up with the topics; acting as leader'));

  await sim.admin('POST', '/admin/faults', { type: 'serverBusy', count: 1, backOffMs: 3_000 });
  // Not `rooms add`: its own check would meet the throttling (or the missing mailbox) and refuse.
  await insertRoom(db, busy);
  const throttled = await waitFor(
    'SubscriptionFailed(ErrorServerBusy)',
    () => topics.of(EventTypes.SubscriptionFailedV1, busy)[0],
  );
  assert.equal(throttled.data.errorCode, 'ErrorServerBusy');
  assert.equal(throttled.data.retriable, true);
  const notBefore = Date.parse(throttled.data.nextAttemptAt ?? '');
  assert.ok(notBefore - Date.parse(throttled.time) >= 3_000, 'next attempt no earlier than the back-off');
  const created = await waitFor(
    'subscribed after the back-off',
    () => topics.of(EventTypes.SubscriptionCreatedV1, busy)[0],
  );
  assert.ok(Date.parse(created.time) >= notBefore);

  await insertRoom(db, missing);
  const failed = await waitFor(
    'SubscriptionFailed(ErrorNonExistentMailbox)',
    () => topics.of(EventTypes.SubscriptionFailedV1, missing)[0],
  );
  assert.equal(failed.data.errorCode, 'ErrorNonExistentMailbox');
  assert.equal(failed.data.retriable, false);
  await new Promise((resolve) => setTimeout(resolve, 4_000));
  const metrics = await (await fetch(`${String(manager.ready.ops)}/metrics`)).text();
  const permanentAttempts = Number(
    /^rooms_subscribe_attempts_total\{[^}]*outcome="permanent"[^}]*\} (\d+)$/m.exec(metrics)?.[1] ?? 0,
  );
  assert.ok(permanentAttempts >= 3, `retried quietly (${permanentAttempts} attempts)`);
  assert.equal(topics.of(EventTypes.SubscriptionFailedV1, missing).length, 1, 'reported once, not in a loop');

  await sim.admin('POST', '/admin/mailboxes', { address: missing });
  await waitFor(
    'subscribed once the mailbox exists',
    () => topics.of(EventTypes.SubscriptionCreatedV1, missing)[0],
    10_000,
  );
});

test('two managers never hold two subscriptions for one room; killing the leader hands over; a restart creates no duplicates', async (t) => {
  const [r1, r2, r3] = uniqueRooms(3) as [string, string, string];
  const sim = await startSim([r1, r2, r3]);
  const db = await freshDatabase();
  const topics = await recordTopics();
  const env = { IdpRootUrl: ingress.url };
  const a = await startManager({ db, sim, env });
  const b = await startManager({ db, sim, env });
  const started: SpawnedService[] = [a, b];
  t.after(async () => {
    for (const m of started) await m.stop();
    await topics.stop();
    await sim.close();
    await db.drop();
  });

  await rooms(db, sim, 'add', r1);
  await rooms(db, sim, 'add', r2);
  // Subscribed at Exchange AND recorded on the topic: a leader killed between the two leaves a
  // subscription no event names, which a successor cannot know of (a known gap, not this test's).
  await waitFor(
    'both rooms subscribed and recorded',
    async () =>
      (await active(sim, r1)).length === 1 &&
      (await active(sim, r2)).length === 1 &&
      topics.of(EventTypes.SubscriptionCreatedV1, r1).length === 1 &&
      topics.of(EventTypes.SubscriptionCreatedV1, r2).length === 1,
  );
  const leader = a.logs.some((l) => l.msg === 'leadership acquired') ? a : b;
  const standby = leader === a ? b : a;
  assert.ok(!standby.logs.some((l) => l.msg === 'leadership acquired'), 'exactly one leader');

  await leader.kill();
  await rooms(db, sim, 'add', r3);
  await waitFor(
    'the standby takes over and subscribes the new room',
    async () => (await active(sim, r3)).length === 1,
    20_000,
  );
  assert.ok(standby.logs.some((l) => l.msg === 'leadership acquired'));

  assert.equal(await standby.stop(), 0, 'SIGTERM: clean exit');
  // The shutdown timer would have exited 1 and logged this.
  assert.ok(!standby.logs.some((l) => l.msg === 'shutdown timed out, exiting'), 'within the 10 s grace');
  assert.ok(
    standby.logs.some((l) => l.msg === 'leadership lost' && l.why === 'stopped'),
    'the lock is released on the way out',
  );
  const restarted = await startManager({ db, sim, env });
  started.push(restarted);
  await waitFor('the restarted manager acts', () =>
    restarted.logs.some((l) => l.msg === 'caught up with the topics; acting as leader'),
  );
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  for (const room of [r1, r2, r3]) {
    assert.equal(topics.of(EventTypes.SubscriptionCreatedV1, room).length, 1, `one Created for ${room}`);
    assert.equal((await active(sim, room)).length, 1, `one live subscription for ${room} at the simulator`);
  }
});

test('switching the URL rule migrates every room, one at a time, none ever without a subscription; removing a room ends it via Unsubscribe', async (t) => {
  const all = uniqueRooms(3);
  const sim = await startSim(all);
  const db = await freshDatabase();
  const topics = await recordTopics();
  for (const room of all) await rooms(db, sim, 'add', room);
  let manager = await startManager({ db, sim, env: { IdpRootUrl: ingress.url } });
  t.after(async () => {
    await manager.stop();
    await topics.stop();
    await sim.close();
    await db.drop();
  });
  await waitFor('all rooms subscribed', async () =>
    (await Promise.all(all.map((r) => active(sim, r)))).every((s) => s.length === 1),
  );
  await manager.stop();

  const override = `${ingress.url}/api/webhooks/exchange?via=override`;
  manager = await startManager({
    db,
    sim,
    env: { IdpRootUrl: ingress.url, ExchangePushNotificationEndpointUrl: override },
  });
  let uncovered = false;
  await waitFor('every room at the new URL, old ones unsubscribed by the ingress', async () => {
    const subs = await simSubscriptions(sim);
    const live = (room: string) => subs.filter((s) => s.mailbox === room && s.state === 'active');
    if (all.some((room) => live(room).length === 0)) uncovered = true;
    return all.every((room) => live(room).length === 1 && live(room)[0]?.callbackUrl === override);
  });
  assert.equal(uncovered, false, 'no room was ever without a live subscription');
  for (const room of all) assert.equal(topics.of(EventTypes.SubscriptionSupersededV1, room).length, 1);

  const [gone] = all as [string];
  const current = (await active(sim, gone))[0]?.id;
  assert.equal(await rooms(db, sim, 'remove', gone), 0);
  const removed = await waitFor('SubscriptionRemoved', () => topics.of(EventTypes.SubscriptionRemovedV1, gone)[0]);
  assert.equal(removed.data.subscriptionId, current);
  await waitFor(
    'the simulator ends it after the ingress answers Unsubscribe',
    async () => (await simSubscriptions(sim)).find((s) => s.id === current)?.state === 'unsubscribed',
    15_000,
  );
});

test('the notifications are read only from a lookback window: two days of old pushes are skipped, a room silent since then starts fresh with a resync, a live one survives a restart', async (t) => {
  const [live, silent] = uniqueRooms(2) as [string, string];
  const sim = await startSim([live, silent]);
  const db = await freshDatabase();
  const own = await ownTopics();
  // An ingress of its own writes the pushes to the test's notifications topic.
  const ownIngress = await startIngress(own.settings);
  const topics = await recordTopics([own.subscriptions, own.notifications]);
  const managers: SpawnedService[] = [];
  t.after(async () => {
    for (const m of managers) await m.stop();
    await topics.stop();
    await ownIngress.service.stop();
    await own.stop();
    await sim.close();
    await db.drop();
  });

  // Two days ago `silent` got OLD-1, which pushed OLD times (its last watermark WM-OLD-300) and then nothing.
  const OLD = 300;
  const longAgo = Date.now() - 48 * 3_600_000;
  const at = (ms: number, subject: string) => ({ source: 'test', subject, time: new Date(ms) });
  await own.produce(own.subscriptions, [
    createEvent(
      EventTypes.SubscriptionCreatedV1,
      {
        subscriptionId: 'OLD-1',
        mailbox: silent,
        folder: 'calendar',
        callbackUrl: `${ownIngress.url}/api/webhooks/exchange`,
        callbackRule: 'default',
        statusFrequencyMinutes: 1,
        watermark: 'WM-OLD-0',
      },
      at(longAgo, silent),
    ),
  ]);
  await own.produce(
    own.notifications,
    Array.from({ length: OLD }, (_, i) =>
      createEvent(
        EventTypes.NotificationReceivedV1,
        {
          subscriptionId: 'OLD-1',
          endpoint: 'default',
          receivedAt: new Date(longAgo + (i + 1) * 3_000).toISOString(),
          messages: [
            {
              responseClass: 'Success',
              subscriptionId: 'OLD-1',
              moreEvents: false,
              events: [{ kind: 'Status', watermark: `WM-OLD-${i + 1}` }],
            },
          ],
        },
        at(longAgo + (i + 1) * 3_000, 'OLD-1'),
      ),
    ),
  );
  await rooms(db, sim, 'add', live);
  await rooms(db, sim, 'add', silent);
  // The default window (60 min × the 0.05 time scale = 3 min) holds none of them.
  const env = { IdpRootUrl: ownIngress.url, ...own.settings };
  const rebuilt = async (manager: SpawnedService) => {
    const window = await waitFor('the window logged', () =>
      manager.logs.find((l) => l.msg === 'reading the notifications from the lookback window'),
    );
    const done = await waitFor('state rebuilt', () =>
      manager.logs.find((l) => l.msg === 'state rebuilt from the topics'),
    );
    return {
      skipped: Number(window.skipped),
      inWindow: Number(window.inWindow),
      read: done.read as { lifecycle: number; notifications: number },
    };
  };

  const first = await startManager({ db, sim, env });
  managers.push(first);
  const firstStart = await rebuilt(first);
  assert.deepEqual([firstStart.skipped, firstStart.inWindow], [OLD, 0], 'the old pushes are skipped');
  assert.ok(firstStart.read.notifications < OLD, 'and none of them is read');
  assert.ok(firstStart.read.lifecycle >= 1, 'the lifecycle topic is read whole');
  const missed = await waitFor(
    'HeartbeatMissed for OLD-1',
    () => topics.of(EventTypes.SubscriptionHeartbeatMissedV1, silent)[0],
  );
  assert.deepEqual([missed.data.subscriptionId, missed.data.lastContactAt], ['OLD-1', undefined]);
  const fresh = await waitFor(
    'a fresh subscription for the silent room',
    () => topics.of(EventTypes.SubscriptionCreatedV1, silent)[0],
  );
  const resync = await waitFor('ResyncRequested', () => lossResyncs(topics, silent)[0]);
  assert.equal(resync.data.reason, 'WatermarkUnknown');
  assert.ok(
    first.logs.some((l) => l.msg === 'subscribed' && l.reason === 'heartbeat-missed' && l.fromWatermark === false),
    'not from WM-OLD-0',
  );
  const kept = await waitFor('the live room subscribed', () => topics.of(EventTypes.SubscriptionCreatedV1, live)[0]);
  await waitFor('both push into the window', () =>
    [kept, fresh].every((c) =>
      topics.of(EventTypes.NotificationReceivedV1).some((e) => e.data.subscriptionId === c.data.subscriptionId),
    ),
  );
  assert.equal(await first.stop(), 0);
  // The stop wrote a snapshot; without it this start reads the window, which is what is tested here.
  await db.db('manager_snapshots').delete();

  const second = await startManager({ db, sim, env });
  managers.push(second);
  const secondStart = await rebuilt(second);
  assert.ok(secondStart.skipped === OLD && secondStart.inWindow > 0);
  assert.ok(
    secondStart.read.notifications > 0 && secondStart.read.notifications < OLD,
    `only the window is read (${secondStart.read.notifications})`,
  );
  await waitFor('the restarted manager acts', () =>
    second.logs.some((l) => l.msg === 'caught up with the topics; acting as leader'),
  );
  // Past the heartbeat deadline (2 × 3 s + 2 s) of both since creation: only the pushes read in the window keep them.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  for (const room of [live, silent]) {
    assert.equal(topics.of(EventTypes.SubscriptionCreatedV1, room).length, 1, `no new subscription for ${room}`);
    assert.equal((await active(sim, room)).length, 1, `one live subscription for ${room} at the simulator`);
  }
  assert.equal(topics.of(EventTypes.SubscriptionHeartbeatMissedV1).length, 1);
  assert.equal(lossResyncs(topics).length, 1);
});

test('a restarted manager goes on from its snapshot: it reads only the records after it, subscribes the room added meanwhile and duplicates none; a damaged snapshot means a full read', async (t) => {
  const [r1, r2, r3] = uniqueRooms(3) as [string, string, string];
  const sim = await startSim([r1, r2, r3]);
  const db = await freshDatabase();
  const own = await ownTopics();
  const ownIngress = await startIngress(own.settings);
  const topics = await recordTopics([own.subscriptions, own.notifications]);
  const managers: SpawnedService[] = [];
  t.after(async () => {
    for (const m of managers) await m.stop();
    await topics.stop();
    await ownIngress.service.stop();
    await own.stop();
    await sim.close();
    await db.drop();
  });
  const env = { IdpRootUrl: ownIngress.url, ManagerSnapshotIntervalSeconds: '1', ...own.settings };
  const start = async () => {
    const manager = await startManager({ db, sim, env });
    managers.push(manager);
    await waitFor('the manager acts', () =>
      manager.logs.some((l) => l.msg === 'caught up with the topics; acting as leader'),
    );
    const rebuilt = await waitFor('state rebuilt', () =>
      manager.logs.find((l) => l.msg === 'state rebuilt from the topics'),
    );
    const read = rebuilt.read as { lifecycle: number; notifications: number };
    return { manager, read: read.lifecycle + read.notifications, ms: Number(rebuilt.ms) };
  };
  const pushesFor = (id: string) =>
    topics.of(EventTypes.NotificationReceivedV1).filter((e) => e.data.subscriptionId === id).length;
  const assertOneEach = async (rooms: string[]) => {
    for (const room of rooms) {
      assert.equal(topics.of(EventTypes.SubscriptionCreatedV1, room).length, 1, `one Created for ${room}`);
      assert.equal((await active(sim, room)).length, 1, `one live subscription for ${room} at the simulator`);
    }
  };

  await rooms(db, sim, 'add', r1);
  await rooms(db, sim, 'add', r2);
  const first = await start();
  const created = await waitFor('both rooms subscribed', () => {
    const found = [r1, r2].map((room) => topics.of(EventTypes.SubscriptionCreatedV1, room)[0]);
    return found.every((c) => c !== undefined) && found;
  });
  await waitFor('both push', () => created.every((c) => pushesFor(c.data.subscriptionId) > 0));
  assert.equal(await first.manager.stop(), 0);
  assert.ok(first.manager.logs.some((l) => l.msg === 'state snapshot written at stop'));

  const row = await db.db('manager_snapshots').first<{ body: string } | undefined>('body');
  const stored = decodeSnapshot(row?.body ?? '');
  assert.ok(stored.ok, 'the row decodes');
  assert.equal(stored.snapshot.state.rooms.size, 2);
  assert.doesNotMatch(row?.body ?? '', /secret/, 'no credential in the snapshot');
  const covered = [...stored.snapshot.offsets.values()].reduce((sum, offset) => sum + Number(offset) + 1, 0);

  // While no manager runs: a room is added and both subscriptions keep pushing.
  await rooms(db, sim, 'add', r3);
  const pushed = created.map((c) => pushesFor(c.data.subscriptionId));
  await waitFor('more pushes', () => created.every((c, i) => pushesFor(c.data.subscriptionId) > (pushed[i] ?? 0)));

  const second = await start();
  const restored = second.manager.logs.find((l) => l.msg === 'restored state from snapshot');
  assert.ok(restored, 'the snapshot is restored');
  assert.equal(restored.rooms, 2);
  assert.ok(Number(restored.after) > 0, 'the pushes after it are read');
  await waitFor(
    `only the records after the snapshot are read (${String(second.read)} besides ${String(covered)} covered)`,
    () => second.read + covered <= topics.events.length,
    5_000,
  );
  await waitFor('the room added meanwhile is subscribed', async () => (await active(sim, r3)).length === 1);
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await assertOneEach([r1, r2, r3]);
  assert.equal(topics.of(EventTypes.SubscriptionHeartbeatMissedV1).length, 0, 'no push is lost across the restart');
  assert.equal(await second.manager.stop(), 0);

  await db.db('manager_snapshots').update({ body: '{"v":1,"state":' });
  const third = await start();
  assert.ok(
    third.manager.logs.some((l) => l.msg === 'state snapshot not used; reading the topics in full'),
    'a damaged snapshot is ignored',
  );
  assert.ok(!third.manager.logs.some((l) => l.msg === 'restored state from snapshot'));
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  await assertOneEach([r1, r2, r3]);
  t.diagnostic(
    `start to state rebuilt: ${String(first.ms)} ms without snapshot (empty topics), ${String(second.ms)} ms from the snapshot (${String(second.read)} records), ${String(third.ms)} ms full read (${String(third.read)} records)`,
  );
});
