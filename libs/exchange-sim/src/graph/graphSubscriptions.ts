// Graph subscriptions on users/{id}/events: created after the handshake, renewed by PATCH,
// expired by the clock (then gone: 404), fed by the mailbox store's events, which become change
// notifications to notificationUrl; lifecycle notifications go to lifecycleNotificationUrl.
import { randomUUID } from 'node:crypto';
import type { Logger } from '@rooms-sync/lifecycle';
import type { Clock, TimerHandle } from '../clock.ts';
import type { MailboxStore } from '../mailboxStore.ts';
import type { Mailbox } from '../model.ts';
import type { RetrySchedule } from './DeliveryQueue.ts';
import { DeliveryQueue } from './DeliveryQueue.ts';
import { GraphError } from './GraphError.ts';
import type { LifecycleEvent, NotifiedSubscription } from './graphNotifications.ts';
import { changeNotification, eventChange, lifecycleNotification } from './graphNotifications.ts';
import type { PostJson } from './postJson.ts';
import type { CreateRequest, SubscriptionLimits } from './subscriptionRequest.ts';
import { validateEndpoint } from './validateEndpoint.ts';

export type GraphSubscriptionState = 'active' | 'expired' | 'removed' | 'dropped' | 'deleted';

export interface GraphSubscriptionsOptions {
  store: MailboxStore;
  clock: Clock;
  logger: Logger;
  post: PostJson;
  limits: SubscriptionLimits;
  /** Active subscriptions per mailbox across all apps (Graph: 1,000 for Outlook resources). */
  maxPerMailbox: number;
  validationTimeoutMs: number;
  notificationTimeoutMs: number;
  coalesceMs: number;
  maxBatch: number;
  schedule: RetrySchedule;
}

export interface Caller {
  tenantId: string;
  clientId: string;
}

/** One subscription as Graph holds it (exported for the type only; mutate it through the registry). */
export interface Sub {
  id: string;
  request: CreateRequest;
  mailbox: Mailbox;
  caller: Caller;
  notificationUrl: string;
  expiresAt: number;
  createdAt: number;
  state: GraphSubscriptionState;
  reauthorizationRequired: boolean;
  notifications: DeliveryQueue<unknown>;
  lifecycle: DeliveryQueue<unknown> | undefined;
  expiry: TimerHandle | undefined;
  sent: number;
  /** Change notifications still to be sent twice (the duplicate fault). */
  duplicates: number;
  /** Change notifications still to lose (fault graphMissed with `lose`). */
  toLose: number;
}

export type GraphSubscriptions = ReturnType<typeof createGraphSubscriptions>;

export function createGraphSubscriptions(o: GraphSubscriptionsOptions) {
  const subs = new Map<string, Sub>();
  const active = () => [...subs.values()].filter((s) => s.state === 'active');

  const queue = (url: string, sub: () => Sub | undefined, missedOnGiveUp: boolean) =>
    new DeliveryQueue<unknown>({
      url,
      post: o.post,
      clock: o.clock,
      logger: o.logger,
      timeoutMs: o.notificationTimeoutMs,
      coalesceMs: o.coalesceMs,
      maxBatch: o.maxBatch,
      schedule: o.schedule,
      // Graph tells the lifecycle endpoint when it dropped notifications it could not deliver.
      onGiveUp: () => {
        const s = sub();
        if (missedOnGiveUp && s) sendLifecycle(s, 'missed');
      },
    });

  function end(s: Sub, state: Exclude<GraphSubscriptionState, 'active'>): void {
    if (s.state !== 'active') return;
    s.state = state;
    s.expiry?.cancel();
    s.notifications.close();
    // A removal notice must still go out after the subscription is gone.
    if (state !== 'removed') s.lifecycle?.close();
    o.logger.info({ subscriptionId: s.id, mailbox: s.mailbox.address, state }, 'Graph subscription ended');
  }

  function armExpiry(s: Sub): void {
    s.expiry?.cancel();
    s.expiry = o.clock.setTimer(() => {
      end(s, 'expired');
    }, s.expiresAt - o.clock.now());
  }

  const notified = (s: Sub): NotifiedSubscription => ({
    id: s.id,
    mailbox: s.mailbox,
    expiresAt: s.expiresAt,
    clientState: s.request.clientState,
    tenantId: s.caller.tenantId,
  });

  function sendLifecycle(s: Sub, event: LifecycleEvent): boolean {
    if (!s.lifecycle) return false;
    s.lifecycle.push(lifecycleNotification(notified(s), event));
    return true;
  }

  const detach = o.store.onEvent((mb, e) => {
    const c = eventChange(mb, e);
    if (!c) return;
    for (const s of active()) {
      if (s.mailbox !== mb || !s.request.changeTypes.includes(c.change)) continue;
      s.sent += 1;
      if (s.toLose > 0) {
        // Graph could not deliver it and gave up: it says so on the lifecycle URL, nothing more.
        s.toLose -= 1;
        if (s.toLose === 0) sendLifecycle(s, 'missed');
        continue;
      }
      const n = changeNotification(notified(s), c);
      s.notifications.push(n);
      if (s.duplicates > 0) {
        s.duplicates -= 1;
        s.notifications.push(n);
      }
    }
  });

  const own = (id: string, caller: Caller): Sub => {
    const s = subs.get(id);
    if (!s || s.state !== 'active' || s.caller.clientId !== caller.clientId || s.caller.tenantId !== caller.tenantId)
      throw new GraphError(404, 'ResourceNotFound', `The object '${id}' was not found.`);
    return s;
  };

  async function handshake(url: string): Promise<void> {
    const v = await validateEndpoint(url, o.post, o.validationTimeoutMs);
    if (!v.ok)
      throw new GraphError(
        400,
        'ValidationError',
        `Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request. (${v.reason})`,
      );
  }

  return {
    async create(request: CreateRequest, mailbox: Mailbox, caller: Caller): Promise<Sub> {
      if (active().filter((s) => s.mailbox === mailbox).length >= o.maxPerMailbox)
        throw new GraphError(
          403,
          'ExtensionError',
          `Operation: Create; Exception: [Status Code: Forbidden; Reason: The mailbox has reached its limit of ${o.maxPerMailbox} subscriptions.]`,
        );
      await handshake(request.notificationUrl);
      if (request.lifecycleNotificationUrl !== undefined) await handshake(request.lifecycleNotificationUrl);
      const id = randomUUID();
      const s: Sub = {
        id,
        request,
        mailbox,
        caller,
        notificationUrl: request.notificationUrl,
        expiresAt: request.expiresAt,
        createdAt: o.clock.now(),
        state: 'active',
        reauthorizationRequired: false,
        notifications: queue(request.notificationUrl, () => subs.get(id), true),
        lifecycle:
          request.lifecycleNotificationUrl === undefined
            ? undefined
            : queue(request.lifecycleNotificationUrl, () => undefined, false),
        expiry: undefined,
        sent: 0,
        duplicates: 0,
        toLose: 0,
      };
      subs.set(s.id, s);
      armExpiry(s);
      o.logger.info({ subscriptionId: s.id, mailbox: mailbox.address }, 'Graph subscription created');
      return s;
    },
    get: own,
    list(caller: Caller): Sub[] {
      return active().filter((s) => s.caller.clientId === caller.clientId && s.caller.tenantId === caller.tenantId);
    },
    async update(id: string, caller: Caller, patch: { expiresAt?: number; notificationUrl?: string }): Promise<Sub> {
      const s = own(id, caller);
      if (patch.notificationUrl !== undefined && patch.notificationUrl !== s.notificationUrl) {
        await handshake(patch.notificationUrl);
        s.notifications.close();
        s.notificationUrl = patch.notificationUrl;
        s.notifications = queue(patch.notificationUrl, () => s, true);
      }
      if (patch.expiresAt !== undefined) {
        s.expiresAt = patch.expiresAt;
        armExpiry(s);
      }
      s.reauthorizationRequired = false;
      return s;
    },
    reauthorize(id: string, caller: Caller): Sub {
      const s = own(id, caller);
      s.reauthorizationRequired = false;
      return s;
    },
    delete(id: string, caller: Caller): void {
      const s = own(id, caller);
      end(s, 'deleted');
      subs.delete(s.id);
    },
    /** Faults (admin API). Each returns false when there is no active subscription with that id. */
    faults: {
      expire(id: string): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        s.expiresAt = o.clock.now();
        end(s, 'expired');
        return true;
      },
      remove(id: string): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        end(s, 'removed');
        sendLifecycle(s, 'subscriptionRemoved');
        return true;
      },
      drop(id: string): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        end(s, 'dropped');
        return true;
      },
      /** Graph delivers at least once: the next `count` change notifications go out twice. */
      duplicate(id: string, count: number): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        s.duplicates = count;
        return true;
      },
      /** The next `count` change notifications are lost; after the last one Graph sends `missed`. */
      lose(id: string, count: number): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        s.toLose = count;
        return true;
      },
      lifecycle(id: string, event: 'missed' | 'reauthorizationRequired'): boolean {
        const s = subs.get(id);
        if (s?.state !== 'active') return false;
        if (event === 'reauthorizationRequired') s.reauthorizationRequired = true;
        return sendLifecycle(s, event);
      },
    },
    ids(mailbox: string): string[] {
      return active()
        .filter((s) => s.mailbox.address === mailbox.trim().toLowerCase())
        .map((s) => s.id);
    },
    snapshot() {
      return [...subs.values()].map((s) => ({
        id: s.id,
        mailbox: s.mailbox.address,
        resource: s.request.resource,
        applicationId: s.caller.clientId,
        tenantId: s.caller.tenantId,
        changeType: s.request.changeTypes.join(','),
        notificationUrl: s.notificationUrl,
        lifecycleNotificationUrl: s.request.lifecycleNotificationUrl,
        // The admin API is a test's view of what Graph holds, secrets included: a test looks for
        // the clientState where it must never be (logs, Kafka, tables).
        clientState: s.request.clientState,
        state: s.state,
        reauthorizationRequired: s.reauthorizationRequired,
        expirationDateTime: new Date(s.expiresAt).toISOString(),
        createdDateTime: new Date(s.createdAt).toISOString(),
        notificationsQueued: s.sent,
        pending: s.notifications.pending,
        ...s.notifications.stats,
      }));
    },
    close(): void {
      detach();
      for (const s of subs.values()) {
        end(s, 'dropped');
        s.lifecycle?.close();
      }
    },
  };
}
