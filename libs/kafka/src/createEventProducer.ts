// Validated events onto Kafka, durably: idempotent producer, acks from all in-sync
// replicas, one in-flight request (kafkajs#598), and all messages of a call in one
// request, since kafkajs never lingers across send() calls (kafkajs#1157).
import { Partitioners } from 'kafkajs';
import type { Message, Producer } from 'kafkajs';
import type { OutgoingRecord } from './records.ts';
import { encodeEvent } from '@rooms-sync/events';
import type { RoomsEvent, TraceContext } from '@rooms-sync/events';
import { withTimeout } from '@rooms-sync/lifecycle';
import type { KafkaClient } from './createKafka.ts';
import { KafkaUnavailableError, ProduceTimeoutError, toProduceError } from './errors.ts';
import type { Logger } from '@rooms-sync/lifecycle';

export type EventProducerOptions = {
  logger: Logger;
  /** How long the broker may wait for in-sync replicas (kafkajs `timeout`). Default 30 s. */
  ackTimeoutMs?: number;
  /** Default overall deadline per send call; undefined = only the engine's own timeouts. */
  deadlineMs?: number;
  /** Engine retries per send (finite on purpose: a send that gives up surfaces as an error). Default 5. */
  retries?: number;
};

export type SendOptions = {
  /** W3C trace context for every message of this call (Kafka headers, not data). */
  trace?: TraceContext | undefined;
  /** Overrides the producer's deadline. On expiry: ProduceTimeoutError, outcome unknown. */
  deadlineMs?: number;
};

export type SendResult = { topic: string; partition: number; baseOffset: string | undefined }[];

export interface EventProducer {
  connect(): Promise<void>;
  /**
   * Resolves once the producer can send at once: the one a failed send left behind is replaced
   * now (a fresh producer id from the broker) instead of on the next send's time. Rejects with
   * KafkaUnavailableError while the broker gives none. Meant for readiness.
   */
  ready(): Promise<void>;
  /** Validates and sends all events in one request. Rejects with EventValidationError or a KafkaError. */
  sendEvents(topic: string, events: readonly RoomsEvent[], options?: SendOptions): Promise<SendResult>;
  /** Sends pre-built messages (DLQ forwarding); same durability. */
  sendRaw(topic: string, records: OutgoingRecord[], options?: { deadlineMs?: number }): Promise<SendResult>;
  disconnect(): Promise<void>;
}

function withDeadline<T>(work: Promise<T>, deadlineMs: number | undefined, topic: string): Promise<T> {
  if (deadlineMs === undefined) return work;
  return withTimeout(
    work,
    deadlineMs,
    () =>
      new ProduceTimeoutError(`no ack from Kafka for ${topic} within ${deadlineMs} ms`, {
        topic,
        cause: undefined,
        timeoutMs: deadlineMs,
      }),
  );
}

export function createEventProducer(kafka: KafkaClient, options: EventProducerOptions): EventProducer {
  const ackTimeoutMs = options.ackTimeoutMs ?? 30000;
  const build = (): Producer =>
    kafka.engine.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      createPartitioner: Partitioners.DefaultPartitioner,
      allowAutoTopicCreation: false,
      retry: { retries: options.retries ?? 5 },
    });
  let producer = build();
  let connected = false;
  // After a failed or timed-out send the idempotent sequence may be ahead of what kafkajs
  // believes; reusing it risks the broker taking a new batch for a duplicate and dropping
  // it. A fresh producer gets a fresh producer id, so the next send starts clean.
  let replaceBeforeNextSend = false;

  async function connectProducer(): Promise<void> {
    try {
      await producer.connect();
      connected = true;
    } catch (error) {
      throw new KafkaUnavailableError(
        `cannot connect the producer: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }

  async function replace(): Promise<void> {
    const old = producer;
    producer = build();
    old.disconnect().catch((err: unknown) => {
      options.logger.warn({ err }, 'disconnecting a replaced producer failed');
    });
    // Until the new one is connected the next call replaces it again (a broker still loading
    // answers InitProducerId with COORDINATOR_LOAD_IN_PROGRESS).
    await connectProducer();
    replaceBeforeNextSend = false;
  }

  // A readiness probe and a send may both find the producer to replace: one replacement serves both.
  let replacing: Promise<void> | undefined;
  function fresh(): Promise<void> {
    if (!replaceBeforeNextSend || !connected) return Promise.resolve();
    replacing ??= replace().finally(() => {
      replacing = undefined;
    });
    return replacing;
  }

  async function sendRaw(
    topic: string,
    records: OutgoingRecord[],
    sendOptions: { deadlineMs?: number } = {},
  ): Promise<SendResult> {
    if (records.length === 0) return [];
    // Our record shape is kafkajs's Message minus the fields we never set.
    const messages: Message[] = records;
    const started = performance.now();
    // The deadline covers replacing the producer too, so a connect in its back-off holds no caller
    // past it; a batch whose caller gave up meanwhile is not sent late.
    let abandoned = false;
    const sent = fresh().then(() => {
      if (abandoned) throw new KafkaUnavailableError(`gave up on ${topic} before sending`, { topic, cause: undefined });
      return producer.send({ topic, messages, acks: -1, timeout: ackTimeoutMs });
    });
    try {
      const metadata = await withDeadline(sent, sendOptions.deadlineMs ?? options.deadlineMs, topic);
      options.logger.debug({ topic, count: messages.length, ms: Math.round(performance.now() - started) }, 'produced');
      return metadata.map((m) => ({ topic: m.topicName, partition: m.partition, baseOffset: m.baseOffset }));
    } catch (error) {
      abandoned = true;
      replaceBeforeNextSend = true;
      throw toProduceError(error, topic);
    }
  }

  return {
    connect: connectProducer,
    ready: fresh,
    async disconnect() {
      connected = false;
      await producer.disconnect();
    },
    sendRaw,
    async sendEvents(topic, events, sendOptions = {}) {
      // Encoding throws EventValidationError before anything reaches the broker.
      const messages = events.map((event) => encodeEvent(event, { trace: sendOptions.trace }));
      return sendRaw(
        topic,
        messages,
        sendOptions.deadlineMs === undefined ? {} : { deadlineMs: sendOptions.deadlineMs },
      );
    },
  };
}
