// libs/kafka's own error set, so callers branch on these and never on kafkajs classes
// (the engine may change). Each carries `retriable`, `cause` and the topic.

type ErrorContext = { topic?: string | undefined; cause: unknown };

export abstract class KafkaError extends Error {
  abstract readonly retriable: boolean;
  /** Undefined for failures before any topic was involved (connect). */
  readonly topic: string | undefined;
  constructor(message: string, context: ErrorContext) {
    super(message, { cause: context.cause });
    this.topic = context.topic;
  }
}

/** The broker could not be reached or led (connection, metadata, leader election). Retry later. */
export class KafkaUnavailableError extends KafkaError {
  override readonly name = 'KafkaUnavailableError';
  readonly retriable = true;
}

/**
 * No acknowledgement in time. The write may still have happened: retry with the same event
 * ids (the idempotent producer and the consumers' dedupe make that safe).
 */
export class ProduceTimeoutError extends KafkaError {
  override readonly name = 'ProduceTimeoutError';
  readonly retriable = true;
  readonly timeoutMs: number | undefined;
  constructor(message: string, context: ErrorContext & { timeoutMs?: number }) {
    super(message, context);
    this.timeoutMs = context.timeoutMs;
  }
}

/** The broker refused the records for good (too large, not authorised, invalid topic). */
export class ProduceRejectedError extends KafkaError {
  override readonly name = 'ProduceRejectedError';
  readonly retriable = false;
  /** The broker's error type, e.g. MESSAGE_TOO_LARGE. */
  readonly code: string | undefined;
  constructor(message: string, context: ErrorContext & { code?: string | undefined }) {
    super(message, context);
    this.code = context.code;
  }
}

type EngineError = { name?: unknown; retriable?: unknown; type?: unknown; cause?: unknown; message?: unknown };

function chain(error: unknown): EngineError[] {
  const out: EngineError[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && out.length < 10) {
    const engineError: EngineError = current;
    out.push(engineError);
    current = engineError.cause;
  }
  return out;
}

/** Maps a kafkajs produce failure to our error set (the only place that knows kafkajs error names). */
export function toProduceError(error: unknown, topic: string): KafkaError {
  if (error instanceof KafkaError) return error;
  const errors = chain(error);
  const message = error instanceof Error ? error.message : String(error);
  if (errors.some((e) => e.name === 'KafkaJSRequestTimeoutError')) {
    return new ProduceTimeoutError(`produce to ${topic} timed out: ${message}`, { topic, cause: error });
  }
  const rejected = errors.find((e) => e.name === 'KafkaJSProtocolError' && e.retriable === false);
  if (rejected) {
    const code = typeof rejected.type === 'string' ? rejected.type : undefined;
    return new ProduceRejectedError(`broker rejected the produce to ${topic}: ${message}`, {
      topic,
      cause: error,
      code,
    });
  }
  return new KafkaUnavailableError(`Kafka unavailable for ${topic}: ${message}`, { topic, cause: error });
}
