// The projector as it runs in production (its own process, real Kafka, real PostgreSQL, the
// exchange simulator behind the real EWS client). The test plays the webhook ingress: after each
// change in the simulator it records a NotificationReceived (or, on purpose, does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@rooms-sync/db/testing';
import { createEvent, EventTypes } from '@rooms-sync/events';
import { createEventProducer, createKafka } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { LOCAL_DATABASE_URL, LOCAL_KAFKA_BROKERS, runCli, spawnService, waitFor } from '@rooms-sync/testing';
import type { SpawnedService } from '@rooms-sync/testing';

const ROOM = 'room-101@contoso.example';
const quiet = createLogger({ service: 'test', level: 'error' });
const DAY = 86_400_000;

interface View {
  id: string;
  subject: string | null;
  start: string;
  end: string;
}

test(
  'end to end: book, change, cancel, recurring with an exception; lost/duplicated/reordered pushes; SIGKILL mid-batch; rebuild',
  { timeout: 170_000 },
  async (t) => {
    const sim = await spawnService({
      name: 'exchange-simulator',
      env: { SIM_PORT: '0', SIM_LOG_LEVEL: 'info' },
      readyMessage: 'exchange simulator listening',
    });
    t.after(() => sim.stop());
    const simUrl = `http://127.0.0.1:${String((sim.ready.address as { port: number }).port)}`;
    const testDb = await createTestDatabase(LOCAL_DATABASE_URL);
    t.after(() => testDb.drop());
    const suffix = randomUUID().slice(0, 8);
    const topics = { notifications: `test.projector-n-${suffix}.v1`, subscriptions: `test.projector-s-${suffix}.v1` };
    const env = {
      DatabaseUrl: testDb.url,
      KafkaBrokers: LOCAL_KAFKA_BROKERS,
      OpsPort: '0',
      LogLevel: 'info',
      KafkaTopicPartitions: '2',
      EwsUrl: `${simUrl}/EWS/Exchange.asmx`,
      EwsUsername: 'svc',
      EwsPassword: 'x',
      ProjectorHorizonDays: '30',
      ProjectorConsumerGroup: `projector-test-${suffix}`,
      NotificationsTopic: topics.notifications,
      SubscriptionsTopic: topics.subscriptions,
    };
    const start = (extra: Record<string, string> = {}) =>
      spawnService({
        name: 'sync-projector',
        env: { ...env, ...extra },
        readyMessage: 'sync projector running',
        timeoutMs: 30_000,
      });
    let projector: SpawnedService = await start();
    t.after(() => projector.kill());

    const producer = createEventProducer(
      createKafka({ brokers: [LOCAL_KAFKA_BROKERS], clientId: 'projector-test', logger: quiet }),
      { logger: quiet },
    );
    await producer.connect();
    t.after(() => producer.disconnect());
    const notify = async (n = 1) => {
      const events = Array.from({ length: n }, () =>
        createEvent(
          EventTypes.NotificationReceivedV1,
          {
            subscriptionId: 'SUB-T',
            mailbox: ROOM,
            endpoint: 'default',
            receivedAt: new Date().toISOString(),
            messages: [
              {
                responseClass: 'Success',
                subscriptionId: 'SUB-T',
                moreEvents: false,
                events: [{ kind: 'Modified', timestamp: new Date().toISOString() }],
              },
            ],
          },
          { source: 'test', subject: ROOM },
        ),
      );
      await producer.sendEvents(topics.notifications, events);
    };
    const admin = async (method: string, path: string, body?: unknown): Promise<{ id: string }> => {
      const res = await fetch(`${simUrl}/admin/mailboxes/${ROOM}${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      assert.ok(res.ok, `${method} ${path}: ${res.status} ${text}`);
      return JSON.parse(text) as { id: string };
    };
    const from = new Date(Date.now() + DAY).toISOString();
    const to = new Date(Date.now() + 20 * DAY).toISOString();
    const truth = async (): Promise<View[]> => {
      const items = (await (
        await fetch(`${simUrl}/admin/mailboxes/${ROOM}/items?start=${from}&end=${to}`)
      ).json()) as (View & { isCancelled: boolean })[];
      return items
        .filter((i) => !i.isCancelled)
        .map((i) => ({ id: i.id, subject: i.subject, start: i.start, end: i.end }))
        .sort((a, b) => a.id.localeCompare(b.id));
    };
    const model = async (): Promise<View[]> => {
      const body = (await (
        await fetch(`${String(projector.ready.ops)}/api/reservations?room=${ROOM}&from=${from}&to=${to}`)
      ).json()) as { reservations: (View & { itemId: string })[] };
      return body.reservations
        .map((r) => ({ id: r.itemId, subject: r.subject, start: r.start, end: r.end }))
        .sort((a, b) => a.id.localeCompare(b.id));
    };
    const converged = async (step: string, timeoutMs = 15_000) => {
      const started = Date.now();
      for (;;) {
        const [want, got] = await Promise.all([truth(), model()]);
        try {
          assert.deepEqual(got, want, step);
          return;
        } catch (error) {
          if (Date.now() - started > timeoutMs) throw error;
          await new Promise((r) => setTimeout(r, 150));
        }
      }
    };
    const at = (days: number, hour: number) =>
      new Date(Math.floor(Date.now() / DAY) * DAY + days * DAY + hour * 3_600_000).toISOString();

    // Initial full sync: a booking made before the room was subscribed.
    await admin('POST', '/items', {
      subject: 'Before subscription',
      start: at(2, 9),
      end: at(2, 10),
      organizer: 'ada@contoso.example',
    });
    await producer.sendEvents(topics.subscriptions, [
      createEvent(
        EventTypes.SubscriptionCreatedV1,
        {
          subscriptionId: 'SUB-T',
          mailbox: ROOM,
          folder: 'calendar',
          callbackUrl: 'http://127.0.0.1/api/webhooks/exchange',
          callbackRule: 'default',
          statusFrequencyMinutes: 1,
        },
        { source: 'test', subject: ROOM },
      ),
    ]);
    await converged('initial sync');

    const single = await admin('POST', '/items', {
      subject: 'Planning',
      start: at(3, 9),
      end: at(3, 10),
      organizer: 'ada@contoso.example',
    });
    await notify();
    await converged('book single');
    await admin('PATCH', `/items/${encodeURIComponent(single.id)}`, {
      subject: 'Planning (moved)',
      start: at(3, 14),
      end: at(3, 15),
    });
    await notify();
    await converged('change time and subject');

    const series = await admin('POST', '/items', {
      subject: 'Standup',
      start: at(4, 8),
      end: at(4, 9),
      organizer: 'bob@contoso.example',
      recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
    });
    await notify();
    await converged('book recurring');
    await admin('PATCH', `/items/${encodeURIComponent(series.id)}/occurrences/${at(5, 8)}`, {
      subject: 'Standup (late)',
      start: at(5, 11),
      end: at(5, 12),
    });
    await admin('DELETE', `/items/${encodeURIComponent(series.id)}/occurrences/${at(6, 8)}`);
    await notify();
    await converged('exception and deleted occurrence');

    // Lost push: this change is never announced; the next push (duplicated, reordered) catches it up.
    const lost = await admin('POST', '/items', {
      subject: 'Nobody told us',
      start: at(7, 9),
      end: at(7, 10),
      organizer: 'eve@contoso.example',
    });
    await admin('POST', `/items/${encodeURIComponent(single.id)}/cancel`, { mode: 'move' });
    await notify(3);
    await converged('lost, duplicated and reordered pushes');

    // SIGKILL in the middle of a batch: the transaction is open (rows written, not committed).
    // The test holds the checkpoint rows locked from a session of its own, so the batch writes
    // its rows and then waits at the checkpoint, the last statement before COMMIT.
    const holder = await testDb.db.transaction();
    const [holderSession] = (await holder.raw<{ rows: { pid: number }[] }>('select pg_backend_pid() as pid')).rows;
    assert.ok(holderSession);
    await holder('projector_checkpoints').where({ consumer_group: env.ProjectorConsumerGroup }).forUpdate().select();
    await admin('PATCH', `/items/${encodeURIComponent(lost.id)}`, { subject: 'Told late' });
    await notify();
    const waiting = await waitFor(
      'the batch waiting at the checkpoint inside its transaction',
      async () => {
        const rows = await testDb.db.raw<{ rows: { pid: number }[] }>(
          `select pid from pg_stat_activity
          where datname = current_database() and application_name = 'sync-projector'
            and xact_start is not null and ? = any(pg_blocking_pids(pid))`,
          [holderSession.pid],
        );
        return rows.rows[0]?.pid;
      },
      20_000,
    );
    await assert.rejects(
      testDb.db.raw('select 1 from reservations where item_id = ? for update nowait', [lost.id]),
      (error: { code?: string }) => error.code === '55P03',
      "the batch has written the room's row (uncommitted: it holds the row lock)",
    );
    await projector.kill();
    // Let the orphaned session go on: with its client gone it can only roll back.
    await holder.rollback();
    await waitFor('the killed session gone', async () => {
      const rows = await testDb.db.raw<{ rows: unknown[] }>('select 1 from pg_stat_activity where pid = ?', [waiting]);
      return rows.rows.length === 0;
    });
    const uncommitted = await testDb
      .db<{ item_id: string; subject: string }>('reservations')
      .where({ item_id: lost.id })
      .first('subject');
    assert.equal(uncommitted?.subject, 'Nobody told us', 'the killed transaction left nothing behind');
    projector = await start();
    await converged('after SIGKILL and restart', 30_000);
    const dupes = await testDb.db.raw<{ rows: unknown[] }>(
      'select room_mailbox, reservation_key, count(*) from reservations group by 1, 2 having count(*) > 1',
    );
    assert.deepEqual(dupes.rows, []);

    // Rebuild of the room gives the same rows as the incremental sync produced.
    const columns =
      'reservation_key, item_id, subject, start_utc, end_utc, status, change_key, deleted_at is null as live';
    const before = (
      await testDb.db.raw<{ rows: unknown[] }>(`select ${columns} from reservations order by reservation_key`)
    ).rows;
    const cli = await runCli(['projector', 'rebuild', '--room', ROOM], env);
    assert.equal(cli.code, 0, cli.stdout + cli.stderr);
    assert.deepEqual(
      (await testDb.db.raw<{ rows: unknown[] }>(`select ${columns} from reservations order by reservation_key`)).rows,
      before,
    );
    await converged('after rebuild');
  },
);
