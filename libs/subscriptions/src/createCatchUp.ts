// "Have I read everything that was on the topics when I looked?" A manager must not act on a
// state older than the log: a new leader could otherwise subscribe a room whose subscription
// the old leader created a moment before. End offsets are taken when the wait starts; the
// consumer reports every offset it handled. A consumer that starts past the beginning (the
// notifications' lookback window, a log start moved by retention) owes only the records
// from its start offsets on.
import { partitionKey } from '@rooms-sync/kafka';

/** `topic:partition` → the next offset to be written (Kafka's high watermark). */
export type EndOffsets = ReadonlyMap<string, bigint>;

export interface CatchUp {
  /** The consumer handled this record. */
  observe(topic: string, partition: number, offset: string): void;
  /** Resolves once every record present now has been handled; after maxWaitMs it resolves `false`. */
  wait(): Promise<boolean>;
}

export interface CatchUpOptions {
  endOffsets: () => Promise<EndOffsets>;
  /** Where the consumer starts per `topic:partition` (default 0): a partition that ends there has nothing to read. */
  startOffsets?: EndOffsets;
  pollMs?: number;
  /** A record the consumer cannot decode never reaches observe; do not wait for ever on it. */
  maxWaitMs?: number;
  onLagging?: (lagging: string[]) => void;
}

export function createCatchUp(options: CatchUpOptions): CatchUp {
  const handled = new Map<string, bigint>();
  const pollMs = options.pollMs ?? 50;
  const maxWaitMs = options.maxWaitMs ?? 60_000;

  function lagging(ends: EndOffsets): string[] {
    const behind: string[] = [];
    for (const [key, end] of ends) {
      if (end <= (options.startOffsets?.get(key) ?? 0n)) continue;
      const position = handled.get(key);
      if (position === undefined || position < end - 1n) behind.push(key);
    }
    return behind;
  }

  return {
    observe(topic, partition, offset) {
      const key = partitionKey(topic, partition);
      const value = BigInt(offset);
      const seen = handled.get(key);
      if (seen === undefined || value > seen) handled.set(key, value);
    },
    async wait() {
      const ends = await options.endOffsets();
      const started = Date.now();
      let reported = started;
      for (;;) {
        const behind = lagging(ends);
        if (behind.length === 0) return true;
        if (Date.now() - started > maxWaitMs) return false;
        if (Date.now() - reported > 5_000) {
          reported = Date.now();
          options.onLagging?.(behind);
        }
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    },
  };
}
