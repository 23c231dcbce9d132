// Applies one partition batch with an exactly-once effect: skip what the PostgreSQL checkpoint
// already covers, ask Exchange what changed per room (rooms in parallel within the projector's one
// Exchange concurrency budget, each room alone), then
// commit rows + sync states + checkpoint in one transaction. Kafka offsets are resolved by the
// caller only after this returns, i.e. after COMMIT.
import { decodeEvent, EventTypes } from '@rooms-sync/events';
import type { IncomingHeaders } from '@rooms-sync/events';
import type { Knex } from '@rooms-sync/db';
import type { ExchangeRetryOptions } from './callExchange.ts';
import { readCheckpoint } from './checkpoints.ts';
import { commitBatch } from './commitBatch.ts';
import type { CommitResult, RoomOutcome } from './commitBatch.ts';
import { createRoomLocks } from './createRoomLocks.ts';
import { deadLetterMessage } from '@rooms-sync/kafka';
import { backoffDelay, createConcurrencyLimit } from '@rooms-sync/lifecycle';
import type { Logger } from '@rooms-sync/lifecycle';
import type { DeadLetterRecord, DlqReason, DlqSink } from './dlqMessage.ts';
import {
  BatchAlreadyAppliedError,
  isDatabaseUnavailable,
  isTransactionRetry,
  ProjectionConflictError,
} from './errors.ts';
import { heartbeatSleep } from './heartbeatSleep.ts';
import { decideSync } from './decideSync.ts';
import { planBatch, subscriptionsToResolve } from './planBatch.ts';
import type { BatchEntry, RoomWork } from './planBatch.ts';
import { eventKind } from './projectorMetrics.ts';
import type { ProjectorMetrics } from './projectorMetrics.ts';
import { resolveRoute } from './roomRoute.ts';
import type { RoomSource } from './roomRoute.ts';
import { syncRoom } from './syncRoom.ts';
import type { ProjectorSources } from './syncRoom.ts';
import { mailboxesForSubscriptions, readSyncStates } from './syncState.ts';

export interface BatchMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  headers?: IncomingHeaders | undefined;
}

export interface Batch {
  topic: string;
  partition: number;
  messages: readonly BatchMessage[];
}

export interface BatchHooks {
  /** Keeps the consumer's group session alive during long waits; may throw on rebalance. */
  heartbeat: () => Promise<void>;
}

export interface ProjectorOptions {
  db: Knex;
  /**
   * The Exchange clients per connection (docs/architecture.md §9): `ews('default')` is the `Ews*`
   * keys' client. A room whose connection has none is dead-lettered (`unconfigured_connection`).
   */
  sources: ProjectorSources;
  dlq: DlqSink;
  group: string;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  metrics: ProjectorMetrics;
  horizonDays: number;
  /**
   * A room's next sync is a full one when its last full sync is older than this. Occurrences of
   * recurring meetings enter the horizon as days pass without any change in Exchange; this is
   * what materialises them (the first heartbeat past it syncs the room even when its watermark
   * chain is continuous, and the manager's periodic reconcile brings every room by); for a Graph room
   * it is a new calendarView window, rolled forward to now. Default 24 h.
   */
  fullResyncEveryMs?: number;
  /** How far back occurrences are (re)materialised; older rows are history. */
  pastDays?: number;
  /**
   * Rooms this projector asks Exchange about at once, across all its partitions: EWS counts
   * concurrent calls per account (EWSMaxConcurrency), not per batch. Default 8.
   */
  roomConcurrency?: number;
  /** Back-off of throttled and transient EWS and Graph calls (the server's wait is a floor). */
  exchangeRetry?: Pick<ExchangeRetryOptions, 'retries' | 'initialMs' | 'maxMs'>;
  /** Backoff while PostgreSQL is unreachable (the batch waits; it is never skipped). */
  dbRetry?: { initialMs: number; maxMs: number };
  now?: () => Date;
  /** Told when the database comes and goes (readiness). */
  onDatabaseHealth?: (healthy: boolean) => void;
  signal?: AbortSignal;
}

export interface BatchResult {
  /** The last offset of the batch: resolve it (its effect is committed or was already). */
  lastOffset: string;
  applied: number;
  skipped: number;
  deadLettered: number;
}

export interface Projector {
  handleBatch(batch: Batch, hooks: BatchHooks): Promise<BatchResult>;
}

const DAY = 86_400_000;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createProjector(o: ProjectorOptions): Projector {
  const locks = createRoomLocks();
  const exchangeSlots = createConcurrencyLimit(o.roomConcurrency ?? 8);
  const now = o.now ?? (() => new Date());
  const exchangeRetry = o.exchangeRetry ?? { retries: 6, initialMs: 500, maxMs: 30_000 };
  const dbRetry = o.dbRetry ?? { initialMs: 500, maxMs: 15_000 };

  // A push whose subscription no SubscriptionCreated has mapped to a room: the manager records that
  // event after Exchange created the subscription (after a Kafka outage, from its outbox), so the
  // first push can come first. Its SubscriptionCreated, when it comes, asks for a catch-up from the
  // room's sync state, which covers whatever the push announced; if it never comes the
  // subscription is nobody's and there is nothing to sync. Neither is a give-up for the DLQ.
  function passOver(entries: readonly BatchEntry[]): void {
    if (entries.length === 0) return;
    o.metrics.unroutable.inc(entries.length);
    const ids = new Set(
      entries.flatMap(({ event }) =>
        event.type === EventTypes.NotificationReceivedV1 && event.data.subscriptionId !== undefined
          ? [event.data.subscriptionId]
          : [],
      ),
    );
    o.logger.warn({ subscriptionIds: [...ids], pushes: entries.length }, 'pushes of unknown subscriptions passed over');
  }

  async function attempt(batch: Batch, hooks: BatchHooks): Promise<BatchResult> {
    const last = batch.messages.at(-1);
    if (!last) return { lastOffset: '-1', applied: 0, skipped: 0, deadLettered: 0 };
    const checkpoint = { group: o.group, topic: batch.topic, partition: batch.partition };
    const expected = await readCheckpoint(o.db, checkpoint);
    const fresh = batch.messages.filter((m) => expected === null || BigInt(m.offset) > expected);
    const skipped = batch.messages.length - fresh.length;
    if (fresh.length === 0) return { lastOffset: last.offset, applied: 0, skipped, deadLettered: 0 };

    const dead: DeadLetterRecord[] = [];
    const byOffset = new Map(fresh.map((m) => [BigInt(m.offset), m]));
    const kill = (m: BatchMessage, reason: DlqReason, details: string, eventId?: string) => {
      const origin = {
        topic: batch.topic,
        partition: batch.partition,
        offset: m.offset,
        key: m.key,
        value: m.value,
        headers: m.headers,
      };
      dead.push(deadLetterMessage(origin, { reason, details, groupId: o.group, eventId }, now()));
    };
    const entries: BatchEntry[] = [];
    for (const m of fresh) {
      const decoded = decodeEvent({ value: m.value, headers: m.headers });
      if (decoded.ok) entries.push({ offset: BigInt(m.offset), event: decoded.event });
      else kill(m, 'undecodable', `${decoded.error.reason}: ${decoded.error.details}`);
    }
    const plan = planBatch(entries, await mailboxesForSubscriptions(o.db, subscriptionsToResolve(entries)));
    passOver(plan.unroutable);
    const killRoom = (work: RoomWork, reason: DlqReason, error: string) => {
      for (const e of work.entries) kill(byOffset.get(e.offset) ?? last, reason, error, e.event.id);
    };

    const release = await locks.acquire(plan.rooms.map((r) => r.room));
    try {
      const states = await readSyncStates(
        o.db,
        plan.rooms.map((r) => r.room),
      );
      const at = now().getTime();
      const window = { start: new Date(at - (o.pastDays ?? 1) * DAY), end: new Date(at + o.horizonDays * DAY) };
      const outcomes = await Promise.all(
        plan.rooms.map(async (work): Promise<RoomOutcome | undefined> => {
          const state = states.get(work.room);
          const stale =
            state?.lastFullSyncAt == null || at - state.lastFullSyncAt.getTime() > (o.fullResyncEveryMs ?? DAY);
          const full = work.full || stale;
          const decision = decideSync(work, {
            lastWatermark: state?.lastWatermark,
            // `stale` covers a room without a stored state.
            fullDue: full || state.syncState === null || resolveRoute(work.route, state).changed,
          });
          const base = { work, expected: state?.generation ?? null, lastWatermark: decision.lastWatermark };
          if (!decision.sync) return { ...base, skipped: decision.skipped };
          const synced = await exchangeSlots.run(() =>
            syncRoom({
              sources: o.sources,
              work,
              state,
              full,
              window,
              retry: {
                ...exchangeRetry,
                heartbeat: hooks.heartbeat,
                signal: o.signal,
                onRetry: (error, delayMs) => {
                  o.logger.warn({ mailbox: work.room, error, delayMs }, 'exchange busy, backing off');
                },
              },
              onCall: (source, operation, outcome) => {
                o.metrics.exchangeCalls.inc({ source, operation, reason: decision.reason, outcome });
              },
            }),
          );
          if (synced.ok) return { ...base, fetched: synced.fetched };
          o.logger.error(
            { mailbox: work.room, reason: synced.reason, details: synced.details },
            'the room could not be synced; its events go to the DLQ',
          );
          killRoom(work, synced.reason, synced.details);
          return undefined;
        }),
      );
      const rooms = outcomes.filter((r): r is RoomOutcome => r !== undefined);
      const committed = await commitBatch({
        db: o.db,
        checkpoint,
        expectedOffset: expected,
        lastOffset: BigInt(last.offset),
        rooms,
        onRoomFailed: (work, error) => {
          o.logger.error(
            { mailbox: work.room, err: error },
            'rows of a room could not be stored; its events go to the DLQ',
          );
          killRoom(work, 'apply_error', error instanceof Error ? error.message : String(error));
        },
        flushDeadLetters: () => (dead.length > 0 ? o.dlq.send(batch.topic, dead) : Promise.resolve()),
      });
      observe(committed, rooms, entries, dead.length);
      return { lastOffset: last.offset, applied: entries.length, skipped, deadLettered: dead.length };
    } finally {
      release();
    }
  }

  function observe(
    committed: CommitResult,
    rooms: readonly RoomOutcome[],
    entries: readonly BatchEntry[],
    deadLettered: number,
  ) {
    const at = now().getTime();
    o.metrics.rowsChanged.inc({ op: 'upsert' }, committed.changed.length);
    o.metrics.rowsChanged.inc({ op: 'soft_delete' }, committed.softDeleted);
    // A full sync re-reads old items: their age says nothing about how fresh we are.
    const full = new Set(rooms.filter((r) => r.fetched?.snapshot.full === true).map((r) => r.work.room));
    const sourceOf = new Map<string, RoomSource>(
      rooms.flatMap((r) => (r.fetched ? [[r.work.room, r.fetched.source]] : [])),
    );
    const fresh = (room: string, changedAt: number) => {
      o.metrics.freshness.observe({ source: sourceOf.get(room) ?? 'ews' }, Math.max(0, at - changedAt) / 1000);
    };
    for (const row of committed.changed) {
      if (row.last_modified && !full.has(row.room_mailbox)) fresh(row.room_mailbox, row.last_modified.getTime());
    }
    for (const work of committed.rooms) {
      if (!committed.roomsWithDeletes.has(work.room) || full.has(work.room)) continue;
      const lastChange = work.changeTimes.reduce((m, t) => Math.max(m, t.getTime()), 0);
      if (lastChange > 0) fresh(work.room, lastChange);
    }
    o.metrics.syncsSkipped.inc(rooms.filter((r) => r.skipped === true).length);
    for (const e of entries) o.metrics.eventsApplied.inc({ kind: eventKind(e.event.type) });
    if (deadLettered > 0) o.metrics.dlqMessages.inc(deadLettered);
  }

  return {
    async handleBatch(batch, hooks) {
      const started = performance.now();
      for (let failures = 0; ;) {
        try {
          const result = await attempt(batch, hooks);
          o.onDatabaseHealth?.(true);
          o.metrics.applyDuration.observe((performance.now() - started) / 1000);
          return result;
        } catch (error) {
          const last = batch.messages.at(-1)?.offset ?? '-1';
          if (error instanceof BatchAlreadyAppliedError)
            return { lastOffset: last, applied: 0, skipped: batch.messages.length, deadLettered: 0 };
          if (o.signal?.aborted === true) throw error;
          if (error instanceof ProjectionConflictError || isTransactionRetry(error)) {
            o.logger.warn(
              { topic: batch.topic, partition: batch.partition, err: error },
              'concurrent writer; re-reading and re-applying the batch',
            );
            await sleep(50 + Math.random() * 200);
            continue;
          }
          if (!isDatabaseUnavailable(error)) throw error;
          o.onDatabaseHealth?.(false);
          failures += 1;
          const delay = backoffDelay(Math.min(failures - 1, 10), { ...dbRetry, factor: 2, jitter: 0 }, 0);
          o.logger.warn(
            { topic: batch.topic, partition: batch.partition, err: error, delayMs: delay },
            'PostgreSQL unavailable; partition waits',
          );
          await heartbeatSleep(delay, { heartbeat: hooks.heartbeat, sleep });
        }
      }
    },
  };
}
