// `make bench` part for the projector. Run: node libs/projection/src/bench/projectorBench.ts
//  1. Apply throughput: NotificationReceived batches through createProjector.handleBatch
//     (decode, plan, Exchange reads from an in-memory calendar, evolve, one transaction with
//     guarded upserts + sync states + checkpoint) against the real PostgreSQL.
//  2. Baseline in the same run: the same row versions written with a plain batched
//     INSERT … ON CONFLICT DO UPDATE (chunks of 500, no guard, no checkpoint).
//  3. End-to-end freshness at a stated load through real Kafka: change stamped in the calendar
//     → row committed, p50/p99 (Exchange's own latency is not in it: the calendar is in memory).
import { randomUUID } from 'node:crypto';
import { createEvent, encodeEvent, EventTypes } from '@rooms-sync/events';
import { createEventProducer, createKafka, ensureTopics, withAdmin } from '@rooms-sync/kafka';
import { Registry } from 'prom-client';
import { DATA_COLUMNS } from '../applyRowOps.ts';
import { createProjector } from '../createProjector.ts';
import type { BatchMessage } from '../createProjector.ts';
import { toReservationRow } from '../evolve.ts';
import { createProjectorMetrics } from '../projectorMetrics.ts';
import type { ReservationRow } from '../rowOps.ts';
import { runProjectorConsumer } from '../runProjectorConsumer.ts';
import { FakeCalendar } from '../testing/FakeCalendar.ts';
import { silentLogger } from '../testing/projectorHarness.ts';
import { projectionTestDb } from '../testing/projectionTestDb.ts';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
const ITEMS_PER_ROOM = Number(process.env.BENCH_ITEMS_PER_ROOM ?? 20);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const BATCHES = Number(process.env.BENCH_BATCHES ?? 20);
const LOAD_PER_SECOND = Number(process.env.BENCH_LOAD ?? 200);
const LOAD_SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10);
const BROKERS = (process.env.KafkaBrokers ?? '127.0.0.1:9092').split(',');

const kafkaLogger = { ...silentLogger, debug: () => undefined };
const room = (i: number) => `bench-room-${i}@contoso.example`;
const notificationEvent = (mailbox: string) =>
  createEvent(
    EventTypes.NotificationReceivedV1,
    {
      subscriptionId: `SUB-${mailbox}`,
      mailbox,
      endpoint: 'default',
      receivedAt: new Date().toISOString(),
      messages: [
        {
          responseClass: 'Success',
          subscriptionId: `SUB-${mailbox}`,
          moreEvents: false,
          events: [{ kind: 'Modified', timestamp: new Date().toISOString() }],
        },
      ],
    },
    { source: 'bench', subject: mailbox },
  );
const notification = (mailbox: string): Buffer => encodeEvent(notificationEvent(mailbox)).value;

const testDb = await projectionTestDb();
const { db } = testDb;
try {
  const cal = new FakeCalendar();
  // Synthetic change times stay in the past, so the wall-clock changes of step 3 are newer.
  cal.now = Date.now() - 30 * 86_400_000;
  const items: { room: string; id: string }[] = [];
  for (let r = 0; r < ROOMS; r++) {
    for (let i = 0; i < ITEMS_PER_ROOM; i++) {
      const start = Date.parse('2026-12-01T08:00:00Z') + (i * 24 + (r % 8)) * 3_600_000;
      items.push({
        room: room(r),
        id: cal.book(room(r), {
          subject: `Meeting ${i}`,
          start: new Date(start).toISOString(),
          end: new Date(start + 3_600_000).toISOString(),
        }).id,
      });
    }
  }
  const metrics = createProjectorMetrics(new Registry());
  const projector = createProjector({
    db,
    sources: { ews: () => cal, graph: () => undefined },
    dlq: { send: (_t, records) => Promise.reject(new Error(`bench events dead-lettered: ${records.length}`)) },
    group: 'bench',
    logger: silentLogger,
    metrics,
    horizonDays: 120,
    roomConcurrency: 8,
  });
  let offset = 0;
  const run = async (values: Buffer[]) => {
    const messages: BatchMessage[] = values.map((value) => ({ offset: String(offset++), key: null, value }));
    await projector.handleBatch({ topic: 'bench', partition: 0, messages }, { heartbeat: () => Promise.resolve() });
  };
  await run(Array.from({ length: ROOMS }, (_, r) => notification(room(r)))); // initial full syncs
  // The baseline table starts from the same rows, so both sides do the same updates.
  await db.raw('create table reservations_plain (like reservations including all)');
  await db.raw('insert into reservations_plain select * from reservations');

  // 1 + 2 interleaved batch by batch, so warm-up and noise from other work hit both alike.
  // Each event changes one distinct item, so events = row versions written.
  const merge = DATA_COLUMNS;
  let applyMs = 0;
  let plainMs = 0;
  let cursor = 0;
  for (let b = -1; b < BATCHES; b++) {
    const values: Buffer[] = [];
    const rows: ReservationRow[] = [];
    for (let e = 0; e < BATCH; e++) {
      const target = items[cursor++ % items.length];
      if (!target) throw new Error('no items');
      rows.push(toReservationRow(target.room, cal.update(target.room, target.id, { subject: `Meeting v${b}` })));
      values.push(notification(target.room));
    }
    let started = performance.now();
    await run(values);
    const projectorBatchMs = performance.now() - started;
    started = performance.now();
    await db.transaction(async (trx) => {
      for (let i = 0; i < rows.length; i += 500)
        await trx('reservations_plain')
          .insert(rows.slice(i, i + 500))
          .onConflict(['room_mailbox', 'reservation_key'])
          .merge(merge);
    });
    if (b >= 0) {
      applyMs += projectorBatchMs;
      plainMs += performance.now() - started;
    } // batch -1 warms both up
  }
  const events = BATCH * BATCHES;
  const upserts = (await metrics.rowsChanged.get()).values.find((v) => v.labels.op === 'upsert')?.value ?? 0;
  const same = await db.raw<{ rows: { n: string }[] }>(
    'select count(*) as n from reservations r join reservations_plain p using (room_mailbox, reservation_key) where r.subject = p.subject and r.change_key = p.change_key',
  );
  process.stdout.write(
    `check: projector wrote ${upserts - ROOMS * ITEMS_PER_ROOM - BATCH} rows in the timed batches; ${same.rows[0]?.n ?? '?'} of ${ROOMS * ITEMS_PER_ROOM} rows identical in both tables\n`,
  );
  const projectorRate = events / (applyMs / 1000);
  const plainRate = events / (plainMs / 1000);

  process.stdout.write(
    `projector apply (batches of ${BATCH}, ${ROOMS} rooms, in-memory Exchange, real PostgreSQL): ${Math.round(projectorRate)} events/s (${events} events, ${events} row versions)\n`,
  );
  process.stdout.write(
    `plain batched INSERT … ON CONFLICT of the same rows, same run:                    ${Math.round(plainRate)} rows/s\n`,
  );
  process.stdout.write(`ratio projector / plain: ${(projectorRate / plainRate).toFixed(2)}\n`);

  // 3. Freshness through Kafka at a fixed load.
  const kafka = createKafka({ brokers: BROKERS, clientId: 'projector-bench', logger: kafkaLogger, logLevel: 'error' });
  const topic = `bench.projector-${randomUUID().slice(0, 8)}.v1`;
  await withAdmin(kafka, (admin) => ensureTopics(admin, [{ topic, partitions: 6, retentionMs: 3_600_000 }]));
  const consumer = await runProjectorConsumer({
    kafka,
    db,
    groupId: `bench-${randomUUID()}`,
    topics: [topic],
    projector,
    logger: kafkaLogger,
    metrics: createProjectorMetrics(new Registry()),
    onCrash: () => undefined,
    lagIntervalMs: 60_000,
  });
  const producer = createEventProducer(kafka, { logger: kafkaLogger });
  await producer.connect();
  await new Promise((r) => setTimeout(r, 4_000)); // group join
  cal.realClock = true;
  const stamp = new Date();
  const total = LOAD_PER_SECOND * LOAD_SECONDS;
  const tickMs = 50;
  const perTick = Math.max(1, Math.round((LOAD_PER_SECOND * tickMs) / 1000));
  const touched: string[] = [];
  const t0 = performance.now();
  for (let sent = 0; sent < total;) {
    const events = [];
    for (let i = 0; i < perTick && sent < total; i++, sent++) {
      const target = items[cursor++ % items.length];
      if (!target) throw new Error('no items');
      touched.push(target.id);
      cal.update(target.room, target.id, { subject: 'Load' });
      events.push(notificationEvent(target.room));
    }
    await producer.sendEvents(topic, events);
    const due = t0 + (sent / perTick) * tickMs;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  const deadline = Date.now() + 60_000;
  const freshness = async () =>
    (
      await db.raw<{ rows: { ms: string }[] }>(
        `select extract(epoch from (updated_at - last_modified)) * 1000 as ms from reservations where updated_at >= ? and subject = 'Load' and last_modified >= ?`,
        [stamp, stamp],
      )
    ).rows;
  let rows = await freshness();

  const expected = new Set(touched).size;
  while (rows.length < expected && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    rows = await freshness();
  }
  await producer.disconnect();
  await consumer.stop();
  // The row keeps only its last change: each sample is (last change of an item → its commit).
  const ms = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
  const pct = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? Number.NaN);
  process.stdout.write(
    `end-to-end freshness at ${LOAD_PER_SECOND} notifications/s for ${LOAD_SECONDS} s over ${ROOMS} rooms via Kafka (6 partitions): p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms (${ms.length}/${expected} items)\n`,
  );
} finally {
  await testDb.drop();
}
