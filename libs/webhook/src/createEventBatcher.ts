// Groups concurrent records into one produce call without adding latency: the
// first record is sent at once; records arriving while a send is in flight wait
// and go together in the next one. Batches grow with load, and an idle server
// answers in one broker round trip. (kafkajs has no linger across send() calls,
// and the idempotent producer allows one request in flight.)

export interface EventBatcher<T> {
  /** Resolves once the batch holding `item` was sent; rejects with the send's error. */
  record(item: T): Promise<void>;
  /** Waits for everything queued or in flight. */
  drain(): Promise<void>;
}

export interface EventBatcherOptions<T> {
  send(items: T[]): Promise<void>;
  maxBatchSize?: number;
  onBatch?: (size: number, seconds: number, error?: unknown) => void;
}

interface Pending<T> {
  item: T;
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createEventBatcher<T>(options: EventBatcherOptions<T>): EventBatcher<T> {
  const maxBatchSize = options.maxBatchSize ?? 500;
  let queue: Pending<T>[] = [];
  let inFlight: Promise<void> | undefined;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatchSize);
      queue = queue.slice(batch.length);
      const started = performance.now();
      try {
        await options.send(batch.map((p) => p.item));
        options.onBatch?.(batch.length, (performance.now() - started) / 1000);
        for (const p of batch) p.resolve();
      } catch (error) {
        options.onBatch?.(batch.length, (performance.now() - started) / 1000, error);
        for (const p of batch) p.reject(error);
      }
    }
    inFlight = undefined;
  };

  return {
    record(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        inFlight ??= flush();
      });
    },
    async drain() {
      while (inFlight) await inFlight;
    },
  };
}
