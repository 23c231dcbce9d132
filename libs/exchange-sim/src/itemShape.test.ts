import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ItemShape } from './itemShape.ts';
import { readItemShape, selectProperties } from './itemShape.ts';
import { M_NS, T_NS } from './xml.ts';
import { parseXml } from './xmlTree.ts';

// Another client's spelling: a default namespace for messages, `ty:` for types.
const request = (shape: string) => parseXml(`<GetItem xmlns="${M_NS}" xmlns:ty="${T_NS}">${shape}<ItemIds/></GetItem>`);
const shapeOf = (inner: string) => readItemShape(request(`<ItemShape>${inner}</ItemShape>`), M_NS);

test('reads BaseShape and the FieldURIs of AdditionalProperties', () => {
  const r = shapeOf(
    '<ty:BaseShape>IdOnly</ty:BaseShape><ty:AdditionalProperties>' +
      '<ty:FieldURI FieldURI="calendar:Start"/><ty:FieldURI FieldURI="item:Subject"/>' +
      '<ty:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/>' +
      '<ty:ExtendedFieldURI PropertyTag="0x0037" PropertyType="String"/>' +
      '</ty:AdditionalProperties>',
  );
  assert.deepEqual(r, { ok: true, value: { base: 'IdOnly', fieldUris: ['calendar:Start', 'item:Subject'] } });
  assert.deepEqual(shapeOf('<ty:BaseShape> AllProperties </ty:BaseShape>'), {
    ok: true,
    value: { base: 'AllProperties', fieldUris: [] },
  });
});

test('what the schema forbids is ErrorSchemaValidation', () => {
  const code = (r: ReturnType<typeof shapeOf>) => (r.ok ? 'ok' : r.error.code);
  assert.equal(code(shapeOf('<ty:BaseShape>Everything</ty:BaseShape>')), 'ErrorSchemaValidation');
  assert.equal(code(shapeOf('')), 'ErrorSchemaValidation');
  assert.equal(
    code(
      shapeOf(
        '<ty:BaseShape>IdOnly</ty:BaseShape><ty:AdditionalProperties><ty:FieldURI FieldURI="calendar:Begin"/></ty:AdditionalProperties>',
      ),
    ),
    'ErrorSchemaValidation',
  );
  assert.equal(
    code(shapeOf('<ty:BaseShape>IdOnly</ty:BaseShape><ty:AdditionalProperties><ty:Field/></ty:AdditionalProperties>')),
    'ErrorSchemaValidation',
  );
  const missing = readItemShape(request(''), M_NS);
  assert.equal(missing.ok ? 'ok' : missing.error.details?.Violation?.includes('ItemShape'), true);
});

const pick = (
  shape: ItemShape,
  op: 'FindItem' | 'GetItem' | 'SyncFolderItems',
  version = 'Exchange2013_SP1' as const,
) => {
  const r = selectProperties(shape, op, version);
  assert.ok(r.ok);
  return r.include;
};

test('IdOnly: nothing but what was added', () => {
  const include = pick({ base: 'IdOnly', fieldUris: ['calendar:Start', 'calendar:Organizer'] }, 'FindItem');
  assert.equal(include('calendar:Start'), true);
  assert.equal(include('calendar:Organizer'), true);
  assert.equal(include('item:Subject'), false);
  assert.equal(include('calendar:End'), false);
});

test('Default: the calendar defaults (subject, start, end, location, organizer, type, free/busy…)', () => {
  const include = pick({ base: 'Default', fieldUris: ['item:Sensitivity'] }, 'GetItem');
  for (const uri of ['item:Subject', 'calendar:Start', 'calendar:End', 'calendar:Location', 'calendar:Organizer'])
    assert.equal(include(uri), true, uri);
  assert.equal(include('calendar:CalendarItemType'), true);
  assert.equal(include('item:Sensitivity'), true, 'added');
  assert.equal(include('item:Body'), false);
  assert.equal(include('calendar:RequiredAttendees'), false);
  assert.equal(include('calendar:UID'), false);
});

test('AllProperties: everything in GetItem and SyncFolderItems, only findable properties in FindItem', () => {
  const all = { base: 'AllProperties', fieldUris: [] } as const;
  for (const op of ['GetItem', 'SyncFolderItems'] as const) {
    const include = pick(all, op);
    assert.equal(include('item:Body'), true);
    assert.equal(include('calendar:RequiredAttendees'), true);
    assert.equal(include('calendar:Recurrence'), true);
  }
  const find = pick(all, 'FindItem');
  assert.equal(find('calendar:Start'), true);
  assert.equal(find('calendar:UID'), true);
  assert.equal(find('item:Body'), false);
  assert.equal(find('calendar:RequiredAttendees'), false);
  assert.equal(find('calendar:ModifiedOccurrences'), false);
});

test('FindItem refuses a property it cannot return with ErrorInvalidPropertyRequest', () => {
  const r = selectProperties(
    { base: 'IdOnly', fieldUris: ['calendar:Start', 'calendar:RequiredAttendees'] },
    'FindItem',
    'Exchange2013',
  );
  assert.equal(r.ok ? 'ok' : r.error.code, 'ErrorInvalidPropertyRequest');
  assert.equal(r.ok ? '' : r.error.details?.FieldURI, 'calendar:RequiredAttendees');
  assert.ok(
    selectProperties({ base: 'IdOnly', fieldUris: ['calendar:RequiredAttendees'] }, 'GetItem', 'Exchange2013').ok,
  );
});

test('StartTimeZone/EndTimeZone only for Exchange2010 and later', () => {
  const shape = { base: 'AllProperties', fieldUris: ['calendar:StartTimeZone'] } as const;
  assert.equal(pick(shape, 'GetItem', 'Exchange2013_SP1')('calendar:EndTimeZone'), true);
  const old = selectProperties(shape, 'GetItem', 'Exchange2007_SP1');
  assert.ok(old.ok);
  assert.equal(old.include('calendar:StartTimeZone'), false);
  assert.equal(old.include('calendar:EndTimeZone'), false);
  assert.equal(old.include('calendar:Start'), true);
});
