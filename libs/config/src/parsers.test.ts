import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parsers } from './parsers.ts';
import type { Parser, ParseResult } from './parsers.ts';

const value = <T>(parser: Parser<T>, raw: string): T => {
  const result: ParseResult<T> = parser.parse(raw);
  assert.ok(result.ok, `expected ${JSON.stringify(raw)} to parse`);
  return result.value;
};
const reason = <T>(parser: Parser<T>, raw: string): string => {
  const result = parser.parse(raw);
  assert.ok(!result.ok, `expected ${JSON.stringify(raw)} to be rejected`);
  return result.reason;
};

test('url: any scheme or the listed ones; exact string kept', () => {
  assert.equal(value(parsers.url(), 'postgres://u:p@h:5432/db'), 'postgres://u:p@h:5432/db');
  assert.equal(reason(parsers.url(), 'not a url'), 'not a URL');
  assert.match(reason(parsers.url({ protocols: ['postgres:'] }), 'mysql://h/db'), /scheme must be one of postgres:/);
});

test('absoluteUrl: http(s) with host; relative, other schemes and whitespace rejected', () => {
  assert.equal(
    value(parsers.absoluteUrl(), 'https://Rooms.Example.com:8443/x?y#z'),
    'https://Rooms.Example.com:8443/x?y#z',
  );
  assert.equal(reason(parsers.absoluteUrl(), '/api/webhooks/exchange'), 'not an absolute URL');
  assert.equal(reason(parsers.absoluteUrl(), 'rooms.example.com/x'), 'not an absolute URL');
  assert.equal(reason(parsers.absoluteUrl(), 'ftp://h/x'), 'not an http(s) URL');
  assert.equal(reason(parsers.absoluteUrl(), ' https://h/'), 'has leading or trailing whitespace');
  assert.match(reason(parsers.absoluteUrl({ root: true }), 'https://h/?a=1'), /query or fragment/);
  assert.equal(value(parsers.absoluteUrl({ root: true }), 'https://h/tenant-a/'), 'https://h/tenant-a/');
});

test('bool: true/false in any case, nothing else (not 1/0)', () => {
  for (const raw of ['true', 'True', 'TRUE']) assert.equal(value(parsers.bool(), raw), true);
  for (const raw of ['false', 'False', 'FALSE']) assert.equal(value(parsers.bool(), raw), false);
  for (const raw of ['1', '0', 'yes', 'no', 'on', ' true']) assert.match(reason(parsers.bool(), raw), /not a boolean/);
});

test('int: decimal integers within the range', () => {
  const port = parsers.int({ min: 0, max: 65535 });
  assert.equal(value(port, '0'), 0);
  assert.equal(value(port, '65535'), 65535);
  assert.equal(value(parsers.int(), '-5'), -5);
  assert.equal(reason(port, '65536'), 'out of range [0, 65535]');
  assert.equal(reason(port, '-1'), 'out of range [0, 65535]');
  for (const raw of ['1.5', '1e3', '0x10', ' 1', 'abc']) assert.equal(reason(port, raw), 'not an integer');
  assert.match(reason(parsers.int(), '99999999999999999999'), /out of range/);
});

test('string: as written', () => {
  assert.equal(value(parsers.string(), ' a b '), ' a b ');
});

test('oneOf: exact members only', () => {
  const level = parsers.oneOf(['info', 'warn']);
  const parsed: 'info' | 'warn' = value(level, 'warn');
  assert.equal(parsed, 'warn');
  assert.equal(reason(level, 'INFO'), 'not one of info|warn');
});

test('list: comma-separated, items trimmed, no empty items', () => {
  assert.deepEqual(value(parsers.list(), 'a:1, b:2 ,c:3'), ['a:1', 'b:2', 'c:3']);
  assert.deepEqual(value(parsers.list(), 'one'), ['one']);
  assert.match(reason(parsers.list(), 'a,,b'), /empty item/);
  assert.match(reason(parsers.list(), 'a,'), /empty item/);
});
