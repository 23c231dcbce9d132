// The EWS face as a second, independent client sees it: raw SOAP written here by hand, with
// other prefixes than ours (SoapUI's soapenv:/mes:/typ:, or default namespaces), asking IdOnly
// plus AdditionalProperties, Default, AllProperties, time zones and precision; the answers are
// read element by element and validated against the EWS schema copies (docs/protocols.md §12).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateAgainstEwsSchema, xmllintAvailable } from '@rooms-sync/ews/testing';
import type { RunningSimulator } from './testing/startSimulator.ts';
import { startSimulator } from './testing/startSimulator.ts';
import { createEwsClient } from './testing/ewsClient.ts';
import { E_NS, M_NS, SOAP_NS, T_NS } from './xml.ts';
import type { XmlElement } from './xmlTree.ts';
import { childEl, childEls, findEl, parseXml } from './xmlTree.ts';

const ROOM = 'room-shape@contoso.example';
const SOAPUI_NS = `xmlns:soapenv="${SOAP_NS}" xmlns:mes="${M_NS}" xmlns:typ="${T_NS}"`;
let sim: RunningSimulator;
let board: string;
let series: string;
const responses: string[] = [];

before(async () => {
  sim = await startSimulator({ timeScale: 0.01 });
  assert.equal((await sim.admin('POST', '/admin/mailboxes', { address: ROOM })).status, 201);
  const book = async (body: Record<string, unknown>) => {
    const res = await sim.admin('POST', `/admin/mailboxes/${ROOM}/items`, body);
    assert.equal(res.status, 201);
    return (res.body as { id: string }).id;
  };
  board = await book({
    subject: 'Board',
    start: '2026-11-27T13:00:00Z',
    end: '2026-11-27T14:30:00Z',
    organizer: { address: 'ann@contoso.example', name: 'Ann' },
    attendees: ['bob@contoso.example'],
    sensitivity: 'Private',
    timeZone: 'W. Europe Standard Time',
  });
  series = await book({
    subject: 'Stand-up',
    start: '2026-11-30T08:00:00Z',
    end: '2026-11-30T08:15:00Z',
    organizer: 'carol@contoso.example',
    recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 3 },
  });
});
after(async () => {
  await sim.close();
});

/** A SoapUI-style envelope: soapenv:/mes:/typ:, impersonation, and whatever other headers the test adds. */
function soapUi(body: string, headers = '<typ:RequestServerVersion Version="Exchange2013_SP1"/>'): string {
  return (
    `<soapenv:Envelope ${SOAPUI_NS}><soapenv:Header>${headers}<typ:ExchangeImpersonation><typ:ConnectingSID>` +
    `<typ:PrimarySmtpAddress>${ROOM}</typ:PrimarySmtpAddress></typ:ConnectingSID></typ:ExchangeImpersonation>` +
    `</soapenv:Header><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
  );
}

async function post(envelope: string): Promise<{ status: number; root: XmlElement; text: string }> {
  const res = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: envelope,
  });
  const text = await res.text();
  return { status: res.status, root: parseXml(text), text };
}

/** The response's t:CalendarItem elements, as [element, [child name, text]…]. */
async function items(envelope: string): Promise<{ el: XmlElement; fields: [string, string][] }[]> {
  const { status, root, text } = await post(envelope);
  assert.equal(status, 200, text);
  assert.equal(findEl(root, M_NS, 'ResponseCode')?.text, 'NoError', text);
  responses.push(text);
  const found: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    for (const c of el.children) {
      if (c.ns === T_NS && c.local === 'CalendarItem') found.push(c);
      else walk(c);
    }
  };
  walk(root);
  return found.map((el) => ({ el, fields: el.children.map((c) => [c.local, c.text] as [string, string]) }));
}

const names = (fields: [string, string][]) => fields.map(([n]) => n);
const SLIM =
  '<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties>' +
  '<typ:FieldURI FieldURI="calendar:Organizer"/><typ:FieldURI FieldURI="calendar:End"/>' +
  '<typ:FieldURI FieldURI="item:Sensitivity"/><typ:FieldURI FieldURI="calendar:IsCancelled"/>' +
  '<typ:FieldURI FieldURI="calendar:CalendarItemType"/><typ:FieldURI FieldURI="item:Subject"/>' +
  '<typ:FieldURI FieldURI="calendar:Start"/></typ:AdditionalProperties>';
const findView = (shape: string, start = '2026-11-27T00:00:00Z', end = '2026-12-03T00:00:00Z') =>
  `<mes:FindItem Traversal="Shallow"><mes:ItemShape>${shape}</mes:ItemShape>` +
  `<mes:CalendarView StartDate="${start}" EndDate="${end}"/>` +
  '<mes:ParentFolderIds><typ:DistinguishedFolderId Id="calendar"/></mes:ParentFolderIds></mes:FindItem>';

test('FindItem, IdOnly plus AdditionalProperties: exactly those properties, in schema order', async () => {
  const found = await items(soapUi(findView(SLIM)));
  assert.equal(found.length, 4);
  const first = found[0];
  assert.ok(first);
  assert.deepEqual(first.fields.slice(1), [
    ['Subject', 'Board'],
    ['Sensitivity', 'Private'],
    ['Start', '2026-11-27T13:00:00Z'],
    ['End', '2026-11-27T14:30:00Z'],
    ['IsCancelled', 'false'],
    ['CalendarItemType', 'Single'],
    ['Organizer', ''],
  ]);
  assert.equal(childEl(first.el, T_NS, 'ItemId')?.attrs.Id, board);
  assert.ok(childEl(first.el, T_NS, 'ItemId')?.attrs.ChangeKey);
  assert.equal(findEl(childEl(first.el, T_NS, 'Organizer'), T_NS, 'EmailAddress')?.text, 'ann@contoso.example');
  assert.deepEqual(
    found.slice(1).map((i) => [i.fields[1]?.[1], i.fields.find(([n]) => n === 'CalendarItemType')?.[1]]),
    [
      ['Stand-up', 'Occurrence'],
      ['Stand-up', 'Occurrence'],
      ['Stand-up', 'Occurrence'],
    ],
  );
});

test('IdOnly alone: ids and change keys only; Default: the calendar defaults', async () => {
  const ids = await items(soapUi(findView('<typ:BaseShape>IdOnly</typ:BaseShape>')));
  assert.ok(ids.every((i) => names(i.fields).join() === 'ItemId'));
  assert.ok(ids.every((i) => (childEl(i.el, T_NS, 'ItemId')?.attrs.ChangeKey ?? '') !== ''));
  const [first] = await items(soapUi(findView('<typ:BaseShape>Default</typ:BaseShape>')));
  assert.deepEqual(names(first?.fields ?? []), [
    'ItemId',
    'Subject',
    'HasAttachments',
    'IsAssociated',
    'Start',
    'End',
    'LegacyFreeBusyStatus',
    'Location',
    'CalendarItemType',
    'Organizer',
  ]);
});

test('GetItem with default namespaces: IdOnly plus AdditionalProperties, masters and attendees', async () => {
  const envelope =
    `<Envelope xmlns="${SOAP_NS}"><Header><RequestServerVersion xmlns="${T_NS}" Version="Exchange2016"/>` +
    `</Header><Body><GetItem xmlns="${M_NS}"><ItemShape><BaseShape xmlns="${T_NS}">IdOnly</BaseShape>` +
    `<AdditionalProperties xmlns="${T_NS}"><FieldURI FieldURI="calendar:RequiredAttendees"/>` +
    '<FieldURI FieldURI="calendar:Recurrence"/><FieldURI FieldURI="item:Subject"/><FieldURI FieldURI="calendar:UID"/>' +
    '<FieldURI FieldURI="item:Categories"/></AdditionalProperties></ItemShape>' +
    `<ItemIds><ItemId xmlns="${T_NS}" Id="${board}"/><ItemId xmlns="${T_NS}" Id="${series}"/></ItemIds></GetItem></Body></Envelope>`;
  const res = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8', 'X-AnchorMailbox': ROOM },
    body: envelope,
  });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  responses.push(text);
  const got = childEls(findEl(parseXml(text), M_NS, 'ResponseMessages'), M_NS, 'GetItemResponseMessage').map(
    (m) => findEl(m, T_NS, 'CalendarItem')?.children.map((c) => c.local) ?? [],
  );
  // item:Categories is a valid FieldURI the store has nothing for: left out, as Exchange does.
  assert.deepEqual(got, [
    ['ItemId', 'Subject', 'UID', 'RequiredAttendees'],
    ['ItemId', 'Subject', 'UID', 'Recurrence'],
  ]);
});

test('an invalid FieldURI fails schema validation: HTTP 500 SOAP fault ErrorSchemaValidation', async () => {
  const shape =
    '<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties>' +
    '<typ:FieldURI FieldURI="calendar:AppointmentType"/></typ:AdditionalProperties>';
  const { status, root } = await post(soapUi(findView(shape)));
  assert.equal(status, 500);
  assert.equal(findEl(root, E_NS, 'ResponseCode')?.text, 'ErrorSchemaValidation');
  assert.match(findEl(root, T_NS, 'MessageXml')?.children[0]?.text ?? '', /calendar:AppointmentType/);
});

test('FindItem cannot return attendees: ErrorInvalidPropertyRequest in the response message', async () => {
  const shape =
    '<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties>' +
    '<typ:FieldURI FieldURI="calendar:RequiredAttendees"/></typ:AdditionalProperties>';
  const { status, root, text } = await post(soapUi(findView(shape)));
  assert.equal(status, 200);
  responses.push(text);
  const message = findEl(root, M_NS, 'FindItemResponseMessage');
  assert.equal(message?.attrs.ResponseClass, 'Error');
  assert.equal(childEl(message, M_NS, 'ResponseCode')?.text, 'ErrorInvalidPropertyRequest');
});

test('TimeZoneContext: CalendarView dates without an offset are local to it; answers stay UTC with Z', async () => {
  const start = '<typ:FieldURI FieldURI="calendar:Start"/>';
  const shape = `<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties>${start}</typ:AdditionalProperties>`;
  // 2026-11-27 05:00–06:00 Pacific = 13:00–14:00 UTC: the board meeting overlaps; in UTC it would not.
  const view = findView(shape, '2026-11-27T05:00:00', '2026-11-27T06:00:00');
  const pacific =
    '<typ:RequestServerVersion Version="Exchange2013_SP1"/>' +
    '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="Pacific Standard Time"/></typ:TimeZoneContext>';
  const local = await items(soapUi(view, pacific));
  assert.deepEqual(
    local.map((i) => i.fields),
    [
      [
        ['ItemId', ''],
        ['Start', '2026-11-27T13:00:00Z'],
      ],
    ],
  );
  assert.deepEqual(await items(soapUi(view)), [], 'no TimeZoneContext: the same wall-clock window in UTC');
  const unknown = await post(
    soapUi(view, '<typ:TimeZoneContext><typ:TimeZoneDefinition Id="Atlantis Standard Time"/></typ:TimeZoneContext>'),
  );
  assert.equal(unknown.status, 500);
  assert.equal(findEl(unknown.root, E_NS, 'ResponseCode')?.text, 'ErrorTimeZone');
});

test('DateTimePrecision Milliseconds and an Exchange2007_SP1 client', async () => {
  const shape =
    '<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties><typ:FieldURI FieldURI="calendar:Start"/>' +
    '</typ:AdditionalProperties>';
  const precise = await items(
    soapUi(
      findView(shape),
      '<typ:RequestServerVersion Version="Exchange2013"/><typ:DateTimePrecision>Milliseconds</typ:DateTimePrecision>',
    ),
  );
  assert.equal(precise[0]?.fields[1]?.[1], '2026-11-27T13:00:00.000Z');
  const getAll = `<mes:GetItem><mes:ItemShape><typ:BaseShape>AllProperties</typ:BaseShape></mes:ItemShape><mes:ItemIds><typ:ItemId Id="${board}"/></mes:ItemIds></mes:GetItem>`;
  const [modern] = await items(soapUi(getAll));
  const [old] = await items(soapUi(getAll, '<typ:RequestServerVersion Version="Exchange2007_SP1"/>'));
  assert.ok(names(modern?.fields ?? []).includes('StartTimeZone'));
  assert.ok(!names(old?.fields ?? []).includes('StartTimeZone'), 'StartTimeZone is not in the 2007 schema');
  assert.ok(names(old?.fields ?? []).includes('Start'));
});

test('SyncFolderItems honours the shape too', async () => {
  const shape =
    '<typ:BaseShape>IdOnly</typ:BaseShape><typ:AdditionalProperties><typ:FieldURI FieldURI="item:Subject"/>' +
    '</typ:AdditionalProperties>';
  const found = await items(
    soapUi(
      `<mes:SyncFolderItems><mes:ItemShape>${shape}</mes:ItemShape><mes:SyncFolderId><typ:DistinguishedFolderId Id="calendar"/>` +
        '</mes:SyncFolderId><mes:MaxChangesReturned>10</mes:MaxChangesReturned></mes:SyncFolderItems>',
    ),
  );
  assert.deepEqual(
    found.map((i) => i.fields.map(([n, t]) => (n === 'ItemId' ? n : `${n}=${t}`))),
    [
      ['ItemId', 'Subject=Board'],
      ['ItemId', 'Subject=Stand-up'],
    ],
  );
});

test('every answer above validates against messages.xsd/types.xsd', () => {
  assert.ok(xmllintAvailable(), 'xmllint missing: apt-get install -y libxml2-utils');
  assert.ok(responses.length >= 8);
  validateAgainstEwsSchema(responses).forEach(({ valid, errors }, i) => {
    assert.deepEqual(errors, [], `response ${i} is invalid:\n${responses[i] ?? ''}`);
    assert.ok(valid);
  });
});

test("ews-javascript-api's PropertySet(IdOnly, Start, End, Subject, …) gets those properties and no others", async () => {
  const client = createEwsClient({ ewsUrl: sim.ewsUrl, mailbox: ROOM, credentials: { user: 'any', password: 'any' } });
  const found = await client.findSlim('2026-11-27T00:00:00Z', '2026-11-28T00:00:00Z');
  const expected = {
    id: board,
    subject: 'Board',
    start: '2026-11-27T13:00:00.000Z',
    end: '2026-11-27T14:30:00.000Z',
    organizer: 'ann@contoso.example',
    isCancelled: false,
    type: 'Single',
    sensitivity: 'Private',
    location: undefined,
  };
  assert.deepEqual(
    found.map(({ changeKey, ...rest }) => {
      assert.ok(changeKey);
      return rest;
    }),
    [expected],
  );
  const [got] = await client.getSlim([board]);
  assert.deepEqual({ ...got, changeKey: undefined }, { ...expected, changeKey: undefined });
});
