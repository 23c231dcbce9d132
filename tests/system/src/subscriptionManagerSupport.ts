// Integration-test plumbing: the real simulator (in-process, scaled clock), the real
// ingress and manager processes, a fresh database, and a recorder of both topics.
import { randomBytes, randomUUID } from 'node:crypto';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { encodeEvent, EventTypes, ewsMessagesOf } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import type { RunningSimulator } from '@rooms-sync/exchange-sim/testing';
import { createKafka, ensureTopics, runEventConsumer, withAdmin } from '@rooms-sync/kafka';
import { createRoomsRepository } from '@rooms-sync/subscriptions';
import {
  LOCAL_DATABASE_URL,
  LOCAL_KAFKA_BROKERS,
  runCli,
  spawnService,
  waitFor as waitForValue,
} from '@rooms-sync/testing';
import type { SpawnedService } from '@rooms-sync/testing';

/** Simulator and manager share one scale: StatusFrequency 1 min becomes a 3 s heartbeat. */
export const TIME_SCALE = 0.05;
const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

export interface SimSubscription {
  id: string;
  mailbox: string;
  callbackUrl: string;
  state: string;
  watermark: string;
}

export type { RunningSimulator };

/** The real simulator on a loopback port of its own, Basic svc-rooms:secret as in `make up`. */
export function startSim(mailboxes: string[]): Promise<RunningSimulator> {
  return startSimulator({
    timeScale: TIME_SCALE,
    auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
    mailboxes: mailboxes.map((address) => ({ address })),
  });
}

export async function simSubscriptions(sim: RunningSimulator): Promise<SimSubscription[]> {
  return (await sim.admin('GET', '/admin/subscriptions')).body as SimSubscription[];
}

/** `env` names the topics when a test has its own (ownTopics). */
export async function startIngress(
  env: Record<string, string> = {},
): Promise<{ service: SpawnedService; url: string }> {
  const service = await spawnService({
    name: 'webhook-ingress',
    env: { KafkaBrokers: LOCAL_KAFKA_BROKERS, HttpPort: '0', OpsPort: '0', LogLevel: 'info', ...env },
    readyMessage: 'webhook ingress listening',
  });
  return { service, url: String(service.ready.public) };
}

export function startManager(options: {
  db: TestDatabase;
  sim: RunningSimulator;
  env: Record<string, string>;
}): Promise<SpawnedService> {
  return spawnService({
    name: 'subscription-manager',
    env: {
      KafkaBrokers: LOCAL_KAFKA_BROKERS,
      DatabaseUrl: options.db.url,
      OpsPort: '0',
      LogLevel: 'info',
      EwsUrl: options.sim.ewsUrl,
      EwsUsername: 'svc-rooms',
      EwsPassword: 'secret',
      StatusFrequencyMinutes: '1',
      SubscriptionTimeScale: String(TIME_SCALE),
      HeartbeatGraceSeconds: '2',
      ReconcileIntervalMs: '500',
      LeaderCheckIntervalMs: '300',
      // Per database, so managers of other test files on the shared topics never remove these rooms (nor these theirs).
      ManagerName: `test/${new URL(options.db.url).pathname.slice(1)}`,
      ...options.env,
    },
    readyMessage: 'subscription manager started',
    timeoutMs: 30_000,
  });
}

export function freshDatabase(): Promise<TestDatabase> {
  return createTestDatabase(LOCAL_DATABASE_URL);
}

/** Unique room addresses, so runs against the shared topics never see each other's rooms. */
export function uniqueRooms(count: number): string[] {
  const tag = randomBytes(4).toString('hex');
  return Array.from({ length: count }, (_, i) => `room-${tag}-${i + 1}@contoso.example`);
}

/** `rooms …` through the CLI, whose `rooms add` checks the mailbox through the default connection: this simulator. */
export async function rooms(db: TestDatabase, sim: RunningSimulator, ...argv: string[]): Promise<number> {
  const ews = { EwsUrl: sim.ewsUrl, EwsUsername: 'svc-rooms', EwsPassword: 'secret' };
  return (await runCli(['rooms', ...argv], { DatabaseUrl: db.url, ...ews })).code;
}

/**
 * The row `rooms add` writes, without the check it makes first: what a room looks like when
 * Exchange changed after it was added (its mailbox deleted, throttling begun), which a test cannot
 * otherwise order before the manager's next pass. The manager has run the migrations.
 */
export async function insertRoom(db: TestDatabase, address: string): Promise<void> {
  await createRoomsRepository(db.db).add(address);
}

/** Everything on both topics from now on (plus history, filtered by time). */
export async function recordTopics(topics: string[] = [DEFAULT_TOPICS.subscriptions, DEFAULT_TOPICS.notifications]) {
  const since = Date.now();
  const events: RoomsEvent[] = [];
  const topicOf = new WeakMap<RoomsEvent, string>();
  const consumer = await runEventConsumer({
    kafka: createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'manager-test', logger: quiet }),
    groupId: `manager-test-${randomUUID()}`,
    topics,
    fromBeginning: true,
    logger: quiet,
    handleBatch: (batch) => {
      for (const { event } of batch.events) {
        if (Date.parse(event.time) < since - 1_000) continue;
        events.push(event);
        topicOf.set(event, batch.topic);
      }
      return Promise.resolve();
    },
  });
  return {
    events,
    of<K extends RoomsEvent['type']>(type: K, mailbox?: string): Extract<RoomsEvent, { type: K }>[] {
      return events.filter(
        (e): e is Extract<RoomsEvent, { type: K }> =>
          e.type === type && (mailbox === undefined || e.subject === mailbox),
      );
    },
    /** The topic an event was read from. */
    topic: (event: RoomsEvent): string | undefined => topicOf.get(event),
    /** Item ids of Created events pushed for one subscription id. */
    createdItems(subscriptionId: string): string[] {
      return events.flatMap((e) =>
        e.type !== EventTypes.NotificationReceivedV1
          ? []
          : ewsMessagesOf(e.data).flatMap((m) =>
              m.responseClass === 'Error' || m.subscriptionId !== subscriptionId
                ? []
                : m.events.flatMap((ev) => (ev.kind === 'Created' && ev.itemId ? [ev.itemId.id] : [])),
            ),
      );
    },
    stop: () => consumer.stop(),
  };
}

/**
 * A lifecycle and a notifications topic of one test's own, so it can hold history with old
 * timestamps; `settings` names them for an ingress and a manager of the test's own.
 */
export async function ownTopics() {
  const kafka = createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'manager-test', logger: quiet });
  const tag = randomBytes(4).toString('hex');
  const names = {
    subscriptions: `test.manager.${tag}.subscriptions.v1`,
    notifications: `test.manager.${tag}.notifications.v1`,
  };
  const retentionMs = 7 * 24 * 3_600_000;
  await withAdmin(kafka, (admin) =>
    ensureTopics(admin, [
      { topic: names.subscriptions, partitions: 2, retentionMs },
      { topic: names.notifications, partitions: 3, retentionMs },
    ]),
  );
  const producer = kafka.engine.producer();
  await producer.connect();
  /** Each record stamped with its event's time, as if produced then. */
  const produce = async (topic: string, events: readonly RoomsEvent[]) => {
    const messages = events.map((e) => ({ ...encodeEvent(e), timestamp: String(Date.parse(e.time)) }));
    await producer.send({ topic, messages, acks: -1 });
  };
  return {
    ...names,
    settings: { SubscriptionsTopic: names.subscriptions, NotificationsTopic: names.notifications },
    produce,
    /** After every service using the topics has stopped. */
    stop: async () => {
      await producer.disconnect();
      const admin = kafka.engine.admin();
      await admin.connect();
      try {
        await admin.deleteTopics({ topics: [names.subscriptions, names.notifications] });
      } finally {
        await admin.disconnect();
      }
    },
  };
}

/** The manager's flows (catch-up, subscribe, first push) take longer than the shared default allows. */
export function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  return waitForValue(what, probe, timeoutMs);
}
