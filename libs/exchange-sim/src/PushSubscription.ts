// One push subscription and Exchange's delivery behaviour for it (docs/protocols.md §5–7):
// batches of events since the last acknowledged watermark (MoreEvents when more wait),
// a StatusEvent every StatusFrequency when idle, retries at 30 s·2^(k−1) after the first
// attempt while that stays within StatusFrequency, then the subscription is dropped. An armed
// error-push fault turns the next push into an error push, after which the subscription is dead.
import type { SendNotificationMessage } from '@rooms-sync/events';
import type { Logger } from '@rooms-sync/lifecycle';
import type { Clock, TimerHandle } from './clock.ts';
import type { Faults } from './faults.ts';
import { ewsErrorText } from './ewsErrors.ts';
import { encodeWatermark } from './ids.ts';
import type { Mailbox, MailboxEvent, MailboxEventKind } from './model.ts';
import type { DeliveryOutcome, PostNotification } from './postNotification.ts';
import { pushBatch } from './pushBatch.ts';

export type SubscriptionState = 'active' | 'retrying' | 'unsubscribed' | 'expired' | 'lost' | 'failed';

export interface PushSubscriptionInit {
  id: string;
  mailbox: Mailbox;
  /** Folder ids watched; undefined = SubscribeToAllFolders. */
  folderIds: ReadonlySet<string> | undefined;
  eventKinds: ReadonlySet<MailboxEventKind>;
  url: string;
  statusFrequencyMinutes: number;
  /** seq of the last event the subscriber already has. */
  startSeq: number;
}

export interface PushDeps {
  clock: Clock;
  /** Multiplies every protocol duration (StatusFrequency, retry schedule). */
  timeScale: number;
  post: PostNotification;
  build: (messages: readonly SendNotificationMessage[]) => string;
  faults: Faults;
  logger: Logger;
  maxEventsPerPush: number;
  /** Wait after an event before pushing, so one action's events travel together (unscaled). */
  coalesceMs: number;
  deliveryTimeoutMs: number;
}

interface Pending {
  body: string;
  toSeq: number;
  firstAttemptAt: number;
  retries: number;
  /** An error push: once delivered, the subscription is over. */
  final: boolean;
}

const BASE_RETRY_MS = 30_000;

export class PushSubscription {
  readonly init: PushSubscriptionInit;
  readonly createdAt: number;
  private readonly deps: PushDeps;
  private cursor: number;
  private stateValue: SubscriptionState = 'active';
  private timer: TimerHandle | undefined;
  private sendQueued = false;
  private inFlight = false;
  private pending: Pending | undefined;
  private stats = {
    deliveries: 0,
    failures: 0,
    consecutiveFailures: 0,
    lastAttemptAt: 0,
    lastDeliveryAt: 0,
    lastResult: '',
  };
  private endedAt = 0;

  constructor(init: PushSubscriptionInit, deps: PushDeps) {
    this.init = init;
    this.deps = deps;
    this.cursor = init.startSeq;
    this.createdAt = deps.clock.now();
  }

  get id(): string {
    return this.init.id;
  }
  get state(): SubscriptionState {
    return this.stateValue;
  }
  get ended(): boolean {
    return this.isEndedNow();
  }

  private isEndedNow(): boolean {
    return this.stateValue !== 'active' && this.stateValue !== 'retrying';
  }

  /** Exchange pings a new subscription right away; the listener must already be up. */
  start(): void {
    this.kick();
  }

  /** A new mailbox event: push soon unless a delivery or retry is under way. */
  notify(event: MailboxEvent): void {
    if (this.matches(event)) this.kick();
  }

  /** Push now (idle), or right after the delivery under way: e.g. to send an armed error push. */
  wake(): void {
    this.kick();
  }

  /** Ends without telling anyone (restart, lost subscription, receiver said Unsubscribe). */
  end(state: Exclude<SubscriptionState, 'active' | 'retrying'>): void {
    if (this.ended) return;
    this.stateValue = state;
    this.endedAt = this.deps.clock.now();
    this.timer?.cancel();
    this.timer = undefined;
    this.pending = undefined;
    this.deps.logger.info(
      { subscriptionId: this.id, mailbox: this.init.mailbox.address, state },
      'push subscription ended',
    );
  }

  snapshot() {
    return {
      id: this.id,
      mailbox: this.init.mailbox.address,
      callbackUrl: this.init.url,
      statusFrequencyMinutes: this.init.statusFrequencyMinutes,
      state: this.stateValue,
      watermark: encodeWatermark(this.init.mailbox.address, this.cursor),
      createdAt: new Date(this.createdAt).toISOString(),
      endedAt: this.endedAt ? new Date(this.endedAt).toISOString() : undefined,
      lastAttemptAt: this.stats.lastAttemptAt ? new Date(this.stats.lastAttemptAt).toISOString() : undefined,
      lastDeliveryAt: this.stats.lastDeliveryAt ? new Date(this.stats.lastDeliveryAt).toISOString() : undefined,
      lastResult: this.stats.lastResult || undefined,
      deliveries: this.stats.deliveries,
      failures: this.stats.failures,
      consecutiveFailures: this.stats.consecutiveFailures,
    };
  }

  private schedule(ms: number, fn: () => void): void {
    this.timer?.cancel();
    this.sendQueued = false;
    this.timer = this.deps.clock.setTimer(fn, ms);
  }

  private kick(): void {
    if (this.ended || this.inFlight || this.pending || this.sendQueued) return;
    this.schedule(this.deps.coalesceMs, () => {
      this.sendNext();
    });
    this.sendQueued = true;
  }

  private matches(e: MailboxEvent): boolean {
    if (!this.init.eventKinds.has(e.kind)) return false;
    const f = this.init.folderIds;
    return !f || f.has(e.parentFolderId.id) || (e.oldParentFolderId !== undefined && f.has(e.oldParentFolderId.id));
  }

  private sendNext(): void {
    this.sendQueued = false;
    if (this.ended || this.inFlight) return;
    const mb = this.init.mailbox;
    const errorCode = this.deps.faults.takeErrorPush(this.id);
    if (errorCode !== undefined) {
      // What Exchange sends when it cannot read the events (docs/protocols.md §5): no Notification,
      // the id under MessageXml. The cursor stays where it is: these events are never delivered.
      const messageText = ewsErrorText(errorCode) ?? 'The events for this subscription cannot be delivered.';
      const body = this.deps.build([
        { responseClass: 'Error', responseCode: errorCode, messageText, subscriptionId: this.id },
      ]);
      this.pending = { body, toSeq: this.cursor, firstAttemptAt: this.deps.clock.now(), retries: 0, final: true };
      void this.attempt();
      return;
    }
    const { events, moreEvents, toSeq } = pushBatch(
      mb,
      this.cursor,
      (e) => this.matches(e),
      this.deps.maxEventsPerPush,
    );
    const body = this.deps.build([
      {
        responseClass: 'Success',
        subscriptionId: this.id,
        previousWatermark: encodeWatermark(mb.address, this.cursor),
        moreEvents,
        events,
      },
    ]);
    this.pending = { body, toSeq, firstAttemptAt: this.deps.clock.now(), retries: 0, final: false };
    void this.attempt();
  }

  private async attempt(): Promise<void> {
    const p = this.pending;
    if (!p || this.ended) return;
    this.inFlight = true;
    this.stats.lastAttemptAt = this.deps.clock.now();
    let outcome: DeliveryOutcome;
    try {
      outcome = await this.deliver(p.body);
    } finally {
      this.inFlight = false;
    }
    // end() may have run while the delivery was in flight (restart, lost subscription).
    if (this.isEndedNow() || this.pending !== p) return;
    this.stats.lastResult = outcome.kind === 'ok' ? outcome.status : outcome.reason;
    if (outcome.kind === 'ok') this.onDelivered(p, outcome.status);
    else this.onFailed(p, outcome.reason);
  }

  private async deliver(body: string): Promise<DeliveryOutcome> {
    const fault = this.deps.faults.takeDelivery();
    if (fault?.kind === 'fail') return { kind: 'failed', reason: 'fault: delivery failed' };
    if (fault?.kind === 'delay') {
      await new Promise<void>((resolve) => this.deps.clock.setTimer(resolve, fault.ms));
    }
    return this.deps.post(this.init.url, body, this.deps.deliveryTimeoutMs);
  }

  private onDelivered(p: Pending, status: 'OK' | 'Unsubscribe'): void {
    this.pending = undefined;
    this.cursor = Math.max(this.cursor, p.toSeq);
    this.stats.deliveries += 1;
    this.stats.consecutiveFailures = 0;
    this.stats.lastDeliveryAt = this.deps.clock.now();
    this.stateValue = 'active';
    if (p.final) {
      this.end('failed');
      return;
    }
    if (status === 'Unsubscribe') {
      this.end('unsubscribed');
      return;
    }
    if (this.init.mailbox.events.some((e) => e.seq > this.cursor && this.matches(e))) {
      this.schedule(0, () => {
        this.sendNext();
      });
      return;
    }
    this.schedule(this.init.statusFrequencyMinutes * 60_000 * this.deps.timeScale, () => {
      this.sendNext();
    });
  }

  private onFailed(p: Pending, reason: string): void {
    this.stats.failures += 1;
    this.stats.consecutiveFailures += 1;
    p.retries += 1;
    const retryAt = BASE_RETRY_MS * 2 ** (p.retries - 1);
    const budget = this.init.statusFrequencyMinutes * 60_000;
    this.deps.logger.warn(
      { subscriptionId: this.id, reason, retry: p.retries, retryInMs: retryAt },
      'push delivery failed',
    );
    if (retryAt > budget) {
      this.end('expired');
      return;
    }
    this.stateValue = 'retrying';
    const due = p.firstAttemptAt + retryAt * this.deps.timeScale - this.deps.clock.now();
    this.schedule(due, () => {
      void this.attempt();
    });
  }
}
