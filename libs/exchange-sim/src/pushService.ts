// The registry of push subscriptions: creates them (with Exchange's per-mailbox limit),
// feeds them mailbox events, and loses them all on a simulated restart.
import type { MailboxStore } from './mailboxStore.ts';
import { newSubscriptionId } from './ids.ts';
import type { PushDeps, PushSubscriptionInit } from './PushSubscription.ts';
import { PushSubscription } from './PushSubscription.ts';

export interface PushServiceOptions extends PushDeps {
  store: MailboxStore;
  /** EWSMaxSubscriptions per target mailbox (20 in Exchange Online). */
  maxSubscriptionsPerMailbox: number;
}

export type SubscribeParams = Omit<PushSubscriptionInit, 'id'>;

export type SubscribeOutcome =
  { ok: true; subscription: PushSubscription } | { ok: false; code: 'ErrorExceededSubscriptionCount' };

export type PushService = ReturnType<typeof createPushService>;

export function createPushService(options: PushServiceOptions) {
  const subs = new Map<string, PushSubscription>();
  const detach = options.store.onEvent((mb, event) => {
    for (const s of subs.values()) {
      if (!s.ended && s.init.mailbox === mb) s.notify(event);
    }
  });
  const live = () => [...subs.values()].filter((s) => !s.ended);
  return {
    subscribe(params: SubscribeParams): SubscribeOutcome {
      if (live().filter((s) => s.init.mailbox === params.mailbox).length >= options.maxSubscriptionsPerMailbox) {
        return { ok: false, code: 'ErrorExceededSubscriptionCount' };
      }
      const sub = new PushSubscription({ id: newSubscriptionId(), ...params }, options);
      subs.set(sub.id, sub);
      options.logger.info(
        { subscriptionId: sub.id, mailbox: params.mailbox.address, url: params.url },
        'push subscription created',
      );
      sub.start();
      return { ok: true, subscription: sub };
    },
    get(id: string): PushSubscription | undefined {
      return subs.get(id);
    },
    list(): PushSubscription[] {
      return [...subs.values()];
    },
    /** Exchange losing a subscription (mailbox move, failover): no more pushes, no notice. */
    dropSilently(id: string): boolean {
      const s = subs.get(id);
      if (!s || s.ended) return false;
      s.end('lost');
      return true;
    },
    /**
     * Exchange failing to read the events (ErrorReadEventsFailed & co.): the next push of each
     * live subscription of the target is an error push, sent at once when idle. Returns their ids.
     */
    errorPush(target: { subscriptionId: string } | { mailbox: string }, code: string): string[] {
      const hit =
        'subscriptionId' in target
          ? live().filter((s) => s.id === target.subscriptionId)
          : live().filter((s) => s.init.mailbox.address === target.mailbox.trim().toLowerCase());
      for (const s of hit) {
        options.faults.errorPushNext(s.id, code);
        s.wake();
      }
      return hit.map((s) => s.id);
    },
    /** A simulated EWS/mailbox-server restart: every subscription is gone, mailboxes stay. */
    restart(): number {
      const n = live().length;
      for (const s of subs.values()) s.end('lost');
      subs.clear();
      return n;
    },
    close(): void {
      detach();
      for (const s of subs.values()) s.end('lost');
    },
  };
}
