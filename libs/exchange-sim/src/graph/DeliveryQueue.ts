// Graph's delivery of notifications to one URL: changes wait a moment so one action's changes
// travel together, a batch goes out as `{ value: [...] }`, and a batch that is not accepted
// is retried with exponential back-off (the shared backoffDelay) until the retry budget (Graph:
// about 4 hours) is spent; then it is given up. A retry after a slow answer may deliver a batch
// the receiver already recorded: duplicates are part of the contract.
import type { Logger } from '@rooms-sync/lifecycle';
import { backoffDelay } from '@rooms-sync/lifecycle';
import type { Clock, TimerHandle } from '../clock.ts';
import type { PostJson } from './postJson.ts';

export interface RetrySchedule {
  initialMs: number;
  factor: number;
  maxMs: number;
  jitter: number;
  /** Give a batch up once its next try would be this long after its first one. */
  budgetMs: number;
}

export interface DeliveryQueueDeps<T> {
  url: string;
  post: PostJson;
  clock: Clock;
  logger: Logger;
  timeoutMs: number;
  coalesceMs: number;
  maxBatch: number;
  schedule: RetrySchedule;
  random?: () => number;
  /** A batch that could not be delivered (budget spent, or refused with a 4xx). */
  onGiveUp?: (items: readonly T[], reason: string) => void;
}

interface Batch<T> {
  items: T[];
  firstAttemptAt: number;
  attempts: number;
}

export class DeliveryQueue<T> {
  private readonly deps: DeliveryQueueDeps<T>;
  private readonly waiting: T[] = [];
  private current: Batch<T> | undefined;
  private timer: TimerHandle | undefined;
  private inFlight = false;
  private closed = false;
  readonly stats = { deliveries: 0, failures: 0, givenUp: 0, lastResult: '' };

  constructor(deps: DeliveryQueueDeps<T>) {
    this.deps = deps;
  }

  get pending(): number {
    return this.waiting.length + (this.current?.items.length ?? 0);
  }

  push(item: T): void {
    if (this.closed) return;
    this.waiting.push(item);
    if (!this.current && !this.timer && !this.inFlight) this.later(this.deps.coalesceMs);
  }

  close(): void {
    this.closed = true;
    this.timer?.cancel();
    this.timer = undefined;
    this.waiting.length = 0;
    this.current = undefined;
  }

  /** A method, not the field, so the check after an await is not narrowed away. */
  private isClosed(): boolean {
    return this.closed;
  }

  private later(ms: number): void {
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimer(() => {
      this.timer = undefined;
      void this.send();
    }, ms);
  }

  private async send(): Promise<void> {
    if (this.closed || this.inFlight) return;
    const batch =
      this.current ??
      (this.waiting.length > 0
        ? { items: this.waiting.splice(0, this.deps.maxBatch), firstAttemptAt: this.deps.clock.now(), attempts: 0 }
        : undefined);
    if (!batch) return;
    this.current = batch;
    this.inFlight = true;
    const res = await this.deps.post(this.deps.url, JSON.stringify({ value: batch.items }), this.deps.timeoutMs);
    this.inFlight = false;
    if (this.isClosed()) return;
    this.stats.lastResult = res.kind === 'ok' ? `HTTP ${res.status}` : res.reason;
    if (res.kind === 'ok') {
      this.stats.deliveries += 1;
      this.next();
      return;
    }
    this.stats.failures += 1;
    batch.attempts += 1;
    const delay = backoffDelay(batch.attempts - 1, this.deps.schedule, (this.deps.random ?? Math.random)());
    const spent = this.deps.clock.now() + delay - batch.firstAttemptAt > this.deps.schedule.budgetMs;
    if (!res.retriable || spent) {
      const reason = res.retriable ? `retries exhausted (${res.reason})` : res.reason;
      this.deps.logger.warn({ url: this.deps.url, reason, items: batch.items.length }, 'Graph notifications dropped');
      this.stats.givenUp += 1;
      this.deps.onGiveUp?.(batch.items, reason);
      this.next();
      return;
    }
    this.deps.logger.info({ url: this.deps.url, reason: res.reason, retryInMs: delay }, 'Graph notification retry');
    this.later(delay);
  }

  private next(): void {
    this.current = undefined;
    if (this.waiting.length > 0) this.later(0);
  }
}
