// Which lifecycle events change what the ingress answers Exchange. Everything
// else on the lifecycle topic (renewals, heartbeat misses, failures) does not.
import { EventTypes, type RoomsEvent } from '@rooms-sync/events';
import type { SubscriptionFact } from './createSubscriptionDirectory.ts';

export function subscriptionFactOf(event: RoomsEvent): SubscriptionFact | undefined {
  switch (event.type) {
    case EventTypes.SubscriptionCreatedV1:
      return {
        type: 'created',
        subscriptionId: event.data.subscriptionId,
        mailbox: event.data.mailbox,
        tenant: event.data.tenant,
        ...(event.data.clientStateHash === undefined ? {} : { clientStateHash: event.data.clientStateHash }),
        ...(event.data.connection === undefined ? {} : { connection: event.data.connection }),
      };
    case EventTypes.SubscriptionSupersededV1:
      return { type: 'superseded', subscriptionId: event.data.oldSubscriptionId, mailbox: event.data.mailbox };
    case EventTypes.SubscriptionRemovedV1:
      return { type: 'removed', subscriptionId: event.data.subscriptionId, mailbox: event.data.mailbox };
    default:
      return undefined;
  }
}
