// The push's element tree as a small state machine: which frame a child element opens given
// its parent frame, and how a finished SendNotificationResponseMessage becomes a payload.
// Matching is on namespace URI + local name only; returning undefined skips a whole subtree.
import type { SaxesTagNS } from 'saxes';
import type { NotificationEvent, SendNotificationMessage } from '@rooms-sync/events';
import { EWS_MESSAGES_NS as M, EWS_TYPES_NS as T, SOAP11_NS as SOAP } from './namespaces.ts';
import { ParseAbort } from './ParseAbort.ts';

export interface Draft {
  responseClass: string;
  responseCode?: string;
  messageText?: string;
  errorSubscriptionId?: string;
  hasNotification: boolean;
  subscriptionId?: string;
  previousWatermark?: string;
  moreEvents?: string;
  events: NotificationEvent[];
}

export type Frame =
  | { k: 'envelope' }
  | { k: 'body'; seenChild: boolean }
  | { k: 'sendNotification' }
  | { k: 'responseMessages' }
  | { k: 'responseMessage'; draft: Draft }
  | { k: 'messageXml'; draft: Draft }
  | { k: 'notification'; draft: Draft }
  | { k: 'event'; event: NotificationEvent }
  | { k: 'text'; buf: string; assign: (text: string) => void };

const EVENT_KIND: ReadonlyMap<string, NotificationEvent['kind']> = new Map([
  ['StatusEvent', 'Status'],
  ['CreatedEvent', 'Created'],
  ['ModifiedEvent', 'Modified'],
  ['DeletedEvent', 'Deleted'],
  ['MovedEvent', 'Moved'],
  ['CopiedEvent', 'Copied'],
  ['NewMailEvent', 'NewMail'],
  ['FreeBusyChangedEvent', 'FreeBusyChanged'],
]);
const ID_FIELD: ReadonlyMap<
  string,
  'itemId' | 'folderId' | 'parentFolderId' | 'oldItemId' | 'oldFolderId' | 'oldParentFolderId'
> = new Map([
  ['ItemId', 'itemId'],
  ['FolderId', 'folderId'],
  ['ParentFolderId', 'parentFolderId'],
  ['OldItemId', 'oldItemId'],
  ['OldFolderId', 'oldFolderId'],
  ['OldParentFolderId', 'oldParentFolderId'],
]);
const INT32_MAX = 2 ** 31 - 1;

function textFrame(assign: (text: string) => void): Frame {
  return { k: 'text', buf: '', assign };
}

/** The frame for a child element, or undefined to skip the child and its whole subtree. */
export function childFrame(parent: Frame, tag: SaxesTagNS): Frame | undefined {
  const { uri, local } = tag;
  switch (parent.k) {
    case 'envelope':
      return uri === SOAP && local === 'Body' ? { k: 'body', seenChild: false } : undefined;
    case 'body':
      if (parent.seenChild) return undefined;
      parent.seenChild = true;
      if (uri === M && local === 'SendNotification') return { k: 'sendNotification' };
      throw new ParseAbort('not_send_notification', `SOAP Body carries {${uri}}${local}, not m:SendNotification`);
    case 'sendNotification':
      return uri === M && local === 'ResponseMessages' ? { k: 'responseMessages' } : undefined;
    case 'responseMessages':
      if (uri !== M || local !== 'SendNotificationResponseMessage') return undefined;
      return {
        k: 'responseMessage',
        draft: { responseClass: tag.attributes.ResponseClass?.value ?? '', hasNotification: false, events: [] },
      };
    case 'responseMessage': {
      if (uri !== M) return undefined;
      const d = parent.draft;
      if (local === 'ResponseCode') return textFrame((s) => (d.responseCode = s));
      if (local === 'MessageText') return textFrame((s) => (d.messageText = s));
      if (local === 'MessageXml') return { k: 'messageXml', draft: d };
      if (local === 'Notification') {
        d.hasNotification = true;
        return { k: 'notification', draft: d };
      }
      return undefined;
    }
    case 'messageXml': {
      const d = parent.draft;
      if (uri === T && local === 'Value' && tag.attributes.Name?.value === 'SubscriptionId') {
        return textFrame((s) => (d.errorSubscriptionId ??= s));
      }
      return undefined;
    }
    case 'notification': {
      if (uri !== T) return undefined;
      const d = parent.draft;
      if (local === 'SubscriptionId') return textFrame((s) => (d.subscriptionId ??= s));
      if (local === 'PreviousWatermark') return textFrame((s) => (d.previousWatermark = s));
      if (local === 'MoreEvents') return textFrame((s) => (d.moreEvents = s));
      const kind = EVENT_KIND.get(local);
      return kind === undefined ? undefined : { k: 'event', event: { kind } };
    }
    case 'event': {
      if (uri !== T) return undefined;
      const ev = parent.event;
      if (local === 'Watermark') return textFrame((s) => (ev.watermark = s));
      if (local === 'TimeStamp') return textFrame((s) => (ev.timestamp = s));
      if (local === 'UnreadCount') {
        return textFrame((s) => {
          const n = /^\+?\d{1,10}$/.test(s) ? Number(s) : NaN;
          if (n <= INT32_MAX) ev.unreadCount = n;
        });
      }
      const field = ID_FIELD.get(local);
      if (field !== undefined) {
        const id = tag.attributes.Id?.value;
        const changeKey = tag.attributes.ChangeKey?.value;
        if (id !== undefined && id !== '') ev[field] = changeKey === undefined ? { id } : { id, changeKey };
      }
      return undefined;
    }
    case 'text':
      return undefined;
  }
}

export function finishMessage(d: Draft): SendNotificationMessage {
  if (d.responseClass === 'Error') {
    const code = d.responseCode;
    if (code === undefined || code === '') {
      throw new ParseAbort('not_send_notification', 'error response message without ResponseCode');
    }
    const msg: SendNotificationMessage = { responseClass: 'Error', responseCode: code };
    if (d.messageText !== undefined) msg.messageText = d.messageText;
    const subId = d.errorSubscriptionId ?? d.subscriptionId;
    if (subId !== undefined && subId !== '') msg.subscriptionId = subId;
    return msg;
  }
  if (d.responseClass !== 'Success' && d.responseClass !== 'Warning') {
    throw new ParseAbort('not_send_notification', `unknown ResponseClass "${d.responseClass}"`);
  }
  if (!d.hasNotification || d.subscriptionId === undefined || d.subscriptionId === '') {
    throw new ParseAbort(
      'not_send_notification',
      `${d.responseClass} response message without Notification/SubscriptionId`,
    );
  }
  const moreEvents = d.moreEvents === 'true' || d.moreEvents === '1';
  return d.previousWatermark === undefined
    ? { responseClass: d.responseClass, subscriptionId: d.subscriptionId, moreEvents, events: d.events }
    : {
        responseClass: d.responseClass,
        subscriptionId: d.subscriptionId,
        previousWatermark: d.previousWatermark,
        moreEvents,
        events: d.events,
      };
}
