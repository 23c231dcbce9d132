// Which Graph notifications the ingress records, decided without I/O: only those of a Graph
// subscription it knows, carrying that subscription's clientState, of a kind the route takes.
// An impostor learns nothing from the answer (Graph gets 202 either way); the rejections are
// counted and logged by subscription id, never with the clientState.
import { clientStateMatches, GRAPH_CHANGE_TYPES, GRAPH_LIFECYCLE_EVENTS } from '@rooms-sync/events';
import type { GraphChange, GraphLifecycleNotice, GraphNotificationReceived } from '@rooms-sync/events';
import type { KnownSubscription } from './createSubscriptionDirectory.ts';
import type { GraphNotificationItem } from './parseGraphNotifications.ts';

export type GraphEndpoint = GraphNotificationReceived['endpoint'];
export type GraphRejection =
  'unknown_subscription' | 'not_graph_subscription' | 'client_state_mismatch' | 'unknown_change_type';

export interface GraphDecision {
  /** One per mailbox, in the order the mailboxes first appeared. */
  batches: GraphNotificationReceived[];
  rejected: { subscriptionId: string; reason: GraphRejection }[];
}

const CHANGE_TYPES: ReadonlySet<string> = new Set(GRAPH_CHANGE_TYPES);
const LIFECYCLE_EVENTS: ReadonlySet<string> = new Set(GRAPH_LIFECYCLE_EVENTS);

export function acceptGraphNotifications(
  items: readonly GraphNotificationItem[],
  lookup: (subscriptionId: string) => KnownSubscription | undefined,
  endpoint: GraphEndpoint,
  receivedAt: string,
): GraphDecision {
  const byMailbox = new Map<string, GraphNotificationReceived>();
  const rejected: GraphDecision['rejected'] = [];
  for (const item of items) {
    const known = lookup(item.subscriptionId);
    const reason = known ? rejection(item, known, endpoint) : 'unknown_subscription';
    if (!known || reason) {
      rejected.push({ subscriptionId: item.subscriptionId, reason: reason ?? 'unknown_subscription' });
      continue;
    }
    let batch = byMailbox.get(known.mailbox);
    if (!batch) {
      const tenant = item.tenantId ?? known.tenant;
      batch = {
        source: 'graph',
        subscriptionId: item.subscriptionId,
        mailbox: known.mailbox,
        endpoint,
        receivedAt,
        changes: [],
        lifecycle: [],
        ...(tenant === undefined ? {} : { tenant }),
        ...(known.connection === undefined ? {} : { connection: known.connection }),
      };
      byMailbox.set(known.mailbox, batch);
    }
    const expires = item.subscriptionExpirationDateTime;
    const common = {
      subscriptionId: item.subscriptionId,
      ...(expires ? { subscriptionExpirationDateTime: expires } : {}),
    };
    if (endpoint === 'graph') {
      const change: GraphChange = {
        ...common,
        changeType: item.changeType as GraphChange['changeType'],
        resource: item.resource ?? '',
        ...(item.eventId ? { eventId: item.eventId } : {}),
      };
      batch.changes.push(change);
    } else {
      const notice: GraphLifecycleNotice = {
        ...common,
        lifecycleEvent: item.lifecycleEvent as GraphLifecycleNotice['lifecycleEvent'],
      };
      batch.lifecycle.push(notice);
    }
  }
  return { batches: [...byMailbox.values()], rejected };
}

function rejection(
  item: GraphNotificationItem,
  known: KnownSubscription,
  endpoint: GraphEndpoint,
): Exclude<GraphRejection, 'unknown_subscription'> | undefined {
  if (known.clientStateHash === undefined) return 'not_graph_subscription';
  if (!clientStateMatches(item.clientState, known.clientStateHash)) return 'client_state_mismatch';
  const kind = endpoint === 'graph' ? item.changeType : item.lifecycleEvent;
  const kinds = endpoint === 'graph' ? CHANGE_TYPES : LIFECYCLE_EVENTS;
  return kind !== undefined && kinds.has(kind) ? undefined : 'unknown_change_type';
}
