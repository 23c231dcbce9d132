// Subscribe (push) to the room's calendar folder; docs/protocols.md §4.
import { EventType, FolderId, Mailbox, Uri, WellKnownFolderName } from 'ews-javascript-api';
import { xmlEscape } from '@rooms-sync/ews';
import type { RunEws } from '../RunEws.ts';
import type { EwsResult, PushEventType, SubscribePushRequest } from '../EwsClient.ts';

/** What a calendar projector needs; NewMail is meaningless for a calendar, FreeBusyChanged optional. */
export const DEFAULT_PUSH_EVENT_TYPES: readonly PushEventType[] = ['Created', 'Modified', 'Deleted', 'Moved', 'Copied'];

const EVENT_TYPES: Readonly<Record<PushEventType, EventType>> = {
  Created: EventType.Created,
  Modified: EventType.Modified,
  Deleted: EventType.Deleted,
  Moved: EventType.Moved,
  Copied: EventType.Copied,
  NewMail: EventType.NewMail,
  FreeBusyChanged: EventType.FreeBusyChanged,
};

export function subscribePush(
  run: RunEws,
  req: SubscribePushRequest,
): Promise<EwsResult<{ subscriptionId: string; watermark: string }>> {
  const eventTypes = [...new Set(req.eventTypes ?? DEFAULT_PUSH_EVENT_TYPES)].map((t) => EVENT_TYPES[t]);
  return run('Subscribe', req.mailbox, async (service) => {
    const watermark = req.watermark === undefined || req.watermark === '' ? null : xmlEscape(req.watermark);
    const folder = new FolderId(WellKnownFolderName.Calendar, new Mailbox(xmlEscape(req.mailbox)));
    // The library takes the event types as rest arguments, not as an array.
    const subscription = await service.SubscribeToPushNotifications(
      [folder],
      new Uri(xmlEscape(req.callbackUrl)),
      req.statusFrequencyMinutes,
      watermark as string,
      ...eventTypes,
    );
    // Both are optional in the schema; an empty id is caught by the caller's own checks.
    return { subscriptionId: textOf(subscription.Id), watermark: textOf(subscription.Watermark) };
  });
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
