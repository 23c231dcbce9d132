// What a subscription's next push carries (docs/protocols.md §5): the matching events after its
// cursor, at most `maxEvents` of them with MoreEvents when more wait, or a StatusEvent when
// there are none. `toSeq` is where the cursor moves once the push is acknowledged.
import type { NotificationEvent } from '@rooms-sync/events';
import { encodeWatermark } from './ids.ts';
import type { Mailbox, MailboxEvent } from './model.ts';
import { ewsDateTime } from './xml.ts';

export interface PushBatch {
  events: NotificationEvent[];
  moreEvents: boolean;
  toSeq: number;
}

export function pushBatch(
  mailbox: Mailbox,
  cursor: number,
  matches: (event: MailboxEvent) => boolean,
  maxEvents: number,
): PushBatch {
  const batch: MailboxEvent[] = [];
  let toSeq = mailbox.headSeq;
  let moreEvents = false;
  for (const e of mailbox.events) {
    if (e.seq <= cursor || !matches(e)) continue;
    if (batch.length === maxEvents) {
      moreEvents = true;
      break;
    }
    batch.push(e);
    toSeq = e.seq;
  }
  // Events that do not match still move the cursor past them once everything matching is sent.
  if (!moreEvents && batch.length > 0) toSeq = mailbox.headSeq;
  const events: NotificationEvent[] =
    batch.length > 0
      ? batch.map(toNotificationEvent)
      : [{ kind: 'Status', watermark: encodeWatermark(mailbox.address, toSeq) }];
  return { events, moreEvents, toSeq };
}

function toNotificationEvent(e: MailboxEvent): NotificationEvent {
  return {
    kind: e.kind,
    watermark: e.watermark,
    timestamp: ewsDateTime(e.timestamp),
    itemId: e.itemId,
    parentFolderId: e.parentFolderId,
    ...(e.oldItemId ? { oldItemId: e.oldItemId } : {}),
    ...(e.oldParentFolderId ? { oldParentFolderId: e.oldParentFolderId } : {}),
  };
}
