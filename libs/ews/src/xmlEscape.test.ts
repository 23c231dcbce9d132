import assert from 'node:assert/strict';
import { test } from 'node:test';
import { xmlEscape } from './xmlEscape.ts';

test('escapes the five XML specials, for text and attribute values alike', () => {
  assert.equal(xmlEscape(`a&b<c>d"e'f`), 'a&amp;b&lt;c&gt;d&quot;e&apos;f');
  assert.equal(xmlEscape('https://x.example/cb?a=1&b=2'), 'https://x.example/cb?a=1&amp;b=2');
});

test('refuses characters XML 1.0 cannot carry, even escaped', () => {
  for (const bad of ['a\u0001b', 'a\uFFFEb', 'a\uD800b']) assert.throws(() => xmlEscape(bad), RangeError);
  assert.equal(xmlEscape('tab\tlf\ncr\r'), 'tab\tlf\ncr\r');
});

test('lenient drops what XML cannot carry and turns lone surrogates into U+FFFD', () => {
  assert.equal(xmlEscape('a\u0001b\uFFFF&', { lenient: true }), 'ab&amp;');
  assert.equal(xmlEscape('a\uD800b', { lenient: true }), 'a\uFFFDb');
});
