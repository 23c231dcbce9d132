// What Graph sends: which mailbox events are changes to a user's events (and of which type),
// and the JSON of a change notification and of a lifecycle notification.
import type { Mailbox, MailboxEvent } from '../model.ts';
import { userObjectId } from './graphUsers.ts';
import { toRestId } from './restIds.ts';
import type { ChangeType } from './subscriptionRequest.ts';

export type LifecycleEvent = 'reauthorizationRequired' | 'subscriptionRemoved' | 'missed';

export interface NotifiedSubscription {
  id: string;
  mailbox: Mailbox;
  expiresAt: number;
  clientState: string | undefined;
  tenantId: string;
}

export interface EventChange {
  change: ChangeType;
  /** The EWS id of the calendar item (its Graph id is the URL-safe form). */
  itemId: string;
  changeKey: string;
}

const CHANGE_OF: Readonly<Partial<Record<MailboxEvent['kind'], ChangeType>>> = {
  Created: 'created',
  Copied: 'created',
  Modified: 'updated',
  Deleted: 'deleted',
  Moved: 'deleted',
};

/** Graph's timestamps carry seven fractional digits. */
const graphTime = (ms: number) => new Date(ms).toISOString().replace('Z', '0000Z');

/** The change a mailbox event is to `users/{id}/events`, if any: only calendar items are events, so a move out of the calendar deletes the old id. */
export function eventChange(mb: Mailbox, e: MailboxEvent): EventChange | undefined {
  const change = CHANGE_OF[e.kind];
  if (!change) return undefined;
  const target =
    e.kind === 'Moved'
      ? e.oldParentFolderId?.id === mb.calendar.id
        ? e.oldItemId
        : undefined
      : e.parentFolderId.id === mb.calendar.id
        ? e.itemId
        : undefined;
  return target ? { change, itemId: target.id, changeKey: target.changeKey ?? '' } : undefined;
}

export function changeNotification(s: NotifiedSubscription, c: EventChange) {
  const id = toRestId(c.itemId);
  const resource = `Users/${userObjectId(s.mailbox.address)}/Events/${id}`;
  return {
    subscriptionId: s.id,
    subscriptionExpirationDateTime: graphTime(s.expiresAt),
    changeType: c.change,
    resource,
    resourceData: {
      '@odata.type': '#Microsoft.Graph.Event',
      '@odata.id': resource,
      '@odata.etag': `W/"${c.changeKey}"`,
      id,
    },
    clientState: s.clientState ?? null,
    tenantId: s.tenantId,
  };
}

export function lifecycleNotification(s: NotifiedSubscription, event: LifecycleEvent) {
  return {
    subscriptionId: s.id,
    subscriptionExpirationDateTime: graphTime(s.expiresAt),
    tenantId: s.tenantId,
    clientState: s.clientState ?? null,
    lifecycleEvent: event,
  };
}
