// `make bench` part: the SendNotification parser on a genuine 3-event push,
// beside saxes alone on the same bytes (the ceiling), and how long hostile
// inputs take to be refused, each as a multiple of the genuine parse. Growth
// with size (8x the input) shows the parser stays linear.
import { readFileSync } from 'node:fs';
import { SaxesParser } from 'saxes';
import { parseSendNotification } from '../src/index.ts';
import { EWS_FIXTURES_DIR } from '../src/testing/index.ts';

const MiB = 1024 * 1024;
const genuine = readFileSync(new URL('calendar-three-events.xml', EWS_FIXTURES_DIR));

function perSecond(fn: () => void, ms = 1500): number {
  for (let i = 0; i < 200; i++) fn();
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

function bestMs(fn: () => void, runs = 5): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

const ours = perSecond(() => {
  parseSendNotification(genuine);
});
const saxesOnly = perSecond(() => {
  const p = new SaxesParser({ xmlns: true });
  p.on('opentag', () => undefined);
  p.write(genuine.toString('utf8')).close();
});
console.log(`\nSendNotification parser — ${genuine.length}-byte genuine push (3 events)`);
console.log(`  parseSendNotification   ${ours.toFixed(0).padStart(8)} parses/s`);
console.log(
  `  saxes alone (ceiling)   ${saxesOnly.toFixed(0).padStart(8)} parses/s   ratio ${(ours / saxesOnly).toFixed(2)}`,
);

const genuineMs = bestMs(() => {
  parseSendNotification(genuine);
}, 50);
const OPEN = '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header>';
const hostile: Record<string, string | Buffer> = {
  'billion laughs (DOCTYPE)':
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>',
  '10,000-deep nesting': OPEN + '<a>'.repeat(10_000) + '</a>'.repeat(10_000),
  '10 MiB body': Buffer.alloc(10 * MiB, 0x20),
  'invalid UTF-8': Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0xfe, 0x3c, 0x2f, 0x61, 0x3e]),
};
console.log(`  refusing hostile input, best of 5 (genuine parse: ${(genuineMs * 1000).toFixed(0)} µs):`);
for (const [name, body] of Object.entries(hostile)) {
  const ms = bestMs(() => {
    parseSendNotification(body);
  });
  console.log(
    `    ${name.padEnd(26)} ${(ms * 1000).toFixed(0).padStart(8)} µs   ${(ms / genuineMs).toFixed(1)}x genuine`,
  );
}

const event =
  '<t:ModifiedEvent><t:Watermark>AQAAAHf9wUgjhbtI</t:Watermark><t:TimeStamp>2026-11-24T10:00:01Z</t:TimeStamp><t:ItemId Id="AAMkADA2ZTQ3" ChangeKey="DwAAAB"/><t:ParentFolderId Id="AAMk"/></t:ModifiedEvent>';
const envelope = (bytes: number) =>
  Buffer.from(
    `${OPEN}</s:Header><s:Body><m:SendNotification xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"><m:ResponseMessages><m:SendNotificationResponseMessage ResponseClass="Success"><m:Notification><t:SubscriptionId>S</t:SubscriptionId>${event.repeat(Math.ceil(bytes / event.length))}</m:Notification></m:SendNotificationResponseMessage></m:ResponseMessages></m:SendNotification></s:Body></s:Envelope>`,
  );
const small = envelope(MiB / 4);
const large = envelope(2 * MiB);
const growth =
  bestMs(() => {
    parseSendNotification(large, { maxBytes: 64 * MiB });
  }, 3) /
  bestMs(() => {
    parseSendNotification(small, { maxBytes: 64 * MiB });
  }, 3);
console.log(
  `  8x the input (0.25 → 2 MiB of events) takes ${growth.toFixed(1)}x the time (linear ≈ 8, quadratic ≈ 64)`,
);
