import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SaxesParser } from 'saxes';
import { sendNotificationReply, sendNotificationReplyBuffer } from './sendNotificationReply.ts';
import { validateAgainstEwsSchema, xmllintAvailable } from './testing/validateAgainstEwsSchema.ts';

const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';

/** (namespace, local name, text) of every element, in document order. */
function elements(xml: string): [string, string, string][] {
  const out: [string, string, string][] = [];
  const parser = new SaxesParser({ xmlns: true });
  parser.on('opentag', (t) => out.push([t.uri, t.local, '']));
  parser.on('text', (text) => {
    const last = out.at(-1);
    if (last) last[2] += text;
  });
  parser.write(xml).close();
  return out;
}

for (const status of ['OK', 'Unsubscribe'] as const) {
  test(`${status} reply: SOAP 1.1 envelope with m:SendNotificationResult/m:SubscriptionStatus`, () => {
    const xml = sendNotificationReply(status);
    assert.deepEqual(elements(xml), [
      ['http://schemas.xmlsoap.org/soap/envelope/', 'Envelope', ''],
      ['http://schemas.xmlsoap.org/soap/envelope/', 'Body', ''],
      [M, 'SendNotificationResult', ''],
      [M, 'SubscriptionStatus', status],
    ]);
    assert.ok(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>'));
    assert.equal(sendNotificationReplyBuffer(status).toString('utf8'), xml);
    assert.equal(sendNotificationReply(status), xml, 'constant');
  });
}

test('both replies validate against the EWS schema (xmllint)', () => {
  assert.ok(xmllintAvailable(), 'xmllint missing: apt-get install -y libxml2-utils');
  const [ok, unsubscribe, wrong] = validateAgainstEwsSchema([
    sendNotificationReply('OK'),
    sendNotificationReply('Unsubscribe'),
    sendNotificationReply('OK').replace('>OK<', '>Maybe<'),
  ]);
  assert.deepEqual(ok, { valid: true, errors: [] });
  assert.deepEqual(unsubscribe, { valid: true, errors: [] });
  assert.equal(wrong?.valid, false, 'the validator really checks the status');
});
