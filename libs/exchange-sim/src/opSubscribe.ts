// Subscribe (push only) and Unsubscribe, which refuses push subscriptions as Exchange does.
import { ewsError } from './ewsErrors.ts';
import { decodeWatermark, encodeWatermark } from './ids.ts';
import type { Mailbox, MailboxEventKind } from './model.ts';
import type { OperationContext, OperationResult } from './operationContext.ts';
import { resolveFolder } from './operationContext.ts';
import type { ResponseError } from './soap.ts';
import { responseMessage } from './soap.ts';
import { M_NS, T_NS, el, leaf } from './xml.ts';
import { childEl, childEls, childText } from './xmlTree.ts';

const EVENT_KINDS: Readonly<Record<string, MailboxEventKind | null>> = {
  CreatedEvent: 'Created',
  ModifiedEvent: 'Modified',
  DeletedEvent: 'Deleted',
  MovedEvent: 'Moved',
  CopiedEvent: 'Copied',
  // Accepted, never raised by the simulator.
  NewMailEvent: null,
  FreeBusyChangedEvent: null,
};

function wrap(name: string, message: string): OperationResult {
  return { response: `${name}Response`, body: el('m:ResponseMessages', undefined, message) };
}

function subscribeError(error: ResponseError): OperationResult {
  return wrap('Subscribe', responseMessage('SubscribeResponseMessage', { ok: false, error }));
}

export function subscribe(ctx: OperationContext): OperationResult {
  const req = childEl(ctx.request, M_NS, 'PushSubscriptionRequest');
  if (!req) {
    return subscribeError(
      ewsError('ErrorInvalidSubscriptionRequest', undefined, 'The simulator supports push subscriptions only.'),
    );
  }
  const allFolders = req.attrs.SubscribeToAllFolders === 'true';
  const folderEls = childEl(req, T_NS, 'FolderIds')?.children ?? [];
  let mailbox: Mailbox | undefined = ctx.mailbox;
  const folderIds = new Set<string>();
  for (const f of folderEls) {
    const r = resolveFolder(ctx, f);
    if (!r.ok) return subscribeError(r.error);
    if (ctx.mailbox && r.value.mailbox !== ctx.mailbox)
      return subscribeError(ewsError('ErrorSubscriptionDelegateAccessNotSupported'));
    if (mailbox && r.value.mailbox !== mailbox) return subscribeError(ewsError('ErrorInvalidSubscriptionRequest'));
    mailbox = r.value.mailbox;
    folderIds.add(r.value.folder.id);
  }
  if (!mailbox) return subscribeError(ewsError('ErrorNonExistentMailbox', { SmtpAddress: '' }));
  if (!allFolders && folderIds.size === 0) return subscribeError(ewsError('ErrorInvalidSubscriptionRequest'));
  const kinds = new Set<MailboxEventKind>();
  for (const t of childEls(childEl(req, T_NS, 'EventTypes'), T_NS, 'EventType')) {
    const kind = EVENT_KINDS[t.text.trim()];
    if (kind === undefined)
      return subscribeError(
        ewsError('ErrorInvalidSubscriptionRequest', undefined, `Unknown event type ${t.text.trim()}.`),
      );
    if (kind) kinds.add(kind);
  }
  const frequency = Number(childText(req, T_NS, 'StatusFrequency') ?? '30');
  if (!Number.isInteger(frequency) || frequency < 1 || frequency > 1440) {
    return subscribeError(ewsError('ErrorInvalidArgument', undefined, 'StatusFrequency must be 1 to 1440 minutes.'));
  }
  const url = childText(req, T_NS, 'URL') ?? '';
  if (!/^https?:\/\/[^\s]+$/i.test(url) || !URL.canParse(url))
    return subscribeError(ewsError('ErrorInvalidPushSubscriptionUrl'));
  const watermark = childText(req, T_NS, 'Watermark');
  let startSeq = mailbox.headSeq;
  if (watermark !== undefined && watermark !== '') {
    const seq = decodeWatermark(mailbox.address, watermark);
    if (seq === undefined || seq > mailbox.headSeq || seq < mailbox.trimmedThrough)
      return subscribeError(ewsError('ErrorInvalidWatermark'));
    startSeq = seq;
  }
  const outcome = ctx.push.subscribe({
    mailbox,
    folderIds: allFolders ? undefined : folderIds,
    eventKinds: kinds,
    url,
    statusFrequencyMinutes: frequency,
    startSeq,
  });
  if (!outcome.ok) return subscribeError(ewsError(outcome.code));
  return wrap(
    'Subscribe',
    responseMessage('SubscribeResponseMessage', {
      ok: true,
      payload: [
        leaf('m:SubscriptionId', outcome.subscription.id),
        leaf('m:Watermark', encodeWatermark(mailbox.address, startSeq)),
      ].join(''),
    }),
  );
}

export function unsubscribe(ctx: OperationContext): OperationResult {
  const id = childText(ctx.request, M_NS, 'SubscriptionId') ?? '';
  const sub = ctx.push.get(id);
  const error = sub && !sub.ended ? ewsError('ErrorInvalidSubscription') : ewsError('ErrorSubscriptionNotFound');
  return wrap('Unsubscribe', responseMessage('UnsubscribeResponseMessage', { ok: false, error }));
}
