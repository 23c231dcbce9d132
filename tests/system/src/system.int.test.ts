// The whole system, every component its own process and wired as in production: the exchange
// simulator pushes to the callback URL the subscription-manager registered (here a proxy in front
// of the webhook ingress, which can lose or repeat a push), the ingress records each push on
// Kafka, and the sync-projector fetches what changed and serves the read model. After every step
// the read API must show what the simulator holds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { createKafka, readEndOffsets } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { readCheckpoints } from '@rooms-sync/projection';
import type { ReservationView } from '@rooms-sync/projection';
import { LOCAL_DATABASE_URL, LOCAL_KAFKA_BROKERS, REPO_ROOT, spawnService, waitFor } from '@rooms-sync/testing';
import type { SpawnedService, SpawnServiceOptions } from '@rooms-sync/testing';
import { startPushProxy } from './pushProxy.ts';
import { startGroupAtEnd } from './startGroupAtEnd.ts';
import type { PushProxy } from './pushProxy.ts';

const TIME_SCALE = '0.05';
const DAY = 86_400_000;
const TAG = randomBytes(4).toString('hex');
const ROOMS = {
  single: `room-${TAG}-single@contoso.example`,
  series: `room-${TAG}-series@contoso.example`,
  lossy: `room-${TAG}-lossy@contoso.example`,
};
const GROUP = `system-test-${TAG}`;
const TOPICS = [DEFAULT_TOPICS.notifications, DEFAULT_TOPICS.subscriptions];
const quiet = createLogger({ service: 'system-test', level: 'error' });
const kafka = createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'system-test', logger: quiet });
const admin = kafka.engine.admin();

interface View {
  id: string;
  subject: string | null;
  start: string;
  end: string;
}
type Services = Record<'sim' | 'ingress' | 'projector' | 'manager', SpawnedService>;

let db: TestDatabase;
let proxy: PushProxy;
let simUrl: string;
let services: Services;
/** Everything spawned, for the clean-up even when the start fails half way. */
const started: SpawnedService[] = [];
const spawn = async (options: SpawnServiceOptions): Promise<SpawnedService> => {
  const service = await spawnService(options);
  started.push(service);
  return service;
};
/** Where the projector's group starts on each partition (`topic:partition` → offset). */
const startOffsets = new Map<string, bigint>();
/** The subscription the manager created for each room. */
const subscriptionOf = new Map<string, string>();

const TODAY = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, hour: number) => new Date(TODAY + days * DAY + hour * 3_600_000).toISOString();
const from = new Date(Date.now() + DAY).toISOString();
const to = new Date(Date.now() + 20 * DAY).toISOString();

before(async () => {
  const [sim, ingress, testDb] = await Promise.all([
    spawn({
      name: 'exchange-simulator',
      env: { SIM_PORT: '0', SIM_TIME_SCALE: TIME_SCALE, SIM_USERS: 'svc-rooms:secret', SIM_DEMO_ROOMS: '0' },
      readyMessage: 'exchange simulator listening',
    }),
    // Before anyone reads the topics: it creates them, as in a fresh deployment.
    spawn({
      name: 'webhook-ingress',
      env: { KafkaBrokers: LOCAL_KAFKA_BROKERS, HttpPort: '0', OpsPort: '0', LogLevel: 'info' },
      readyMessage: 'webhook ingress listening',
    }),
    createTestDatabase(LOCAL_DATABASE_URL),
    admin.connect(),
  ]);
  db = testDb;
  simUrl = `http://127.0.0.1:${String((sim.ready.address as { port: number }).port)}`;
  for (const address of Object.values(ROOMS)) await simAdmin('POST', '/admin/mailboxes', { address });
  proxy = await startPushProxy(String(ingress.ready.public));
  const ews = { EwsUrl: `${simUrl}/EWS/Exchange.asmx`, EwsUsername: 'svc-rooms', EwsPassword: 'secret' };
  const infra = { KafkaBrokers: LOCAL_KAFKA_BROKERS, DatabaseUrl: db.url, OpsPort: '0', LogLevel: 'info' };

  const [manager, projector] = await Promise.all([
    // It reads both topics in full before it acts, which takes a while on the shared broker: start it first.
    spawn({
      name: 'subscription-manager',
      env: {
        ...infra,
        ...ews,
        IdpRootUrl: proxy.url,
        ManagerName: `test/system-${TAG}`,
        SubscriptionTimeScale: TIME_SCALE,
        // Heartbeats every 40 min × 0.05 = 2 min, longer than this whole file: the only pushes are the first one
        // of each subscription and those our bookings cause, so no heartbeat papers over a lost push.
        StatusFrequencyMinutes: '40',
        HeartbeatGraceSeconds: '2',
        ReconcileIntervalMs: '500',
        LeaderCheckIntervalMs: '300',
      },
      readyMessage: 'subscription manager started',
      timeoutMs: 30_000,
    }),
    (async () => {
      // Over a hundred thousand pushes of other test files are on the shared broker: not ours to read.
      for (const [key, offset] of await startGroupAtEnd(kafka, admin, GROUP, TOPICS)) startOffsets.set(key, offset);
      return spawn({
        name: 'sync-projector',
        env: { ...infra, ...ews, ProjectorConsumerGroup: GROUP, ProjectorHorizonDays: '30' },
        readyMessage: 'sync projector running',
        timeoutMs: 30_000,
      });
    })(),
  ]);
  services = { sim, ingress, projector, manager };

  // Only now: the projector's start offsets must come before the first SubscriptionCreated of our rooms.
  await Promise.all(
    Object.values(ROOMS).map(async (room) => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['services/cli/src/main.ts', 'rooms', 'add', room],
        {
          cwd: REPO_ROOT,
          // `rooms add` checks that the room answers through its connection (default: the Ews* keys).
          env: { PATH: process.env.PATH ?? '', ROOMS_APPSETTINGS_PATH: '', DatabaseUrl: db.url, ...ews },
        },
      );
      assert.equal(stdout, `added ${room}\n`);
    }),
  );
  // 'subscribed' is logged once SubscriptionCreated is on the broker.
  for (const room of Object.values(ROOMS)) {
    const line = await waitFor(
      `${room} subscribed`,
      () => manager.logs.find((l) => l.msg === 'subscribed' && l.mailbox === room),
      30_000,
    );
    subscriptionOf.set(room, String(line.subscriptionId));
  }
});

after(async () => {
  await Promise.all(started.map((s) => s.kill()));
  await proxy?.close();
  await admin.disconnect();
  await db?.drop();
});

test('a single meeting: booked, changed (same row, new version), cancelled (soft-deleted)', async () => {
  const room = ROOMS.single;
  const meeting = await book(room, {
    subject: 'Planning',
    start: at(2, 9),
    end: at(2, 10),
    organizer: 'ada@contoso.example',
  });
  await converged(room, 'booked');
  const [booked] = await model(room, true);

  await simAdmin('PATCH', `/admin/mailboxes/${room}/items/${encodeURIComponent(meeting)}`, {
    subject: 'Planning (moved)',
    start: at(2, 14),
    end: at(2, 15),
  });
  await converged(room, 'time and subject changed');
  const rows = await model(room, true);
  assert.equal(rows.length, 1, 'updated in place, not a second row');
  assert.equal(rows[0]?.key, booked?.key);
  assert.deepEqual([rows[0]?.subject, rows[0]?.start], ['Planning (moved)', at(2, 14)]);
  assert.ok((rows[0]?.version ?? 0) > (booked?.version ?? 0));

  await simAdmin('POST', `/admin/mailboxes/${room}/items/${encodeURIComponent(meeting)}/cancel`, {});
  await converged(room, 'cancelled');
  const history = await model(room, true);
  assert.equal(history.length, 1);
  assert.ok(history[0]?.deletedAt !== null || history[0].status === 'cancelled', 'kept as cancelled history');
});

test('a recurring series: one row per occurrence, the exception moved, the deleted occurrence gone', async () => {
  const room = ROOMS.series;
  const series = await book(room, {
    subject: 'Standup',
    start: at(3, 8),
    end: at(3, 9),
    organizer: 'bob@contoso.example',
    recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
  });
  await converged(room, 'series booked');
  assert.equal((await model(room)).length, 5);

  const path = `/admin/mailboxes/${room}/items/${encodeURIComponent(series)}/occurrences`;
  await simAdmin('PATCH', `${path}/${at(4, 8)}`, { subject: 'Standup (late)', start: at(4, 11), end: at(4, 12) });
  await converged(room, 'one occurrence moved');
  await simAdmin('DELETE', `${path}/${at(5, 8)}`);
  await converged(room, 'one occurrence deleted');

  const rows = await model(room);
  assert.equal(rows.length, 4);
  const moved = rows.find((r) => r.occurrenceStart === at(4, 8));
  assert.deepEqual([moved?.subject, moved?.start, moved?.end], ['Standup (late)', at(4, 11), at(4, 12)]);
  assert.ok(!rows.some((r) => r.occurrenceStart === at(5, 8) || r.start === at(5, 8)));
});

test('a lost push is caught up by the next one; a push delivered twice leaves no duplicate', async () => {
  const room = ROOMS.lossy;
  const subscriptionId = subscriptionOf.get(room) ?? '';
  // Start from a quiet room: its first push is through and everything recorded so far is applied.
  await waitFor('the first push of the subscription', () =>
    proxy.handled.some((p) => p.messages.some((m) => m.subscriptionId === subscriptionId)),
  );
  await projectorCaughtUp();

  const swallowed = proxy.next(subscriptionId, 'swallow');
  const a = await book(room, {
    subject: 'Meeting A',
    start: at(6, 9),
    end: at(6, 10),
    organizer: 'eve@contoso.example',
  });
  const lost = await swallowed;
  assert.ok(
    lost.messages.some(
      (m) => m.responseClass !== 'Error' && m.events.some((e) => e.kind === 'Created' && e.itemId?.id === a),
    ),
    'the lost push announced A',
  );
  await projectorCaughtUp();
  assert.deepEqual(await model(room, true), [], 'nothing told the projector about A');

  const twice = proxy.next(subscriptionId, 'duplicate');
  const b = await book(room, {
    subject: 'Meeting B',
    start: at(7, 9),
    end: at(7, 10),
    organizer: 'eve@contoso.example',
  });
  const repeated = await twice;
  assert.equal(repeated.deliveries.length, 2);
  for (const d of repeated.deliveries)
    assert.match(d.body, /<SubscriptionStatus>OK</, `delivery answered ${String(d.status)}`);
  await converged(room, 'A and B after the next push');
  assert.deepEqual((await model(room, true)).map((r) => r.itemId).sort(), [a, b].sort());
});

test('SIGTERM: every service stops cleanly with exit code 0', async () => {
  const codes = await Promise.all(Object.entries(services).map(async ([name, s]) => [name, await s.stop()] as const));
  assert.deepEqual(Object.fromEntries(codes), { sim: 0, ingress: 0, projector: 0, manager: 0 });
});

async function simAdmin(method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${simUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path}: ${String(res.status)} ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}

async function book(room: string, meeting: Record<string, unknown>): Promise<string> {
  return ((await simAdmin('POST', `/admin/mailboxes/${room}/items`, meeting)) as { id: string }).id;
}

/** The simulator's truth: the room's calendar view, occurrences expanded. */
async function truth(room: string): Promise<View[]> {
  const items = (await simAdmin('GET', `/admin/mailboxes/${room}/items?start=${from}&end=${to}`)) as (View & {
    isCancelled: boolean;
  })[];
  return items
    .filter((i) => !i.isCancelled)
    .map((i) => ({ id: i.id, subject: i.subject, start: i.start, end: i.end }))
    .sort((x, y) => x.id.localeCompare(y.id));
}

/** The read model, through the projector's read API. */
async function model(room: string, includeCancelled = false): Promise<ReservationView[]> {
  const url = `${String(services.projector.ready.ops)}/api/reservations?room=${room}&from=${from}&to=${to}${includeCancelled ? '&includeCancelled=true' : ''}`;
  const res = await fetch(url);
  assert.equal(res.status, 200);
  return ((await res.json()) as { reservations: ReservationView[] }).reservations;
}

/** Polls until the read model shows exactly the simulator's truth; on the deadline, fails with the difference. */
async function converged(room: string, step: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [want, rows] = await Promise.all([truth(room), model(room)]);
    const got = rows
      .map((r) => ({ id: r.itemId, subject: r.subject, start: r.start, end: r.end }))
      .sort((x, y) => x.id.localeCompare(y.id));
    if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) {
      assert.deepEqual(got, want, step);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves once the projector has committed everything on its topics up to now. */
async function projectorCaughtUp(): Promise<void> {
  const ends = await readEndOffsets(kafka, TOPICS);
  await waitFor(
    'the projector to apply everything recorded so far',
    async () => {
      const done = await readCheckpoints(db.db, GROUP);
      return [...ends].every(
        ([key, end]) => end <= (startOffsets.get(key) ?? 0n) || (done.get(key) ?? -1n) >= end - 1n,
      );
    },
    10_000,
  );
}
