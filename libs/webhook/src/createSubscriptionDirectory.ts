// What the ingress knows of each subscription id, folded from the lifecycle
// topic: whom it belongs to and whether Exchange should keep pushing for it.
// Ids it has never heard of count as live: a new subscription's first push can
// arrive before its SubscriptionCreated event does.

export type SubscriptionState = 'live' | 'superseded' | 'removed';

export interface KnownSubscription {
  state: SubscriptionState;
  mailbox: string;
  tenant?: string | undefined;
  /** Graph subscriptions: SHA-256 of the clientState their notifications must carry. */
  clientStateHash?: string | undefined;
  /** The connection the room belongs to (absent = default), copied onto Graph notifications. */
  connection?: string | undefined;
}

/** The lifecycle facts the directory folds; the service maps events onto these. */
export type SubscriptionFact =
  | {
      type: 'created';
      subscriptionId: string;
      mailbox: string;
      tenant?: string | undefined;
      clientStateHash?: string | undefined;
      connection?: string | undefined;
    }
  | { type: 'superseded'; subscriptionId: string; mailbox: string }
  | { type: 'removed'; subscriptionId: string; mailbox: string };

export interface SubscriptionDirectory {
  apply(fact: SubscriptionFact): void;
  lookup(subscriptionId: string): KnownSubscription | undefined;
  size(): number;
}

export function createSubscriptionDirectory(): SubscriptionDirectory {
  const byId = new Map<string, KnownSubscription>();
  return {
    apply(fact) {
      const known = byId.get(fact.subscriptionId);
      switch (fact.type) {
        case 'created':
          // A replayed Created must not revive a subscription already ended.
          if (!known) {
            const { mailbox, tenant, clientStateHash, connection } = fact;
            byId.set(fact.subscriptionId, {
              state: 'live',
              mailbox,
              tenant,
              ...(clientStateHash === undefined ? {} : { clientStateHash }),
              ...(connection === undefined ? {} : { connection }),
            });
          }
          break;
        case 'superseded':
        case 'removed':
          byId.set(fact.subscriptionId, { ...known, state: fact.type, mailbox: known?.mailbox ?? fact.mailbox });
          break;
      }
    },
    lookup: (id) => byId.get(id),
    size: () => byId.size,
  };
}
