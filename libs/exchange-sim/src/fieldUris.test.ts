import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FIELD_URIS, isFieldUri } from './fieldUris.ts';

// The schema copy the face's responses are validated against (docs/protocols.md §12).
const TYPES_XSD = new URL('../../ews/src/fixtures/ews-schema/types.xsd', import.meta.url);

test('the FieldURI list is exactly UnindexedFieldURIType of types.xsd', () => {
  const xsd = readFileSync(TYPES_XSD, 'utf8');
  const type = /<xs:simpleType name="UnindexedFieldURIType">([\s\S]*?)<\/xs:simpleType>/.exec(xsd)?.[1] ?? '';
  const values = [...type.matchAll(/<xs:enumeration value="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(values.length > 300);
  assert.deepEqual([...FIELD_URIS].sort(), [...new Set(values)].sort());
});

test('isFieldUri: schema values only, case-sensitive', () => {
  assert.equal(isFieldUri('calendar:Start'), true);
  assert.equal(isFieldUri('item:Subject'), true);
  assert.equal(isFieldUri('calendar:UID'), true);
  assert.equal(isFieldUri('calendar:start'), false);
  assert.equal(isFieldUri('calendar:Foo'), false);
  assert.equal(isFieldUri(''), false);
});
