// A consumer-group loop for rooms-sync events. kafkajs rebalances eagerly and kicks slow
// members (kafkajs#1720), so: eachBatch in chunks, offsets resolved only after the handler
// returned, a heartbeat per message, and a capped crash-restart loop that finally hands
// the crash to the caller, which builds the consumer again (the projector's startInBackground,
// runPrivateReader).
import { decodeEvent } from '@rooms-sync/events';
import type { RoomsEvent, TraceContext } from '@rooms-sync/events';
import type { EachBatchPayload } from 'kafkajs';
import type { ConsumedRecord } from './records.ts';
import type { KafkaClient } from './createKafka.ts';
import { createEventProducer } from './createEventProducer.ts';
import { deadLetterMessage } from './deadLetterMessage.ts';
import type { Logger } from '@rooms-sync/lifecycle';
import { dlqTopicFor } from './topics.ts';

export type ConsumedEvent = {
  event: RoomsEvent;
  trace: TraceContext | undefined;
  topic: string;
  partition: number;
  offset: string;
  /** The raw record, for deadLetter(). */
  message: ConsumedRecord;
};

export type EventBatch = {
  topic: string;
  partition: number;
  /** Decoded, in offset order; undecodable messages never reach the handler. */
  events: ConsumedEvent[];
  /** Call during long work so the member is not kicked out of the group. */
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was revoked/seeked: stop early, throw. */
  isActive(): boolean;
  /** Sends an event the handler gave up on to the DLQ; its offset is then resolved with the rest. */
  deadLetter(consumed: ConsumedEvent, failure: { reason: string; details: string }): Promise<void>;
};

/** `error` is the handler's own error when kafkajs wrapped one (retries exceeded, non-retriable). */
export type CrashInfo = { error: unknown; groupId: string; restart: boolean };

function unwrapEngineError(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 10; depth++) {
    if (!(current instanceof Error) || !current.name.startsWith('KafkaJS') || current.cause === undefined)
      return current;
    current = current.cause;
  }
  return current;
}

export type RunEventConsumerOptions = {
  kafka: KafkaClient;
  groupId: string;
  topics: string[];
  fromBeginning: boolean;
  /**
   * Positions to start from instead of the committed (or fromBeginning) offset, e.g. a lookback
   * window. Applied once, right after joining; meant for a group of its own (one member).
   */
  startAt?: readonly { topic: string; partition: number; offset: string }[];
  /** Throwing leaves the chunk's offsets unresolved: it is delivered again. */
  handleBatch: (batch: EventBatch) => Promise<void>;
  logger: Logger;
  /** Messages per handleBatch call (one DB transaction in the projector). Default 100. */
  maxBatchSize?: number;
  dlqTopic?: (topic: string) => string;
  /**
   * False: a reader that is not its topics' processor (the projector is) skips undecodable records
   * with a log line rather than dead-letter them a second time, and holds no DLQ producer.
   */
  deadLetters?: boolean;
  /**
   * Each record sent to the DLQ, whether undecodable (never reaching the handler) or given up by
   * it: for the service's dead-letter metric, which the DLQ alert reads.
   */
  onDeadLettered?: (info: { topic: string; reason: string }) => void;
  /** Consecutive crash restarts before giving up (then onCrash sees restart: false). Default 5. */
  maxRestarts?: number;
  /** Every crash; when `restart` is false the consumer is dead and the caller should start a new one. */
  onCrash?: (info: CrashInfo) => void;
  onGroupJoin?: (info: { memberId: string; assignment: Record<string, number[]> }) => void;
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  maxWaitTimeMs?: number;
  /** The broker answers a fetch once it has this many bytes or maxWaitTimeMs passed. Default 1. */
  minBytes?: number;
  partitionsConsumedConcurrently?: number;
  /** False: positions are not committed to the group (a reader that keeps its own, runPrivateReader). */
  commitOffsets?: boolean;
  /** After each chunk is handled (or dead-lettered): the offset to read from next in that partition. */
  onProgress?: (position: { topic: string; partition: number; offset: string }) => void;
  /** kafkajs retries of a failing batch before it counts as a crash. */
  retry?: { retries?: number; initialRetryTimeMs?: number; maxRetryTimeMs?: number };
};

export interface EventConsumer {
  stop(): Promise<void>;
}

export async function runEventConsumer(options: RunEventConsumerOptions): Promise<EventConsumer> {
  const { kafka, groupId, logger } = options;
  const maxBatchSize = options.maxBatchSize ?? 100;
  const maxRestarts = options.maxRestarts ?? 5;
  const dlqTopic = options.dlqTopic ?? dlqTopicFor;
  let restarts = 0;

  const dlq = options.deadLetters === false ? undefined : createEventProducer(kafka, { logger });
  const consumer = kafka.engine.consumer({
    groupId,
    sessionTimeout: options.sessionTimeoutMs ?? 30000,
    heartbeatInterval: options.heartbeatIntervalMs ?? 3000,
    maxWaitTimeInMs: options.maxWaitTimeMs ?? 1000,
    minBytes: options.minBytes ?? 1,
    allowAutoTopicCreation: false,
    retry: {
      retries: options.retry?.retries ?? 5,
      initialRetryTime: options.retry?.initialRetryTimeMs ?? 300,
      maxRetryTime: options.retry?.maxRetryTimeMs ?? 30000,
      restartOnFailure: (error) => {
        restarts += 1;
        const restart = restarts <= maxRestarts;
        logger.error({ err: unwrapEngineError(error), groupId, restarts, maxRestarts, restart }, 'consumer crashed');
        return Promise.resolve(restart);
      },
    },
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    const info: CrashInfo = {
      error: unwrapEngineError(payload.error),
      groupId: payload.groupId,
      restart: payload.restart,
    };
    if (options.onCrash) options.onCrash(info);
    else logger.error({ err: info.error, groupId, restart: info.restart }, 'consumer crash');
  });
  if (options.onGroupJoin) {
    const onGroupJoin = options.onGroupJoin;
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      onGroupJoin({ memberId: payload.memberId, assignment: payload.memberAssignment });
    });
  }

  async function eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const heartbeat = () => payload.heartbeat();
    const isActive = () => payload.isRunning() && !payload.isStale();
    const { topic, partition } = batch;
    const send = async (
      origin: ConsumedRecord,
      failure: { reason: string; details: string; eventId?: string | undefined },
    ) => {
      if (!dlq) {
        logger.warn({ topic, partition, offset: origin.offset, groupId, reason: failure.reason }, 'record skipped');
        return;
      }
      const record = deadLetterMessage({ ...origin, topic, partition }, { ...failure, groupId });
      await dlq.sendRaw(dlqTopic(topic), [record]);
      options.onDeadLettered?.({ topic, reason: failure.reason });
      logger.warn(
        { topic, partition, offset: origin.offset, groupId, reason: failure.reason, eventId: failure.eventId },
        'sent to DLQ',
      );
    };
    for (let start = 0; start < batch.messages.length; start += maxBatchSize) {
      if (!isActive()) return;
      const chunk = batch.messages.slice(start, start + maxBatchSize);
      const events: ConsumedEvent[] = [];
      const undecodable: { message: ConsumedRecord; reason: string; details: string }[] = [];
      for (const message of chunk) {
        const decoded = decodeEvent(message);
        if (decoded.ok)
          events.push({
            event: decoded.event,
            trace: decoded.trace,
            topic,
            partition,
            offset: message.offset,
            message,
          });
        else undecodable.push({ message, reason: decoded.error.reason, details: decoded.error.details });
      }
      if (events.length > 0) {
        await options.handleBatch({
          topic,
          partition,
          events,
          heartbeat,
          isActive,
          deadLetter: (consumed, failure) => send(consumed.message, { ...failure, eventId: consumed.event.id }),
        });
      }
      // After the handler, so a failed chunk (redelivered) does not dead-letter twice.
      for (const bad of undecodable) await send(bad.message, bad);
      const last = chunk.at(-1);
      if (last) options.onProgress?.({ topic, partition, offset: (BigInt(last.offset) + 1n).toString() });
      for (const message of chunk) {
        payload.resolveOffset(message.offset);
        await heartbeat();
      }
      await payload.commitOffsetsIfNecessary();
      restarts = 0;
    }
  }

  await dlq?.connect();
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: options.topics, fromBeginning: options.fromBeginning });
    await consumer.run({
      eachBatchAutoResolve: false,
      autoCommit: options.commitOffsets ?? true,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
    // Seeks taken before the first fetch; a fetch already under way is discarded by kafkajs.
    for (const position of options.startAt ?? []) consumer.seek(position);
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    await dlq?.disconnect().catch(() => undefined);
    throw error;
  }

  let stopping: Promise<void> | undefined;
  return {
    stop() {
      stopping ??= (async () => {
        await consumer.disconnect();
        await dlq?.disconnect();
      })();
      return stopping;
    },
  };
}
