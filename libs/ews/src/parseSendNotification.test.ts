import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { buildSendNotification } from './buildSendNotification.ts';
import { parseSendNotification } from './parseSendNotification.ts';
import { validateAgainstEwsSchema, xmllintAvailable } from './testing/validateAgainstEwsSchema.ts';
import type { NotificationEvent, SendNotificationMessage } from '@rooms-sync/events';
import {
  EVENTS_OF_EVERY_KIND,
  ERROR_MESSAGE,
  OTHER_SUBSCRIPTION_ID,
  SUBSCRIPTION_ID,
  successMessage,
  wm,
} from './testing/sampleMessages.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const S = 'http://schemas.xmlsoap.org/soap/envelope/';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const T = 'http://schemas.microsoft.com/exchange/services/2006/types';

function parsed(xml: string | Buffer): SendNotificationMessage[] {
  const result = parseSendNotification(xml);
  if (!result.ok) assert.fail(`${result.error.reason}: ${result.error.message}`);
  return result.messages;
}

/** A push whose Notification body is given as raw XML (prefixes m:, t:). */
function push(notificationInner: string, messageAttrs = 'ResponseClass="Success"', messageExtra = ''): string {
  return (
    `<s:Envelope xmlns:s="${S}"><s:Body><m:SendNotification xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages>` +
    `<m:SendNotificationResponseMessage ${messageAttrs}>${messageExtra}` +
    (notificationInner === '' ? '' : `<m:Notification>${notificationInner}</m:Notification>`) +
    '</m:SendNotificationResponseMessage></m:ResponseMessages></m:SendNotification></s:Body></s:Envelope>'
  );
}

test('every captured-like fixture parses to its .expected.json', () => {
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.xml'));
  assert.ok(names.length >= 7);
  for (const name of names) {
    const expected: unknown = JSON.parse(
      readFileSync(new URL(name.replace(/\.xml$/, '.expected.json'), FIXTURES), 'utf8'),
    );
    assert.deepEqual(parsed(readFileSync(new URL(name, FIXTURES))), expected, name);
  }
});

test('captured-like fixtures are schema-valid, except the two documented as not (xmllint)', () => {
  assert.ok(xmllintAvailable(), 'xmllint missing: apt-get install -y libxml2-utils');
  const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.xml'));
  const results = validateAgainstEwsSchema(names.map((n) => readFileSync(new URL(n, FIXTURES), 'utf8')));
  const invalid = names.filter((_, i) => !results[i]?.valid).sort();
  assert.deepEqual(invalid, ['error-read-events-failed.xml', 'unknown-headers-and-elements.xml']);
});

test('round trip of every event kind, alone and all together', () => {
  for (const ev of EVENTS_OF_EVERY_KIND) {
    const msgs = [successMessage([ev])];
    assert.deepEqual(parsed(buildSendNotification(msgs)), msgs, ev.kind);
  }
  const all = [successMessage([...EVENTS_OF_EVERY_KIND], { moreEvents: true })];
  assert.deepEqual(parsed(buildSendNotification(all)), all);
});

test('several response messages, mixed success and error, keep their order', () => {
  const msgs: SendNotificationMessage[] = [
    successMessage([EVENTS_OF_EVERY_KIND[1]!, EVENTS_OF_EVERY_KIND[2]!]),
    ERROR_MESSAGE,
    successMessage([{ kind: 'Status', watermark: wm(42) }], { subscriptionId: OTHER_SUBSCRIPTION_ID }),
    { responseClass: 'Warning', subscriptionId: OTHER_SUBSCRIPTION_ID, moreEvents: false, events: [] },
  ];
  assert.deepEqual(parsed(buildSendNotification(msgs)), msgs);
});

test('prefixes never matter: custom, default-namespace and mixed styles', () => {
  const msgs = [successMessage([...EVENTS_OF_EVERY_KIND]), ERROR_MESSAGE];
  const styles = [
    { soap: 'soapenv', m: 'ns1', t: 'ns2' },
    { soap: '', m: '', t: '' },
    { soap: 's', m: '', t: 'm' },
    { m: 't', t: 'm' },
  ];
  for (const prefixes of styles)
    assert.deepEqual(parsed(buildSendNotification(msgs, { prefixes })), msgs, JSON.stringify(prefixes));
});

test('status heartbeat without PreviousWatermark, MoreEvents or Watermark', () => {
  assert.deepEqual(parsed(push(`<t:SubscriptionId>${SUBSCRIPTION_ID}</t:SubscriptionId><t:StatusEvent/>`)), [
    { responseClass: 'Success', subscriptionId: SUBSCRIPTION_ID, moreEvents: false, events: [{ kind: 'Status' }] },
  ]);
});

test('error push: ResponseCode, MessageText and MessageXml subscription id; no Notification needed', () => {
  assert.deepEqual(parsed(buildSendNotification([ERROR_MESSAGE])), [ERROR_MESSAGE]);
  const bare = push('', 'ResponseClass="Error"', '<m:ResponseCode>ErrorMissedNotificationEvents</m:ResponseCode>');
  assert.deepEqual(parsed(bare), [{ responseClass: 'Error', responseCode: 'ErrorMissedNotificationEvents' }]);
  const withNotification = push(
    `<t:SubscriptionId>SUB-9</t:SubscriptionId>`,
    'ResponseClass="Error"',
    '<m:ResponseCode>ErrorInternalServerError</m:ResponseCode>',
  );
  assert.deepEqual(parsed(withNotification), [
    { responseClass: 'Error', responseCode: 'ErrorInternalServerError', subscriptionId: 'SUB-9' },
  ]);
  // MessageXml values other than SubscriptionId, or in another namespace, are not the subscription.
  const otherValues = push(
    '',
    'ResponseClass="Error"',
    `<m:ResponseCode>ErrorX</m:ResponseCode><m:MessageXml><t:Value Name="Other">a</t:Value><m:Value Name="SubscriptionId">b</m:Value></m:MessageXml>`,
  );
  assert.deepEqual(parsed(otherValues), [{ responseClass: 'Error', responseCode: 'ErrorX' }]);
});

test('unknown SOAP headers and unknown body elements are ignored', () => {
  const xml = buildSendNotification([successMessage([EVENTS_OF_EVERY_KIND[2]!])])
    .replace(
      /(<soap11:Header>)/,
      '$1<wsse:Security xmlns:wsse="urn:wsse" soap11:mustUnderstand="1"><wsse:Token>x</wsse:Token></wsse:Security><x:Deep xmlns:x="urn:x"><x:A><x:B/></x:A></x:Deep>',
    )
    .replace(
      '<m:ResponseMessages>',
      '<m:Extra><t:StatusEvent/></m:Extra><m:ResponseMessages><m:OtherResponseMessage ResponseClass="Success"/>',
    );
  assert.deepEqual(parsed(xml), [successMessage([EVENTS_OF_EVERY_KIND[2]!])]);
});

test('tolerant field reading: whitespace, CDATA, entities, 1 for true, bad numbers and ids dropped', () => {
  const xml = push(
    `\n  <t:SubscriptionId>\n  <![CDATA[SUB]]>&amp;1 </t:SubscriptionId><t:MoreEvents>1</t:MoreEvents>` +
      `<t:ModifiedEvent><t:UnreadCount>-1</t:UnreadCount><t:ItemId ChangeKey="ck"/><t:FolderId Id=""/><t:ParentFolderId Id="P" t:ChangeKey="ns-attr"/></t:ModifiedEvent>` +
      `<t:ModifiedEvent><t:UnreadCount>99999999999</t:UnreadCount><t:Watermark>W<t:Junk>ignored</t:Junk>2</t:Watermark></t:ModifiedEvent>` +
      `<t:ModifiedEvent><t:UnreadCount>+7</t:UnreadCount></t:ModifiedEvent><t:FutureEvent><t:Watermark>F</t:Watermark></t:FutureEvent>`,
  );
  const events: NotificationEvent[] = [
    { kind: 'Modified', parentFolderId: { id: 'P' } },
    { kind: 'Modified', watermark: 'W2' },
    { kind: 'Modified', unreadCount: 7 },
  ];
  assert.deepEqual(parsed(xml), [{ responseClass: 'Success', subscriptionId: 'SUB&1', moreEvents: true, events }]);
});

test('accepts a Buffer with a UTF-8 BOM and non-ASCII text', () => {
  const msgs: SendNotificationMessage[] = [
    { ...ERROR_MESSAGE, messageText: 'Ereignisse können nicht abgerufen werden – 再作成してください' },
  ];
  const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(buildSendNotification(msgs))]);
  assert.deepEqual(parsed(body), msgs);
});

test('refuses response messages it cannot represent', () => {
  const cases: [string, RegExp][] = [
    [push(''), /without Notification/],
    [push('<t:PreviousWatermark>x</t:PreviousWatermark><t:StatusEvent/>'), /SubscriptionId/],
    [push('<t:SubscriptionId>S</t:SubscriptionId>', 'ResponseClass="Maybe"'), /unknown ResponseClass/],
    [push('<t:SubscriptionId>S</t:SubscriptionId>', ''), /unknown ResponseClass/],
    [push('', 'ResponseClass="Error"'), /without ResponseCode/],
  ];
  for (const [xml, message] of cases) {
    const result = parseSendNotification(xml);
    assert.equal(result.ok, false);
    assert.equal(result.error.reason, 'not_send_notification');
    assert.match(result.error.message, message);
  }
});
