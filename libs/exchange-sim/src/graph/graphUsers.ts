// Graph addresses a mailbox by its user's object id (a GUID) or its user principal name. The
// simulator derives a stable object id from the address; a mailbox that lives on-premises answers
// Graph's mailbox APIs the way Exchange Online does for a hybrid user without a cloud mailbox.
import { createHash } from 'node:crypto';
import type { MailboxStore } from '../mailboxStore.ts';
import type { Mailbox } from '../model.ts';
import { GraphError } from './GraphError.ts';

export function userObjectId(address: string): string {
  const h = createHash('sha256').update(`user:${address.toLowerCase()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function lookup(store: MailboxStore, idOrUpn: string): Mailbox | undefined {
  const key = decodeURIComponent(idOrUpn).trim().toLowerCase();
  return key.includes('@') ? store.find(key) : store.list().find((m) => userObjectId(m.address) === key);
}

/** The mailbox behind `users/{id|upn}`, whichever side it lives on (user objects exist for both). */
export function findUser(store: MailboxStore, idOrUpn: string): Mailbox {
  const mb = lookup(store, idOrUpn);
  if (!mb)
    throw new GraphError(
      404,
      'Request_ResourceNotFound',
      `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`,
    );
  return mb;
}

/** The mailbox behind `users/{id|upn}/…` mailbox APIs: only Exchange Online mailboxes answer. */
export function resolveMailbox(store: MailboxStore, idOrUpn: string): Mailbox {
  const mb = lookup(store, idOrUpn);
  if (!mb) throw new GraphError(404, 'ErrorInvalidUser', `The requested user '${idOrUpn}' is invalid.`);
  if (mb.kind !== 'online')
    throw new GraphError(
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
    );
  return mb;
}

export function userJson(mb: Mailbox) {
  return {
    id: userObjectId(mb.address),
    displayName: mb.displayName,
    mail: mb.address,
    userPrincipalName: mb.address,
  };
}
