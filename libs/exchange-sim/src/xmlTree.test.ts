import assert from 'node:assert/strict';
import { test } from 'node:test';
import { M_NS, T_NS } from './xml.ts';
import { childText, findEl, parseXml, XmlParseError } from './xmlTree.ts';

test('namespace-aware: prefixes and default namespaces resolve to the same elements', () => {
  const a = parseXml(`<s:E xmlns:s="x" xmlns:m="${M_NS}" xmlns:t="${T_NS}"><m:R><t:V Id="1">v</t:V></m:R></s:E>`);
  const b = parseXml(`<E xmlns="x"><R xmlns="${M_NS}"><V xmlns="${T_NS}" Id="1">v</V></R></E>`);
  for (const doc of [a, b]) {
    assert.equal(childText(findEl(doc, M_NS, 'R'), T_NS, 'V'), 'v');
    assert.equal(findEl(doc, T_NS, 'V')?.attrs.Id, '1');
  }
});

test('refuses DOCTYPEs (no entity expansion) and malformed XML', () => {
  assert.throws(() => parseXml('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'), XmlParseError);
  assert.throws(() => parseXml('<x><y></x>'), XmlParseError);
  assert.throws(() => parseXml(''), XmlParseError);
});
