import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSendNotification } from './buildSendNotification.ts';
import { parseSendNotification } from './parseSendNotification.ts';
import { validateAgainstEwsSchema, xmllintAvailable } from './testing/validateAgainstEwsSchema.ts';
import { EVENTS_OF_EVERY_KIND, ERROR_MESSAGE, SUBSCRIPTION_ID, successMessage, wm } from './testing/sampleMessages.ts';

const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const T = 'http://schemas.microsoft.com/exchange/services/2006/types';

test('writes what Exchange sends: declaration, soap11 envelope, RequestServerVersion, XSD element order', () => {
  const xml = buildSendNotification([
    {
      responseClass: 'Success',
      subscriptionId: 'SUB-1',
      previousWatermark: 'WM-3',
      moreEvents: false,
      events: [
        {
          kind: 'Moved',
          watermark: 'WM-4',
          timestamp: '2026-11-24T10:00:00Z',
          itemId: { id: 'I2', changeKey: 'C2' },
          parentFolderId: { id: 'DEL' },
          oldItemId: { id: 'I1' },
          oldParentFolderId: { id: 'CAL', changeKey: 'CF' },
        },
        {
          kind: 'Modified',
          watermark: 'WM-5',
          timestamp: '2026-11-24T10:00:01Z',
          folderId: { id: 'CAL' },
          parentFolderId: { id: 'ROOT' },
          unreadCount: 3,
        },
      ],
    },
  ]);
  assert.equal(
    xml,
    '<?xml version="1.0" encoding="utf-8"?>' +
      '<soap11:Envelope xmlns:soap11="http://schemas.xmlsoap.org/soap/envelope/">' +
      `<soap11:Header><t:RequestServerVersion xmlns:t="${T}" xmlns:m="${M}" Version="Exchange2013" /></soap11:Header>` +
      `<soap11:Body><m:SendNotification xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages>` +
      '<m:SendNotificationResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</m:ResponseCode><m:Notification>' +
      '<t:SubscriptionId>SUB-1</t:SubscriptionId><t:PreviousWatermark>WM-3</t:PreviousWatermark><t:MoreEvents>false</t:MoreEvents>' +
      '<t:MovedEvent><t:Watermark>WM-4</t:Watermark><t:TimeStamp>2026-11-24T10:00:00Z</t:TimeStamp><t:ItemId Id="I2" ChangeKey="C2" />' +
      '<t:ParentFolderId Id="DEL" /><t:OldItemId Id="I1" /><t:OldParentFolderId Id="CAL" ChangeKey="CF" /></t:MovedEvent>' +
      '<t:ModifiedEvent><t:Watermark>WM-5</t:Watermark><t:TimeStamp>2026-11-24T10:00:01Z</t:TimeStamp><t:FolderId Id="CAL" />' +
      '<t:ParentFolderId Id="ROOT" /><t:UnreadCount>3</t:UnreadCount></t:ModifiedEvent>' +
      '</m:Notification></m:SendNotificationResponseMessage></m:ResponseMessages></m:SendNotification></soap11:Body></soap11:Envelope>',
  );
});

test('writes an error push like the real capture: no Notification, subscription id under MessageXml', () => {
  const xml = buildSendNotification([ERROR_MESSAGE], {
    requestServerVersion: 'Exchange2007_SP1',
    xmlDeclaration: false,
  });
  assert.ok(xml.startsWith('<soap11:Envelope'));
  assert.match(xml, /Version="Exchange2007_SP1"/);
  assert.match(
    xml,
    new RegExp(
      '<m:SendNotificationResponseMessage ResponseClass="Error"><m:MessageText>Events for this subscription cannot be retrieved\\. Please recreate the subscription\\.</m:MessageText>' +
        '<m:ResponseCode>ErrorReadEventsFailed</m:ResponseCode><m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>' +
        `<m:MessageXml><t:Value Name="SubscriptionId">${SUBSCRIPTION_ID}</t:Value></m:MessageXml></m:SendNotificationResponseMessage>`,
    ),
  );
  assert.doesNotMatch(xml, /:Notification[ >]/);
});

test('chosen prefixes appear and the default-namespace style declares xmlns where the namespace changes', () => {
  const msgs = [successMessage([{ kind: 'Status', watermark: wm(1) }])];
  const custom = buildSendNotification(msgs, { prefixes: { soap: 's', m: 'msg', t: 'typ' } });
  assert.match(custom, /<s:Envelope xmlns:s=/);
  assert.match(custom, /<msg:SendNotification xmlns:msg="[^"]+" xmlns:typ="[^"]+">/);
  assert.match(custom, /<typ:StatusEvent><typ:Watermark>/);
  const defaults = buildSendNotification(msgs, { prefixes: { soap: '', m: '', t: '' } });
  assert.match(defaults, /<Envelope xmlns="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/">/);
  assert.match(defaults, new RegExp(`<SendNotification xmlns="${M}">`));
  assert.match(defaults, new RegExp(`<SubscriptionId xmlns="${T}">`));
  assert.doesNotMatch(defaults, /xmlns:/);
});

test('round trips through the parser with any prefixes', () => {
  const msgs = [successMessage([...EVENTS_OF_EVERY_KIND]), ERROR_MESSAGE];
  for (const prefixes of [
    {},
    { soap: 'S', m: 'a', t: 'b' },
    { soap: '', m: '', t: '' },
    { soap: 'env', m: '', t: 't' },
  ]) {
    assert.deepEqual(parseSendNotification(buildSendNotification(msgs, { prefixes })), { ok: true, messages: msgs });
  }
});

test('escapes markup characters in text and attributes', () => {
  const msgs = [
    successMessage(
      [
        {
          kind: 'Created',
          timestamp: 't',
          itemId: { id: 'a"<&>\'b', changeKey: '&amp;' },
          parentFolderId: { id: 'p' },
        },
      ],
      { previousWatermark: '</x>' },
    ),
  ];
  const xml = buildSendNotification(msgs);
  assert.match(xml, /Id="a&quot;&lt;&amp;&gt;&apos;b" ChangeKey="&amp;amp;"/);
  assert.deepEqual(parseSendNotification(xml), { ok: true, messages: msgs });
});

test('refuses what it cannot write faithfully', () => {
  assert.throws(() => buildSendNotification([], { prefixes: { m: 'x', t: 'x' } }), TypeError);
  assert.throws(() => buildSendNotification([], { prefixes: { soap: 'a b' } }), TypeError);
  assert.throws(() => buildSendNotification([], { prefixes: { t: 'xmlns' } }), TypeError);
  assert.throws(() => buildSendNotification([successMessage([{ kind: 'Status', itemId: { id: 'i' } }])]), TypeError);
  assert.throws(() => buildSendNotification([successMessage([{ kind: 'Created', unreadCount: 1 }])]), TypeError);
  assert.throws(
    () => buildSendNotification([successMessage([{ kind: 'Modified', oldItemId: { id: 'i' } }])]),
    TypeError,
  );
  assert.throws(() => buildSendNotification([successMessage([], { subscriptionId: 'a\u0001b' })]), RangeError);
  assert.throws(() => buildSendNotification([successMessage([], { subscriptionId: 'a\uD800b' })]), RangeError);
});

test('output validates against the EWS schema (xmllint); error pushes fail only on the missing Notification', () => {
  assert.ok(xmllintAvailable(), 'xmllint missing: apt-get install -y libxml2-utils');
  const every = [
    successMessage([...EVENTS_OF_EVERY_KIND]),
    successMessage([{ kind: 'Status', watermark: wm(9) }], { moreEvents: true }),
  ];
  const docs = [
    buildSendNotification(every),
    buildSendNotification(every, { prefixes: { soap: '', m: '', t: '' } }),
    buildSendNotification(every, { prefixes: { soap: 's', m: '', t: 'x' }, requestServerVersion: 'Exchange2010_SP2' }),
    buildSendNotification([ERROR_MESSAGE]),
  ];
  const [a, b, c, error] = validateAgainstEwsSchema(docs);
  for (const result of [a, b, c]) assert.deepEqual(result, { valid: true, errors: [] });
  assert.equal(error?.valid, false);
  assert.equal(error.errors.length, 1);
  assert.match(
    error.errors[0]!,
    /Missing child element\(s\)\. Expected is \( \{http:\/\/schemas\.microsoft\.com\/exchange\/services\/2006\/messages\}Notification \)/,
  );
});
