// The push endpoint is public and unauthenticated: every input here must come back as a
// documented refusal (or a bounded success), quickly, and never as an exception.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildSendNotification } from './buildSendNotification.ts';
import { parseSendNotification, type ParseSendNotificationOptions } from './parseSendNotification.ts';
import type { ParseFailureReason, ParseResult } from './parseResult.ts';
import { EVENTS_OF_EVERY_KIND, ERROR_MESSAGE, successMessage } from './testing/sampleMessages.ts';

const HOSTILE = new URL('./fixtures/hostile/', import.meta.url);
const MiB = 1024 * 1024;
const S = 'http://schemas.xmlsoap.org/soap/envelope/';
const M = 'http://schemas.microsoft.com/exchange/services/2006/messages';
const T = 'http://schemas.microsoft.com/exchange/services/2006/types';
const OPEN = `<s:Envelope xmlns:s="${S}"><s:Header>`;
const BODY = `</s:Header><s:Body><m:SendNotification xmlns:m="${M}" xmlns:t="${T}"><m:ResponseMessages><m:SendNotificationResponseMessage ResponseClass="Success"><m:Notification><t:SubscriptionId>S</t:SubscriptionId>`;
const CLOSE =
  '</m:Notification></m:SendNotificationResponseMessage></m:ResponseMessages></m:SendNotification></s:Body></s:Envelope>';
const fill = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length));

function refusal(body: string | Buffer, opts?: ParseSendNotificationOptions): ParseFailureReason {
  let result: ParseResult | undefined;
  assert.doesNotThrow(() => (result = parseSendNotification(body, opts)));
  assert.ok(result && !result.ok, `expected a refusal, got ${JSON.stringify(result).slice(0, 200)}`);
  assert.ok(result.error.message.length > 0 && result.error.message.length <= 201);
  return result.error.reason;
}

test('hostile fixture corpus: each file gives its documented reason (fixtures/hostile/manifest.json)', () => {
  const manifest = JSON.parse(readFileSync(new URL('manifest.json', HOSTILE), 'utf8')) as Record<
    string,
    ParseFailureReason
  >;
  assert.ok(Object.keys(manifest).length >= 20);
  for (const [file, reason] of Object.entries(manifest)) {
    const bytes = readFileSync(new URL(file, HOSTILE));
    assert.equal(refusal(bytes), reason, file);
    if (reason !== 'invalid_utf8') assert.equal(refusal(bytes.toString('utf8')), reason, `${file} as string`);
  }
});

test('XXE and billion laughs are refused at the DOCTYPE, never expanded', () => {
  const laughs = readFileSync(new URL('billion-laughs.xml', HOSTILE));
  const reason = refusal(laughs);
  assert.equal(reason, 'doctype_forbidden');
  const xxe = readFileSync(new URL('xxe-external-entity.xml', HOSTILE), 'utf8');
  const result = parseSendNotification(xxe);
  assert.ok(!result.ok && !JSON.stringify(result).includes('root:'), 'no file content leaks');
});

test('10,000-deep nesting is refused as too_deep wherever it sits, ', () => {
  const deep = (n: number): string => '<x:a xmlns:x="urn:x">'.repeat(n) + '</x:a>'.repeat(n);
  assert.equal(refusal(OPEN + deep(10_000) + BODY + CLOSE), 'too_deep');
  assert.equal(refusal(OPEN + BODY + `<t:StatusEvent>${deep(10_000)}</t:StatusEvent>` + CLOSE), 'too_deep');
  assert.equal(
    refusal(`<s:Envelope xmlns:s="${S}"><s:Body>${deep(10_000)}</s:Body></s:Envelope>`),
    'not_send_notification',
  );
  assert.equal(refusal('<a>'.repeat(10_000) + '</a>'.repeat(10_000)), 'not_soap');
  const millionDeep = OPEN + '<a>'.repeat(1_000_000) + '</a>'.repeat(1_000_000) + BODY + CLOSE;
  const reason = refusal(millionDeep, { maxBytes: 16 * MiB });
  assert.equal(reason, 'too_deep');
  assert.equal(
    refusal(OPEN + BODY + '<t:StatusEvent><a><b/></a></t:StatusEvent>' + CLOSE, { maxDepth: 8 }),
    'too_deep',
  );
  assert.equal(
    parseSendNotification(buildSendNotification([successMessage([...EVENTS_OF_EVERY_KIND])]), { maxDepth: 8 }).ok,
    true,
  );
});

test('a 10 MiB body is refused as too_large before any parsing (Buffer and string)', () => {
  const big = OPEN + BODY + fill(' ', 10 * MiB) + '<t:StatusEvent/>' + CLOSE;
  const bigBuffer = Buffer.from(big);
  for (const body of [bigBuffer, big]) {
    const reason = refusal(body);
    assert.equal(reason, 'too_large');
  }
  assert.equal(refusal(fill('é', MiB)), 'too_large', 'limit counts UTF-8 bytes, not characters');
});

test('with the size cap lifted the parser alone still handles 10 MiB bodies (timings: make bench)', () => {
  const opts = { maxBytes: 16 * MiB };
  const cases: [string, string, ParseFailureReason | 'ok'][] = [
    ['whitespace', OPEN + BODY + fill(' ', 10 * MiB) + '<t:StatusEvent/>' + CLOSE, 'ok'],
    [
      'one 10 MiB watermark',
      OPEN + BODY + `<t:StatusEvent><t:Watermark>${fill('A', 10 * MiB)}</t:Watermark></t:StatusEvent>` + CLOSE,
      'ok',
    ],
    [
      '10 MiB DOCTYPE',
      `<!DOCTYPE x [${fill('<!ENTITY a "b">', 10 * MiB)}]>` + OPEN + BODY + CLOSE,
      'doctype_forbidden',
    ],
    ['10 MiB comment', OPEN + `<!--${fill('-x', 10 * MiB)}-->` + BODY + '<t:StatusEvent/>' + CLOSE, 'ok'],
    ['10 MiB of <', fill('<', 10 * MiB), 'malformed_xml'],
  ];
  for (const [name, body, expected] of cases) {
    const result = parseSendNotification(Buffer.from(body), opts);
    assert.equal(result.ok ? 'ok' : result.error.reason, expected, name);
  }
});

test('never throws on mutated, truncated or random input (deterministic fuzz)', () => {
  const seed = buildSendNotification([successMessage([...EVENTS_OF_EVERY_KIND]), ERROR_MESSAGE]);
  const bytes = Buffer.from(seed);
  let state = 0x2545f491;
  const rand = (n: number): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) % n;
  };
  const alphabet = Buffer.from('<>/="\'&;:!?[]-x \u00e9\u0000', 'utf8');
  for (let i = 0; i < 2000; i++) {
    const mutated = Buffer.from(bytes);
    for (let k = 0, flips = 1 + rand(4); k < flips; k++)
      mutated[rand(mutated.length)] = alphabet[rand(alphabet.length)]!;
    const cut = i % 3 === 0 ? mutated.subarray(0, rand(mutated.length)) : mutated;
    assert.doesNotThrow(() => parseSendNotification(cut), `iteration ${i}`);
    assert.doesNotThrow(() => parseSendNotification(cut.toString('latin1')), `iteration ${i} (string)`);
  }
  for (const odd of [
    '\uD800',
    '<a>\uDC00</a>',
    '\u0000',
    '<?xml version="1.1"?><a/>',
    '<a xmlns:xml="urn:x"/>',
    ']]>',
    '<![CDATA[x]]>',
  ]) {
    assert.doesNotThrow(() => parseSendNotification(odd), JSON.stringify(odd));
  }
});
