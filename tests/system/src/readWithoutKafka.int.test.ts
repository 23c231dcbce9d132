// The read API does not depend on Kafka (docs/architecture.md §8): the real sync-projector process,
// started while its broker address refuses connections, answers GET /api/reservations from
// PostgreSQL at once, says in /readyz that the model is not being updated (still 200: the pod stays
// in the Service ROOMS reads through), stops cleanly on SIGTERM in that phase, and once the broker
// answers, joins and applies what was produced meanwhile. The broker is "down" behind a TCP gate of
// the test's own; the shared broker is never touched.
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@rooms-sync/db/testing';
import { createEvent, EventTypes } from '@rooms-sync/events';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import { createEventProducer, createKafka, ensureRoomsTopics } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { LOCAL_DATABASE_URL, LOCAL_KAFKA_BROKERS, runCli, spawnService, waitFor } from '@rooms-sync/testing';
import { createTcpGate } from './tcpGate.ts';

const ROOM = 'room-404@contoso.example';
const DAY = 86_400_000;
const quiet = createLogger({ service: 'test', level: 'error' });

interface Readiness {
  ready: boolean;
  checks: Record<string, { ok: boolean; error?: string }>;
  degraded?: boolean;
  advisory?: Record<string, { ok: boolean; error?: string }>;
}

/** A simulator room with one booking already projected (by the operator's rebuild, which needs no
 * Kafka), topics of the test's own, and the projector's environment with its brokers behind a gate. */
async function setUp(t: TestContext) {
  const sim = await startSimulator();
  t.after(() => sim.close());
  const testDb = await createTestDatabase(LOCAL_DATABASE_URL);
  t.after(() => testDb.drop());
  const [host = '127.0.0.1', port = '9092'] = LOCAL_KAFKA_BROKERS.split(',')[0]?.split(':') ?? [];
  const gate = await createTcpGate({ host, port: Number(port) });
  t.after(() => gate.close());
  const suffix = randomUUID().slice(0, 8);
  const topics = { notifications: `test.readapi-n-${suffix}.v1`, subscriptions: `test.readapi-s-${suffix}.v1` };
  const env = {
    DatabaseUrl: testDb.url,
    KafkaBrokers: gate.address,
    OpsPort: '0',
    LogLevel: 'info',
    KafkaTopicPartitions: '2',
    EwsUrl: sim.ewsUrl,
    EwsUsername: 'svc',
    EwsPassword: 'x',
    ProjectorHorizonDays: '30',
    ProjectorConsumerGroup: `projector-readapi-${suffix}`,
    NotificationsTopic: topics.notifications,
    SubscriptionsTopic: topics.subscriptions,
  };
  const start = () =>
    spawnService({ name: 'sync-projector', env, readyMessage: 'sync projector running', timeoutMs: 30_000 });
  const at = (days: number, hour: number) =>
    new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();
  const book = async (subject: string, days: number) => {
    const res = await sim.admin('POST', `/admin/mailboxes/${ROOM}/items`, {
      subject,
      start: at(days, 9),
      end: at(days, 10),
      organizer: 'ada@contoso.example',
    });
    assert.equal(res.status < 300, true, JSON.stringify(res));
  };

  // Rows that were there before the outage: the operator's rebuild needs no Kafka either.
  assert.equal((await sim.admin('POST', '/admin/mailboxes', { address: ROOM })).status, 201);
  await book('Before the outage', 2);
  const rebuilt = await runCli(['projector', 'rebuild', '--room', ROOM], env);
  assert.equal(rebuilt.code, 0, rebuilt.stderr);

  const kafka = createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'readapi-test', logger: quiet });
  await ensureRoomsTopics(kafka, topics, { KafkaTopicPartitions: 2, KafkaTopicRetentionMs: DAY }, quiet);
  const producer = createEventProducer(kafka, { logger: quiet });
  await producer.connect();
  t.after(() => producer.disconnect());
  const subjects = async (ops: string): Promise<string[]> => {
    const res = await fetch(`${ops}/api/reservations?room=${ROOM}`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { reservations: { subject: string | null }[] };
    return body.reservations.map((r) => r.subject ?? '').sort();
  };

  const notify = async () => {
    await producer.sendEvents(topics.notifications, [
      createEvent(
        EventTypes.NotificationReceivedV1,
        {
          subscriptionId: 'SUB-R',
          mailbox: ROOM,
          endpoint: 'default',
          receivedAt: new Date().toISOString(),
          messages: [
            {
              responseClass: 'Success',
              subscriptionId: 'SUB-R',
              moreEvents: false,
              events: [{ kind: 'Modified', timestamp: new Date().toISOString() }],
            },
          ],
        },
        { source: 'test', subject: ROOM },
      ),
    ]);
  };
  return { gate, env, start, book, subjects, notify };
}

test(
  'reads are served while Kafka is down; the consumer joins when it returns; SIGTERM meanwhile exits 0',
  { timeout: 120_000 },
  async (t) => {
    const { gate, start, book, subjects, notify } = await setUp(t);

    // A projector started while Kafka is down serves reads and stops cleanly on SIGTERM.
    const first = await start();
    t.after(() => first.kill());
    const firstOps = String(first.ready.ops);
    assert.deepEqual(await subjects(firstOps), ['Before the outage']);
    assert.equal(await first.stop(), 0, first.output());

    // Restarted, still without Kafka: reads at once, /readyz 200 but degraded, the metric says 0.
    const projector = await start();
    t.after(() => projector.kill());
    const ops = String(projector.ready.ops);
    assert.deepEqual(await subjects(ops), ['Before the outage']);
    await waitFor(
      'a failed Kafka attempt in /readyz',
      async () => {
        const body = (await (await fetch(`${ops}/readyz`)).json()) as Readiness;
        return body.advisory?.kafka?.error?.includes('failed attempt') === true;
      },
      15_000,
    );
    const readyz = await fetch(`${ops}/readyz`);
    assert.equal(readyz.status, 200);
    const readiness = (await readyz.json()) as Readiness;
    t.diagnostic(`/readyz while Kafka is down: ${JSON.stringify(readiness)}`);
    assert.equal(readiness.ready, true);
    assert.equal(readiness.degraded, true);
    assert.deepEqual(readiness.checks.database, { ok: true });
    assert.match(readiness.advisory?.kafka?.error ?? '', /consumer not running .*the model is not updated/);
    assert.match(await (await fetch(`${ops}/metrics`)).text(), /^rooms_projector_consumer_running\{[^}]*\} 0$/m);

    // A change announced while the projector cannot consume: the event waits on the topic.
    await book('During the outage', 3);
    await notify();
    assert.deepEqual(await subjects(ops), ['Before the outage'], 'nothing applied while Kafka is down');

    // While down: one warning per back-off step, and none of the engine's own retry burst.
    const outageLogs = [...first.logs, ...projector.logs];
    assert.ok(outageLogs.some((l) => l.msg === 'projector consumer could not start; retrying'));
    assert.deepEqual(
      outageLogs.filter((l) => l.component === 'kafkajs'),
      [],
    );

    // The broker comes back: rejoin = gate open → the read API shows the change.
    const back = performance.now();
    await gate.open();
    await waitFor(
      'the change made during the outage',
      async () => (await subjects(ops)).includes('During the outage'),
      60_000,
    );
    const rejoinMs = Math.round(performance.now() - back);
    const running = projector.logs.find((l) => l.msg === 'projector consumer running');
    const assigned = projector.logs.find((l) => String(l.msg).startsWith('partitions assigned'));
    t.diagnostic(
      `rejoin (broker back → change readable): ${String(rejoinMs)} ms; consumer running at ${String(running?.time)}, partitions assigned at ${String(assigned?.time)}`,
    );
    const after = (await (await fetch(`${ops}/readyz`)).json()) as Readiness;
    assert.equal(after.degraded, false);
    assert.match(await (await fetch(`${ops}/metrics`)).text(), /^rooms_projector_consumer_running\{[^}]*\} 1$/m);
    assert.equal(await projector.stop(), 0, projector.output());
  },
);

test(
  'after a projector was killed while joined, its replacement applies once the group has let the dead member go',
  { timeout: 150_000 },
  async (t) => {
    const { gate, start, book, subjects, notify } = await setUp(t);
    // Killed without a LeaveGroup (a lost node, an OOM kill): its member stays in the group until its
    // session times out, and the group's next rebalance waits for it.
    await gate.open();
    const killed = await start();
    t.after(() => killed.kill());
    await waitFor(
      'the first projector in the group',
      () => killed.logs.some((l) => String(l.msg).startsWith('partitions assigned')),
      30_000,
    );
    await killed.kill();
    await gate.close();

    const projector = await start();
    t.after(() => projector.kill());
    const ops = String(projector.ready.ops);
    assert.deepEqual(await subjects(ops), ['Before the outage']);
    await book('During the outage', 3);
    await notify();
    const back = performance.now();
    await gate.open();
    await waitFor(
      'the change made during the outage',
      async () => (await subjects(ops)).includes('During the outage'),
      90_000,
    );
    t.diagnostic(
      `rejoin with a dead member in the group (broker back → change readable): ${String(Math.round(performance.now() - back))} ms`,
    );
    assert.equal(await projector.stop(), 0, projector.output());
  },
);
