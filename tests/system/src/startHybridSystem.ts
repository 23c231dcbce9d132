// Test and bench plumbing: one deployment serving both kinds of Exchange, every component its own
// process. The simulator holds on-premises mailboxes (EWS over HTTP, the default connection) and
// Exchange Online mailboxes (Graph and its token endpoint over HTTPS with a certificate of a local
// CA, the connection `online`); the ingress, manager and projector are wired to both. The secrets
// are random per run, so a test can look for them where they must never be.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import type { TopicNames } from '@rooms-sync/config';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { createKafka } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import {
  createTestTls,
  LOCAL_DATABASE_URL,
  LOCAL_KAFKA_BROKERS,
  runCli,
  spawnService,
  trustInThisProcess,
  waitFor,
} from '@rooms-sync/testing';
import type { SpawnedService, SpawnServiceOptions } from '@rooms-sync/testing';
import { deleteRunTopics } from './deleteRunTopics.ts';
import { startGroupAtEnd } from './startGroupAtEnd.ts';

export const HYBRID_TOPICS = [DEFAULT_TOPICS.notifications, DEFAULT_TOPICS.subscriptions];

/** How node runs a service: its NODE_OPTIONS and its own flags before the script. */
export interface NodeRun {
  options: string;
  flags: readonly string[];
}

export interface HybridOptions {
  tag: string;
  onprem: readonly string[];
  online: readonly string[];
  timeScale: string;
  /** Extra manager settings (intervals of a test). */
  managerEnv?: Record<string, string>;
  /** Extra settings of the simulator (its latency, limits). */
  simEnv?: Record<string, string>;
  /** Extra projector settings. */
  projectorEnv?: Record<string, string>;
  /** Topics of the run's own (created by the services, removed at close); else the shared defaults. */
  topics?: TopicNames;
  /**
   * False: the rooms are only created at the simulator, and the caller adds them (in bulk, timing
   * it); true (default): they are added with the CLI and the start waits for their subscriptions.
   */
  addRooms?: boolean;
  /** The broker of the run (a private one a test stops); else the shared local one. */
  kafkaBrokers?: string;
  /** `host:port` the services reach PostgreSQL at (a TCP gate in front of it); the test itself goes direct. */
  databaseAddress?: string;
  /** How node runs each service: NODE_OPTIONS and command-line flags (the scale bench's inspector, the pods' heap and V8 flags). */
  node?: Partial<Record<Name, NodeRun>>;
  /** Where close() leaves each process's output (`<name>-<n>.log`), for reading after a failed run. */
  logDir?: string;
}

export interface HybridSystem {
  services: ReadonlyMap<Name, SpawnedService>;
  simUrl: string;
  projectorUrl: string;
  db: TestDatabase;
  kafka: KafkaClient;
  admin: ReturnType<KafkaClient['engine']['admin']>;
  /** The projector's consumer group; it starts at the end of the shared topics. */
  group: string;
  /** Where this run starts on each partition of our topics (`topic:partition` → offset). */
  startOffsets: ReadonlyMap<string, bigint>;
  secrets: { readonly ewsPassword: string; readonly graphClientSecret: string };
  topics: TopicNames;
  /** What the CLI needs to reach the database and both kinds of Exchange (`runCli(argv, cliEnv)`). */
  cliEnv: Record<string, string>;
  simAdmin: (method: string, path: string, body?: unknown) => Promise<unknown>;
  /**
   * The named service started again with the settings it had, and named by `services` from then
   * on. `samePorts` keeps its public and ops ports (a restart: the simulator's callbacks and the
   * test's reads still reach it); without it, it is one more replica, on ports of its own.
   */
  spawnAgain(name: Name, options: { samePorts: boolean }): Promise<SpawnedService>;
  /** SIGKILL everything, drop the database, remove the certificates. */
  close(): Promise<void>;
}

type Name = 'exchange-simulator' | 'webhook-ingress' | 'subscription-manager' | 'sync-projector';

export async function startHybridSystem(o: HybridOptions): Promise<HybridSystem> {
  const secrets = {
    ewsPassword: `ews-pw-${randomBytes(12).toString('hex')}`,
    graphClientSecret: `graph-${randomBytes(16).toString('hex')}`,
  };
  const tenant = `tenant-${o.tag}`;
  const clientId = `rooms-sync-${o.tag}`;
  const group = `hybrid-${o.tag}`;
  const quiet = createLogger({ service: 'hybrid-system', level: 'error' });
  const brokers = o.kafkaBrokers ?? LOCAL_KAFKA_BROKERS;
  const kafka = createKafka({ brokers: [brokers], clientId: `hybrid-${o.tag}`, logger: quiet });
  const admin = kafka.engine.admin();
  const services = new Map<Name, SpawnedService>();
  // Every process ever spawned (restarts and replicas too), so close kills them all.
  const spawned: { name: Name; service: SpawnedService }[] = [];
  const settings = new Map<Name, SpawnServiceOptions & { name: Name }>();
  const startOffsets = new Map<string, bigint>();
  const tls = createTestTls();
  trustInThisProcess(tls.caPem);
  const dir = mkdtempSync(join(tmpdir(), 'hybrid-tls-'));
  let db: TestDatabase | undefined;
  const close = async () => {
    await Promise.all(spawned.map((s) => s.service.kill()));
    if (o.logDir !== undefined) saveLogs(o.logDir, spawned);
    if (o.topics) await deleteRunTopics(admin, o.topics);
    await admin.disconnect();
    await db?.drop();
    tls.cleanup();
    rmSync(dir, { recursive: true, force: true });
  };
  const spawn = async (given: SpawnServiceOptions & { name: Name }) => {
    const node = o.node?.[given.name];
    const options =
      node === undefined
        ? given
        : { ...given, env: { ...given.env, NODE_OPTIONS: node.options }, nodeFlags: node.flags };
    const service = await spawnService(options);
    spawned.push({ name: options.name, service });
    services.set(options.name, service);
    settings.set(options.name, options);
    return service;
  };
  const spawnAgain = async (name: Name, again: { samePorts: boolean }) => {
    const first = settings.get(name);
    const last = services.get(name);
    if (!first || !last) throw new Error(`${name} was never started`);
    const portOf = (url: unknown) => (typeof url === 'string' ? new URL(url).port : '0');
    const ports: Record<string, string> = again.samePorts
      ? { HttpPort: portOf(last.ready.public), OpsPort: portOf(last.ready.ops) }
      : {};
    const service = await spawnService({ ...first, env: { ...first.env, ...ports } });
    spawned.push({ name, service });
    services.set(name, service);
    return service;
  };
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text, { mode: 0o600 });
    return join(dir, name);
  };

  const topicEnv: Record<string, string> = o.topics
    ? { NotificationsTopic: o.topics.notifications, SubscriptionsTopic: o.topics.subscriptions }
    : {};
  try {
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
          SIM_TIME_SCALE: o.timeScale,
          SIM_DEMO_ROOMS: '0',
          SIM_USERS: `svc-rooms:${secrets.ewsPassword}`,
          SIM_GRAPH_TENANT: tenant,
          SIM_GRAPH_CLIENT_ID: clientId,
          SIM_GRAPH_CLIENT_SECRET: secrets.graphClientSecret,
          SIM_ONLINE_ROOMS: o.online.join(','),
          SIM_GRAPH_ALLOW_HTTP: '1',
          ...o.simEnv,
        },
        readyMessage: 'exchange simulator listening',
      }),
      spawn({
        name: 'webhook-ingress',
        env: { KafkaBrokers: brokers, HttpPort: '0', OpsPort: '0', LogLevel: 'info', ...topicEnv },
        readyMessage: 'webhook ingress listening',
      }),
      createTestDatabase(LOCAL_DATABASE_URL),
      admin.connect(),
    ]);
    db = testDb;
    const simUrl = `http://127.0.0.1:${String((sim.ready.address as { port: number }).port)}`;
    const graphUrl = `https://127.0.0.1:${String((sim.ready.graphAddress as { port: number }).port)}`;
    const simAdmin = async (method: string, path: string, body?: unknown): Promise<unknown> => {
      const res = await fetch(`${simUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      if (!res.ok) throw new Error(`simulator ${method} ${path}: ${String(res.status)} ${text}`);
      return text === '' ? undefined : JSON.parse(text);
    };
    for (const address of o.onprem) await simAdmin('POST', '/admin/mailboxes', { address });

    const common = {
      EwsUrl: `${simUrl}/EWS/Exchange.asmx`,
      EwsUsername: 'svc-rooms',
      EwsPassword: secrets.ewsPassword,
      ExchangeConnections: 'online',
      'Connection.online.Kind': 'graph',
      'Connection.online.TenantId': tenant,
      'Connection.online.ClientId': clientId,
      'Connection.online.ClientSecret': secrets.graphClientSecret,
      'Connection.online.AuthorityHost': graphUrl,
      'Connection.online.GraphUrl': graphUrl,
      NODE_EXTRA_CA_CERTS: tlsEnv.NODE_EXTRA_CA_CERTS,
      DatabaseUrl: testDb.url,
    };
    const infra = {
      ...common,
      DatabaseUrl: o.databaseAddress ? throughAddress(testDb.url, o.databaseAddress) : testDb.url,
      KafkaBrokers: brokers,
      OpsPort: '0',
      LogLevel: 'info',
      ...topicEnv,
    };
    // Topics of the run's own start empty: the projector's group reads them from the beginning.
    const ends = await startGroupAtEnd(kafka, admin, group, o.topics ? [] : HYBRID_TOPICS);
    for (const [key, offset] of ends) startOffsets.set(key, offset);
    const [manager, projector] = await Promise.all([
      spawn({
        name: 'subscription-manager',
        env: {
          ...infra,
          IdpRootUrl: String(ingress.ready.public),
          // The local ingress speaks plain HTTP on loopback; Graph itself would insist on HTTPS.
          GraphAllowInsecureCallback: 'true',
          ManagerName: `test/hybrid-${o.tag}`,
          SubscriptionTimeScale: o.timeScale,
          ReconcileIntervalMs: '500',
          LeaderCheckIntervalMs: '300',
          ...o.managerEnv,
        },
        readyMessage: 'subscription manager started',
        timeoutMs: 30_000,
      }),
      spawn({
        name: 'sync-projector',
        env: { ...infra, ProjectorConsumerGroup: group, ProjectorHorizonDays: '30', ...o.projectorEnv },
        readyMessage: 'sync projector running',
        timeoutMs: 30_000,
      }),
    ]);

    // One CLI process per connection: a process per room costs a second each on a busy machine.
    const add = async (rooms: readonly string[], extra: string[]) => {
      if (rooms.length === 0) return;
      const run = await runCli(['rooms', 'add', ...rooms, ...extra], common);
      const said =
        rooms.length === 1 ? `added ${rooms.join('')}\n` : `added ${String(rooms.length)}, unchanged 0, skipped 0\n`;
      if (run.stdout !== said) throw new Error(`rooms add ${rooms.join(' ')}: ${run.stdout}${run.stderr}`);
    };
    const added = o.addRooms === false ? { onprem: [], online: [] } : o;
    await add(added.onprem, []);
    await add(added.online, ['--connection', 'online']);
    for (const room of [...added.onprem, ...added.online])
      await waitFor(
        `${room} subscribed`,
        () =>
          manager.logs.some(
            (l) => (l.msg === 'subscribed' || l.msg === 'Graph subscription created') && l.mailbox === room,
          ),
        30_000,
      );
    return {
      services,
      simUrl,
      projectorUrl: String(projector.ready.ops),
      db: testDb,
      kafka,
      admin,
      group,
      startOffsets,
      secrets,
      simAdmin,
      spawnAgain,
      topics: o.topics ?? DEFAULT_TOPICS,
      cliEnv: common,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

function saveLogs(dir: string, spawned: readonly { name: Name; service: SpawnedService }[]): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const count = new Map<Name, number>();
  for (const { name, service } of spawned) {
    const n = (count.get(name) ?? 0) + 1;
    count.set(name, n);
    writeFileSync(join(dir, `${name}-${String(n)}.log`), service.output());
  }
}

function throughAddress(url: string, address: string): string {
  const parsed = new URL(url);
  parsed.host = address;
  return parsed.toString();
}
