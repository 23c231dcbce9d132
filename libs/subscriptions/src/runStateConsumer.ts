// The manager's reading side: every replica folds the lifecycle topic and the notifications
// (from its start plan) into its state store, and tells the catch-up what it has read. Once the
// state is rebuilt, a lifecycle event or an error push asks for a reconcile pass at once rather
// than at the next interval; heartbeats and ordinary pushes wait for it.
import type { TopicNames } from '@rooms-sync/config';
import { EventTypes, ewsMessagesOf } from '@rooms-sync/events';
import { runPrivateReader } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import type { Logger } from '@rooms-sync/lifecycle';
import type { CatchUp } from './createCatchUp.ts';
import type { StateStore } from './createStateStore.ts';
import type { TopicStart } from './planTopicStart.ts';

export interface StateConsumerOptions {
  kafka: KafkaClient;
  /** Every replica reads both topics, in groups of its own named `<groupPrefix>-<uuid>`. */
  groupPrefix: string;
  topics: TopicNames;
  start: Pick<TopicStart, 'seeks'>;
  store: StateStore;
  catchUp: CatchUp;
  logger: Logger;
  /** When the process started, for the "state rebuilt" log line. */
  startedAt: number;
  /** Something decide may act on arrived (after the state was rebuilt). */
  onRelevant: () => void;
  /** The topics' retention (KafkaTopicRetentionMs): ids that ended longer ago are forgotten. */
  endedHorizonMs: number;
}

export interface StateConsumer {
  /** The state holds everything that was on the topics at start (readiness). */
  rebuilt(): boolean;
  /** False while Kafka does not answer (the reader starts again): the state may be stale. */
  reading(): boolean;
  stop(): Promise<void>;
}

const FETCH_MIN_BYTES = 256 * 1024;
const FETCH_MAX_WAIT_MS = 250;
/**
 * How often ended ids are forgotten (forgetEnded.ts): every replica, between batches. A minute is
 * nothing beside a retention of days, and a call walks the gaps the forgotten ones left at the
 * front of `ended` (about 150 µs with a week of ended ids at 5,000 rooms), which a fetch every
 * 250 ms need not pay.
 */
const FORGET_EVERY_MS = 60_000;

export function runStateConsumer(options: StateConsumerOptions): StateConsumer {
  const { topics, store, catchUp, logger } = options;
  let rebuilt = false;
  let forgotAt = 0;
  const read = { lifecycle: 0, notifications: 0 };
  const reader = runPrivateReader({
    kafka: options.kafka,
    groupPrefix: options.groupPrefix,
    topics: [topics.subscriptions, topics.notifications],
    fromBeginning: true,
    startAt: options.start.seeks,
    // The fold needs no push within milliseconds (its deadlines are heartbeat periods), and a
    // fetch per push or two was a tenth of the manager's CPU at 1,000 rooms: fetch in bulk.
    minBytes: FETCH_MIN_BYTES,
    maxWaitTimeMs: FETCH_MAX_WAIT_MS,
    logger,
    handleBatch: (batch) => {
      let relevant = false;
      if (!rebuilt) read[batch.topic === topics.notifications ? 'notifications' : 'lifecycle'] += batch.events.length;
      for (const consumed of batch.events) {
        store.applyConsumed(consumed.event, consumed);
        catchUp.observe(consumed.topic, consumed.partition, consumed.offset);
        relevant ||=
          consumed.event.type !== EventTypes.NotificationReceivedV1 ||
          ewsMessagesOf(consumed.event.data).some((m) => m.responseClass === 'Error');
      }
      const now = Date.now();
      if (now - forgotAt >= FORGET_EVERY_MS) {
        forgotAt = now;
        store.forget(now, options.endedHorizonMs);
      }
      if (relevant && rebuilt) options.onRelevant();
      return Promise.resolve();
    },
  });
  void catchUp.wait().then(
    (complete) => {
      rebuilt = true;
      logger.info(
        {
          complete,
          rooms: store.state.rooms.size,
          subscriptions: store.state.owners.size,
          read,
          ms: Date.now() - options.startedAt,
        },
        'state rebuilt from the topics',
      );
    },
    (error: unknown) => {
      logger.warn({ err: error }, 'initial catch-up failed');
    },
  );
  return { rebuilt: () => rebuilt, reading: () => reader.state().phase === 'running', stop: () => reader.stop() };
}
