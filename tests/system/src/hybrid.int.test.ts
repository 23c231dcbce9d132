// One deployment, both kinds of Exchange: on-premises rooms on the default EWS connection and
// Exchange Online rooms on a Graph connection, all four services as processes against the
// simulator (EWS face over HTTP, Graph face and its token endpoint over HTTPS). Both kinds must
// converge on the same read model, through Graph's lifecycle troubles too; and no configured
// secret (the EWS password, the Graph client secret, the clientStates the manager made) may
// appear in any log line, Kafka record or table of the run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { createKafka, dlqTopicFor } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import type { ReservationView } from '@rooms-sync/projection';
import {
  createTestTls,
  LOCAL_DATABASE_URL,
  LOCAL_KAFKA_BROKERS,
  runCli,
  spawnService,
  trustInThisProcess,
  waitFor,
} from '@rooms-sync/testing';
import type { SpawnedService, SpawnServiceOptions, TestTls } from '@rooms-sync/testing';

const TIME_SCALE = '0.05';
const DAY = 86_400_000;
const TAG = randomBytes(4).toString('hex');
const ONPREM = [`onprem-a-${TAG}@contoso.example`, `onprem-b-${TAG}@contoso.example`] as const;
const ONLINE = [`online-c-${TAG}@contoso.example`, `online-d-${TAG}@contoso.example`] as const;
const SECRETS = {
  ewsPassword: `ews-pw-${randomBytes(12).toString('hex')}`,
  graph: `graph-${randomBytes(16).toString('hex')}`,
};
const TENANT = `tenant-${TAG}`;
const CLIENT_ID = `rooms-sync-${TAG}`;
const GROUP = `hybrid-test-${TAG}`;
const TOPICS = [DEFAULT_TOPICS.notifications, DEFAULT_TOPICS.subscriptions];
const quiet = createLogger({ service: 'hybrid-test', level: 'error' });
const kafka = createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'hybrid-test', logger: quiet });
const admin = kafka.engine.admin();

interface Slot {
  subject: string | null;
  start: string;
  end: string;
}

let tls: TestTls;
let tlsDir: string;
let db: TestDatabase;
let simUrl: string;
let projectorUrl: string;
let manager: SpawnedService;
const started: SpawnedService[] = [];
/** Every service of the run by name: their whole output is searched for secrets. */
const named = new Map<string, SpawnedService>();
const spawn = async (options: SpawnServiceOptions): Promise<SpawnedService> => {
  const service = await spawnService(options);
  started.push(service);
  named.set(options.name, service);
  return service;
};
/** Where this run starts on each partition of our topics (`topic:partition` → offset). */
const startOffsets = new Map<string, bigint>();
/** clientStates the manager sent to the simulator: secrets too. */
const clientStates = new Set<string>();

const TODAY = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, hour: number) => new Date(TODAY + days * DAY + hour * 3_600_000).toISOString();
const from = new Date(Date.now() + DAY).toISOString();
const to = new Date(Date.now() + 20 * DAY).toISOString();

before(async () => {
  tls = createTestTls();
  trustInThisProcess(tls.caPem);
  tlsDir = mkdtempSync(join(tmpdir(), 'hybrid-tls-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(tlsDir, name), text, { mode: 0o600 });
    return join(tlsDir, name);
  };
  const tlsEnv = {
    SIM_TLS_CERT: file('server.pem', tls.certPem),
    SIM_TLS_KEY: file('server.key', tls.keyPem),
    NODE_EXTRA_CA_CERTS: file('ca.pem', tls.caPem),
  };
  const [sim, ingress, testDb] = await Promise.all([
    spawn({
      name: 'exchange-simulator',
      env: {
        ...tlsEnv,
        SIM_PORT: '0',
        SIM_GRAPH_PORT: '0',
        SIM_TIME_SCALE: TIME_SCALE,
        SIM_DEMO_ROOMS: '0',
        SIM_USERS: `svc-rooms:${SECRETS.ewsPassword}`,
        SIM_GRAPH_TENANT: TENANT,
        SIM_GRAPH_CLIENT_ID: CLIENT_ID,
        SIM_GRAPH_CLIENT_SECRET: SECRETS.graph,
        SIM_ONLINE_ROOMS: ONLINE.join(','),
        SIM_GRAPH_ALLOW_HTTP: '1',
      },
      readyMessage: 'exchange simulator listening',
    }),
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
  const graphUrl = `https://127.0.0.1:${String((sim.ready.graphAddress as { port: number }).port)}`;
  for (const address of ONPREM) await simAdmin('POST', '/admin/mailboxes', { address });

  const ews = { EwsUrl: `${simUrl}/EWS/Exchange.asmx`, EwsUsername: 'svc-rooms', EwsPassword: SECRETS.ewsPassword };
  const online = {
    ExchangeConnections: 'online',
    'Connection.online.Kind': 'graph',
    'Connection.online.TenantId': TENANT,
    'Connection.online.ClientId': CLIENT_ID,
    'Connection.online.ClientSecret': SECRETS.graph,
    'Connection.online.AuthorityHost': graphUrl,
    'Connection.online.GraphUrl': graphUrl,
  };
  const common = { ...ews, ...online, NODE_EXTRA_CA_CERTS: tlsEnv.NODE_EXTRA_CA_CERTS, DatabaseUrl: db.url };
  const infra = { ...common, KafkaBrokers: LOCAL_KAFKA_BROKERS, OpsPort: '0', LogLevel: 'info' };
  for (const topic of TOPICS) {
    const partitions = (await admin.fetchTopicOffsets(topic)).map((p) => ({ partition: p.partition, offset: p.high }));
    for (const p of partitions) startOffsets.set(`${topic}:${String(p.partition)}`, BigInt(p.offset));
    // The shared broker keeps other files' history: our projector group starts at today's end.
    await admin.setOffsets({ groupId: GROUP, topic, partitions });
  }
  [manager] = await Promise.all([
    spawn({
      name: 'subscription-manager',
      env: {
        ...infra,
        IdpRootUrl: String(ingress.ready.public),
        // The local ingress speaks plain HTTP on loopback; Graph itself would insist on HTTPS.
        GraphAllowInsecureCallback: 'true',
        ManagerName: `test/hybrid-${TAG}`,
        SubscriptionTimeScale: TIME_SCALE,
        StatusFrequencyMinutes: '40',
        HeartbeatGraceSeconds: '2',
        // 1 min × 0.05: a silently dropped Graph subscription is found within 3 s.
        GraphReconcileIntervalMinutes: '1',
        ReconcileIntervalMs: '500',
        LeaderCheckIntervalMs: '300',
      },
      readyMessage: 'subscription manager started',
      timeoutMs: 30_000,
    }),
    spawn({
      name: 'sync-projector',
      env: { ...infra, ProjectorConsumerGroup: GROUP, ProjectorHorizonDays: '30' },
      readyMessage: 'sync projector running',
      timeoutMs: 30_000,
    }).then((projector) => {
      projectorUrl = String(projector.ready.ops);
      return projector;
    }),
  ]);

  for (const room of ONPREM) await addRoom(room, [], common);
  for (const room of ONLINE) await addRoom(room, ['--connection', 'online'], common);
  for (const room of [...ONPREM, ...ONLINE])
    await waitFor(
      `${room} subscribed`,
      () => manager.logs.some((l) => l.msg === 'subscribed' && l.mailbox === room),
      30_000,
    );
});

after(async () => {
  await Promise.all(started.map((s) => s.kill()));
  await admin.disconnect();
  await db?.drop();
  tls?.cleanup();
  if (tlsDir) rmSync(tlsDir, { recursive: true, force: true });
});

test('on-premises and online rooms at once: bookings, a moved and a deleted occurrence, a cancellation', async () => {
  const [a, b] = ONPREM;
  const [c, d] = ONLINE;
  const singles = await Promise.all(
    [a, c].map((room) =>
      book(room, { subject: 'Planning', start: at(2, 9), end: at(2, 10), organizer: 'ada@contoso.example' }),
    ),
  );
  const series = await Promise.all(
    [b, d].map((room) =>
      book(room, {
        subject: 'Standup',
        start: at(3, 8),
        end: at(3, 9),
        organizer: 'bob@contoso.example',
        recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
      }),
    ),
  );
  await convergedAll('booked');
  assert.equal((await model(d)).length, 5, 'one row per occurrence of the online series');

  for (const [i, room] of [b, d].entries()) {
    const path = `/admin/mailboxes/${room}/items/${encodeURIComponent(series[i] ?? '')}/occurrences`;
    await simAdmin('PATCH', `${path}/${at(4, 8)}`, { subject: 'Standup (late)', start: at(4, 11), end: at(4, 12) });
    await simAdmin('DELETE', `${path}/${at(5, 8)}`);
  }
  for (const [i, room] of [a, c].entries())
    await simAdmin('PATCH', `/admin/mailboxes/${room}/items/${encodeURIComponent(singles[i] ?? '')}`, {
      start: at(2, 14),
      end: at(2, 15),
    });
  await convergedAll('an occurrence moved and one deleted, the single moved');
  assert.equal((await model(d)).length, 4);

  await simAdmin('POST', `/admin/mailboxes/${c}/items/${encodeURIComponent(singles[1] ?? '')}/cancel`, {});
  await convergedAll('the online single cancelled');
  assert.deepEqual(await model(c), []);
});

test('a meeting moved from an on-premises room to an online room and back', async () => {
  const [a] = ONPREM;
  const [c] = ONLINE;
  const id = await book(a, { subject: 'Board', start: at(6, 13), end: at(6, 14), organizer: 'eve@contoso.example' });
  await convergedAll('booked on-premises');
  const moved = await simAdmin('POST', `/admin/mailboxes/${a}/items/${encodeURIComponent(id)}/move`, { toMailbox: c });
  await convergedAll('moved online');
  assert.ok((await model(c)).some((r) => r.subject === 'Board'));
  await simAdmin('POST', `/admin/mailboxes/${c}/items/${encodeURIComponent((moved as { id: string }).id)}/move`, {
    toMailbox: a,
  });
  await convergedAll('moved back on-premises');
  assert.ok((await model(a)).some((r) => r.subject === 'Board'));
});

for (const [fault, hint] of [
  ['graphReauthorizationRequired', 'reauthorized'],
  ['graphRemoveSubscription', 'removed by Graph, re-created, caught up'],
  ['graphMissed', 'missed notifications caught up'],
  ['graphExpireDeltaTokens', 'an expired delta token: a full round'],
  ['graphDropSubscription', 'silently dropped: found by the periodic check'],
] as const) {
  test(`Graph lifecycle: ${hint}; nothing lost`, async () => {
    const [, d] = ONLINE;
    await simAdmin('POST', '/admin/faults', { type: fault, mailbox: d });
    // A change right after the fault: whatever Graph no longer tells, the catch-up must find.
    await book(d, { subject: `After ${fault}`, start: at(8, 9), end: at(8, 10), organizer: 'ada@contoso.example' });
    await converged(d, fault, 30_000);
  });
}

test('no secret in any log line, Kafka record or table of the run', async () => {
  for (const s of (await simAdmin('GET', '/admin/graph/subscriptions')) as { clientState?: string }[])
    if (typeof s.clientState === 'string') clientStates.add(s.clientState);
  assert.ok(clientStates.size >= ONLINE.length, 'the simulator tells which clientStates it was given');
  await Promise.all(started.map((s) => s.stop()));
  const secrets = [SECRETS.ewsPassword, SECRETS.graph, ...clientStates];
  const leaks = (where: string, text: string) =>
    secrets.filter((s) => text.includes(s)).map((s) => `${where}: …${s.slice(-6)}`);

  const found: string[] = [];
  for (const [name, service] of named) found.push(...leaks(`log of ${name}`, service.output()));
  for (const record of await recordsOfTheRun()) found.push(...leaks(`Kafka ${record.where}`, record.text));
  for (const table of await tables()) found.push(...leaks(`table ${table.name}`, table.text));
  assert.deepEqual(found, []);
  assert.ok(
    [...named.values()].every((s) => s.output().length > 0),
    'the logs were captured',
  );
});

async function addRoom(room: string, extra: string[], env: Record<string, string>): Promise<void> {
  const run = await runCli(['rooms', 'add', room, ...extra], env);
  assert.equal(run.stdout, `added ${room}\n`, run.stderr);
}

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

const bySlot = (x: Slot, y: Slot) => `${x.start}${x.subject ?? ''}`.localeCompare(`${y.start}${y.subject ?? ''}`);

/** The simulator's truth, occurrences expanded. Ids differ between EWS and Graph; slots do not. */
async function truth(room: string): Promise<Slot[]> {
  const items = (await simAdmin('GET', `/admin/mailboxes/${room}/items?start=${from}&end=${to}`)) as (Slot & {
    isCancelled: boolean;
  })[];
  return items
    .filter((i) => !i.isCancelled)
    .map((i) => ({ subject: i.subject, start: i.start, end: i.end }))
    .sort(bySlot);
}

async function model(room: string): Promise<ReservationView[]> {
  const res = await fetch(`${projectorUrl}/api/reservations?room=${room}&from=${from}&to=${to}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { reservations: ReservationView[] }).reservations;
}

async function converged(room: string, step: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [want, rows] = await Promise.all([truth(room), model(room)]);
    const got = rows.map((r) => ({ subject: r.subject, start: r.start, end: r.end })).sort(bySlot);
    if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) {
      assert.deepEqual(got, want, `${room}: ${step}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function convergedAll(step: string): Promise<void> {
  await Promise.all([...ONPREM, ...ONLINE].map((room) => converged(room, step)));
}

/** Every record our run put on the topics (and their dead-letter topics), values and headers. */
async function recordsOfTheRun(): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  const consumer = kafka.engine.consumer({ groupId: `hybrid-scan-${TAG}` });
  await consumer.connect();
  const topics = [...TOPICS, ...TOPICS.map(dlqTopicFor)];
  const existing = new Set(await admin.listTopics());
  const ends = new Map<string, bigint>();
  for (const topic of topics.filter((t) => existing.has(t)))
    for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${String(p.partition)}`, BigInt(p.high));
  await consumer.subscribe({ topics: topics.filter((t) => existing.has(t)), fromBeginning: true });
  const seen = new Map<string, bigint>();
  const done = () => [...ends].every(([key, end]) => (seen.get(key) ?? (startOffsets.get(key) ?? 0n) - 1n) >= end - 1n);
  await consumer.run({
    eachMessage: ({ topic, partition, message }) => {
      const key = `${topic}:${String(partition)}`;
      seen.set(key, BigInt(message.offset));
      if (BigInt(message.offset) < (startOffsets.get(key) ?? 0n)) return Promise.resolve();
      const headers = Object.entries(message.headers ?? {}).map(([k, v]) => `${k}=${String(v)}`);
      out.push({ where: `${key}@${message.offset}`, text: `${message.value?.toString() ?? ''} ${headers.join(' ')}` });
      return Promise.resolve();
    },
  });
  for (const topic of topics.filter((t) => existing.has(t)))
    for (const p of await admin.fetchTopicOffsets(topic)) {
      const key = `${topic}:${String(p.partition)}`;
      consumer.seek({ topic, partition: p.partition, offset: String(startOffsets.get(key) ?? 0n) });
    }
  await waitFor('every record of the run read back', done, 30_000);
  await consumer.disconnect();
  return out;
}

/** Every row of every table of the run's database, as JSON text. */
async function tables(): Promise<{ name: string; text: string }[]> {
  const names = (
    await db.db.raw<{ rows: { table_name: string }[] }>(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.table_name);
  assert.ok(names.includes('reservations') && names.includes('rooms'));
  return Promise.all(
    names.map(async (name) => ({
      name,
      text: (await db.db.raw<{ rows: { j: string }[] }>(`select row_to_json(t)::text as j from "${name}" t`)).rows
        .map((r) => r.j)
        .join('\n'),
    })),
  );
}
