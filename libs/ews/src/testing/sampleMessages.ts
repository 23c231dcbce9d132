// Realistic message sets shared by the tests (and usable by the simulator/bench): ids shaped
// like Exchange 2013+ ones (~60-char base64 subscription ids, `AQAAA…` watermarks).
import type { NotificationErrorMessage, NotificationEvent, NotificationMessage } from '@rooms-sync/events';

export const SUBSCRIPTION_ID = 'JwBkYjVwcjA2bWIxNDY0LmV1cnByZDA2LnByb2Qub3V0bG9vay5jb20QAAAA';
export const OTHER_SUBSCRIPTION_ID = 'KABkYjVwcjA2bWIxNDY0LmV1cnByZDA2LnByb2Qub3V0bG9vay5jb20RAAAA';
const ITEM = {
  id: 'AAMkADk0ZTc4ZjdkLWE1YzYtNGE1Yy1hYmQ4LTE1YmJmNjNlMDVkZQBGAAAAAAC3Tkh7AAA=',
  changeKey: 'DwAAABYAAAB+uK+9',
};
const OLD_ITEM = {
  id: 'AAMkADk0ZTc4ZjdkLWE1YzYtNGE1Yy1hYmQ4LTE1YmJmNjNlMDVkZQBGAAAAAAC3Tkh6AAA=',
  changeKey: 'DwAAABYAAAB+uK+8',
};
const CALENDAR = {
  id: 'AAMkADk0ZTc4ZjdkLWE1YzYtNGE1Yy1hYmQ4LTE1YmJmNjNlMDVkZQAuAAAAAAC3TkhAQ==',
  changeKey: 'AQAAAA==',
};
const DELETED_ITEMS = {
  id: 'AAMkADk0ZTc4ZjdkLWE1YzYtNGE1Yy1hYmQ4LTE1YmJmNjNlMDVkZQAuAAAAAAC3TkhCAA==',
  changeKey: 'AQAAAA==',
};

export const wm = (n: number): string => `AQAAAJHqdS1GTsZDnRzYFmvV4pMEl5EAAAAAAA${String(n).padStart(4, '0')}`;
const ts = (s: number): string => `2026-11-24T10:00:${String(s).padStart(2, '0')}Z`;

/** One event of every kind, each with the fields Exchange sends for it. */
export const EVENTS_OF_EVERY_KIND: readonly NotificationEvent[] = [
  { kind: 'Status', watermark: wm(1) },
  { kind: 'Created', watermark: wm(2), timestamp: ts(1), itemId: ITEM, parentFolderId: CALENDAR },
  { kind: 'Modified', watermark: wm(3), timestamp: ts(2), itemId: ITEM, parentFolderId: CALENDAR },
  {
    kind: 'Modified',
    watermark: wm(4),
    timestamp: ts(3),
    folderId: CALENDAR,
    parentFolderId: { id: 'AAMkAROOT' },
    unreadCount: 0,
  },
  { kind: 'Deleted', watermark: wm(5), timestamp: ts(4), itemId: { id: ITEM.id }, parentFolderId: CALENDAR },
  {
    kind: 'Moved',
    watermark: wm(6),
    timestamp: ts(5),
    itemId: ITEM,
    parentFolderId: DELETED_ITEMS,
    oldItemId: OLD_ITEM,
    oldParentFolderId: CALENDAR,
  },
  {
    kind: 'Copied',
    watermark: wm(7),
    timestamp: ts(6),
    folderId: CALENDAR,
    parentFolderId: DELETED_ITEMS,
    oldFolderId: CALENDAR,
    oldParentFolderId: { id: 'AAMkAROOT' },
  },
  { kind: 'NewMail', watermark: wm(8), timestamp: ts(7), itemId: ITEM, parentFolderId: { id: 'AAMkINBOX' } },
  { kind: 'FreeBusyChanged', watermark: wm(9), timestamp: ts(8), itemId: ITEM, parentFolderId: CALENDAR },
];

export function successMessage(
  events: NotificationEvent[],
  extra: Partial<{ subscriptionId: string; previousWatermark: string; moreEvents: boolean }> = {},
): NotificationMessage {
  return {
    responseClass: 'Success',
    subscriptionId: extra.subscriptionId ?? SUBSCRIPTION_ID,
    previousWatermark: extra.previousWatermark ?? wm(0),
    moreEvents: extra.moreEvents ?? false,
    events,
  };
}

export const ERROR_MESSAGE: NotificationErrorMessage = {
  responseClass: 'Error',
  responseCode: 'ErrorReadEventsFailed',
  messageText: 'Events for this subscription cannot be retrieved. Please recreate the subscription.',
  subscriptionId: SUBSCRIPTION_ID,
};
