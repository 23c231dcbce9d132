// Serializes SendNotification pushes the way Exchange sends them (docs/protocols.md §5):
// SOAP 1.1, `t:RequestServerVersion` header, m:/t: declared on the header element and on
// m:SendNotification, children in XSD sequence order. Used by the exchange simulator and by
// tests/bench; prefixes are configurable so tests can prove the parser ignores them.
import type { EwsId, NotificationEvent, SendNotificationMessage } from '@rooms-sync/events';
import { EWS_MESSAGES_NS, EWS_TYPES_NS, SOAP11_NS } from './namespaces.ts';
import { xmlEscape } from './xmlEscape.ts';

/** Namespace prefixes; '' means "declare as default namespace where used". */
export interface NamespacePrefixes {
  soap: string;
  m: string;
  t: string;
}

export interface BuildSendNotificationOptions {
  prefixes?: Partial<NamespacePrefixes>;
  /** `Version` of the RequestServerVersion header; Exchange 2013+ sends Exchange2013. */
  requestServerVersion?: string;
  /** Emit `<?xml version="1.0" encoding="utf-8"?>` first (Exchange does). Default true. */
  xmlDeclaration?: boolean;
}

/** Exchange's own prefixes as seen in real captures. */
export const EXCHANGE_PREFIXES: Readonly<NamespacePrefixes> = { soap: 'soap11', m: 'm', t: 't' };

type NsKey = keyof NamespacePrefixes;
const URI: Readonly<Record<NsKey, string>> = { soap: SOAP11_NS, m: EWS_MESSAGES_NS, t: EWS_TYPES_NS };
const NCNAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

interface Scope {
  readonly def: string;
  readonly bound: Readonly<Record<string, string>>;
}
type Attrs = readonly (readonly [string, string])[];
type Content = string | ((scope: Scope) => string);

interface Writer {
  el(scope: Scope, ns: NsKey, local: string, attrs: Attrs, content?: Content, eager?: readonly NsKey[]): string;
}

function writer(prefixes: NamespacePrefixes): Writer {
  return {
    el(scope, ns, local, attrs, content, eager = []) {
      let { def, bound } = scope;
      let decls = '';
      for (const key of [ns, ...eager]) {
        const prefix = prefixes[key];
        const uri = URI[key];
        if (prefix === '') {
          if (key === ns && def !== uri) {
            decls += ` xmlns="${uri}"`;
            def = uri;
          }
        } else if (bound[prefix] !== uri) {
          decls += ` xmlns:${prefix}="${uri}"`;
          bound = { ...bound, [prefix]: uri };
        }
      }
      const name = prefixes[ns] === '' ? local : `${prefixes[ns]}:${local}`;
      const attrText = attrs.map(([k, v]) => ` ${k}="${xmlEscape(v)}"`).join('');
      if (content === undefined) return `<${name}${decls}${attrText} />`;
      const inner = typeof content === 'string' ? xmlEscape(content) : content({ def, bound });
      return `<${name}${decls}${attrText}>${inner}</${name}>`;
    },
  };
}

function resolvePrefixes(given: Partial<NamespacePrefixes> | undefined): NamespacePrefixes {
  const prefixes = { ...EXCHANGE_PREFIXES, ...given };
  const used = new Set<string>();
  for (const p of Object.values(prefixes)) {
    if (p === '') continue;
    if (!NCNAME.test(p) || p.toLowerCase().startsWith('xml')) throw new TypeError(`invalid namespace prefix "${p}"`);
    if (used.has(p)) throw new TypeError(`namespace prefix "${p}" used for two namespaces`);
    used.add(p);
  }
  return prefixes;
}

const ID_FIELDS_BY_KIND: Readonly<Record<NotificationEvent['kind'], readonly (keyof NotificationEvent)[]>> = {
  Status: [],
  Created: ['folderId', 'itemId', 'parentFolderId'],
  Deleted: ['folderId', 'itemId', 'parentFolderId'],
  NewMail: ['folderId', 'itemId', 'parentFolderId'],
  FreeBusyChanged: ['folderId', 'itemId', 'parentFolderId'],
  Modified: ['folderId', 'itemId', 'parentFolderId'],
  Moved: ['folderId', 'itemId', 'parentFolderId', 'oldFolderId', 'oldItemId', 'oldParentFolderId'],
  Copied: ['folderId', 'itemId', 'parentFolderId', 'oldFolderId', 'oldItemId', 'oldParentFolderId'],
};
const ID_ELEMENTS = ['folderId', 'itemId', 'parentFolderId', 'oldFolderId', 'oldItemId', 'oldParentFolderId'] as const;
const ELEMENT_NAME: Readonly<Record<(typeof ID_ELEMENTS)[number], string>> = {
  folderId: 'FolderId',
  itemId: 'ItemId',
  parentFolderId: 'ParentFolderId',
  oldFolderId: 'OldFolderId',
  oldItemId: 'OldItemId',
  oldParentFolderId: 'OldParentFolderId',
};

function buildEvent(w: Writer, scope: Scope, ev: NotificationEvent): string {
  const allowed = ID_FIELDS_BY_KIND[ev.kind];
  for (const field of ID_ELEMENTS) {
    if (ev[field] !== undefined && !allowed.includes(field)) {
      throw new TypeError(`${ev.kind}Event cannot carry ${field}`);
    }
  }
  if (ev.kind === 'Status' && ev.timestamp !== undefined) throw new TypeError('StatusEvent cannot carry timestamp');
  if (ev.kind !== 'Modified' && ev.unreadCount !== undefined)
    throw new TypeError('only ModifiedEvent carries unreadCount');
  const id = (s: Scope, field: (typeof ID_ELEMENTS)[number]): string => {
    const value: EwsId | undefined = ev[field];
    if (value === undefined) return '';
    const attrs: [string, string][] = [['Id', value.id]];
    if (value.changeKey !== undefined) attrs.push(['ChangeKey', value.changeKey]);
    return w.el(s, 't', ELEMENT_NAME[field], attrs);
  };
  return w.el(scope, 't', `${ev.kind}Event`, [], (s) => {
    // XSD order: Watermark, TimeStamp, (FolderId|ItemId), ParentFolderId,
    // then UnreadCount (Modified) or (OldFolderId|OldItemId), OldParentFolderId (Moved/Copied).
    let out = ev.watermark === undefined ? '' : w.el(s, 't', 'Watermark', [], ev.watermark);
    if (ev.timestamp !== undefined) out += w.el(s, 't', 'TimeStamp', [], ev.timestamp);
    out += id(s, 'folderId') + id(s, 'itemId') + id(s, 'parentFolderId');
    if (ev.unreadCount !== undefined) out += w.el(s, 't', 'UnreadCount', [], String(ev.unreadCount));
    return out + id(s, 'oldFolderId') + id(s, 'oldItemId') + id(s, 'oldParentFolderId');
  });
}

function buildMessage(w: Writer, scope: Scope, msg: SendNotificationMessage): string {
  return w.el(scope, 'm', 'SendNotificationResponseMessage', [['ResponseClass', msg.responseClass]], (s) => {
    if (msg.responseClass === 'Error') {
      // Real error pushes (ErrorReadEventsFailed): MessageText, ResponseCode, DescriptiveLinkKey 0,
      // MessageXml/t:Value[@Name=SubscriptionId], and no Notification (schema-invalid, docs/protocols.md §5).
      let out = msg.messageText === undefined ? '' : w.el(s, 'm', 'MessageText', [], msg.messageText);
      out += w.el(s, 'm', 'ResponseCode', [], msg.responseCode);
      out += w.el(s, 'm', 'DescriptiveLinkKey', [], '0');
      const subId = msg.subscriptionId;
      if (subId !== undefined) {
        out += w.el(s, 'm', 'MessageXml', [], (x) => w.el(x, 't', 'Value', [['Name', 'SubscriptionId']], subId));
      }
      return out;
    }
    return (
      w.el(s, 'm', 'ResponseCode', [], 'NoError') +
      w.el(s, 'm', 'Notification', [], (n) => {
        let out = w.el(n, 't', 'SubscriptionId', [], msg.subscriptionId);
        if (msg.previousWatermark !== undefined) out += w.el(n, 't', 'PreviousWatermark', [], msg.previousWatermark);
        out += w.el(n, 't', 'MoreEvents', [], msg.moreEvents ? 'true' : 'false');
        return out + msg.events.map((ev) => buildEvent(w, n, ev)).join('');
      })
    );
  });
}

/**
 * Builds the SOAP 1.1 SendNotification envelope Exchange POSTs to a push callback.
 * Throws TypeError on unusable options or on event fields the event kind cannot carry,
 * RangeError on strings XML cannot represent.
 */
export function buildSendNotification(
  messages: readonly SendNotificationMessage[],
  opts: BuildSendNotificationOptions = {},
): string {
  const w = writer(resolvePrefixes(opts.prefixes));
  const root: Scope = { def: '', bound: {} };
  const envelope = w.el(
    root,
    'soap',
    'Envelope',
    [],
    (env) =>
      w.el(env, 'soap', 'Header', [], (h) =>
        w.el(h, 't', 'RequestServerVersion', [['Version', opts.requestServerVersion ?? 'Exchange2013']], undefined, [
          'm',
        ]),
      ) +
      w.el(env, 'soap', 'Body', [], (b) =>
        w.el(
          b,
          'm',
          'SendNotification',
          [],
          (sn) =>
            w.el(sn, 'm', 'ResponseMessages', [], (rm) => messages.map((msg) => buildMessage(w, rm, msg)).join('')),
          ['t'],
        ),
      ),
  );
  return (opts.xmlDeclaration ?? true) ? `<?xml version="1.0" encoding="utf-8"?>${envelope}` : envelope;
}
