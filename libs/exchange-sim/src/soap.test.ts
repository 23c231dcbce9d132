// Every response body the simulator answers, and the pushes it sends, validate against the
// EWS schema (xmllint). Requests are shaped like those ews-javascript-api 0.15.3 sends.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { validateAgainstEwsSchema, xmllintAvailable } from '@rooms-sync/ews/testing';
import { DEMO_ROOMS } from './createSimulator.ts';
import { startPushReceiver } from './testing/pushReceiver.ts';
import type { PushReceiver } from './testing/pushReceiver.ts';
import { startSimulator } from './testing/startSimulator.ts';
import type { RunningSimulator } from './testing/startSimulator.ts';

const ROOM = DEMO_ROOMS[0].address;
const NS =
  'xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types"';
const envelope = (body: string) =>
  `<soap:Envelope ${NS}><soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"></t:RequestServerVersion><t:ExchangeImpersonation><t:ConnectingSID><t:SmtpAddress>${ROOM}</t:SmtpAddress></t:ConnectingSID></t:ExchangeImpersonation></soap:Header><soap:Body>${body}</soap:Body></soap:Envelope>`;
const CAL = '<t:DistinguishedFolderId Id="calendar"></t:DistinguishedFolderId>';

let sim: RunningSimulator;
let receiver: PushReceiver;
before(async () => {
  sim = await startSimulator({ mailboxes: DEMO_ROOMS, timeScale: 0.01, coalesceMs: 10 });
  receiver = await startPushReceiver();
});
after(async () => {
  await receiver.close();
  await sim.close();
});

async function call(body: string): Promise<string> {
  const res = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: envelope(body),
  });
  assert.equal(res.status, 200);
  return res.text();
}

test('responses and pushes validate against messages.xsd/types.xsd', async () => {
  assert.ok(xmllintAvailable(), 'xmllint missing: apt-get install -y libxml2-utils');
  const docs: string[] = [];
  const subscribe = (wm: string) =>
    call(
      `<m:Subscribe><m:PushSubscriptionRequest><t:FolderIds>${CAL}</t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType><t:EventType>ModifiedEvent</t:EventType><t:EventType>DeletedEvent</t:EventType><t:EventType>MovedEvent</t:EventType></t:EventTypes>${wm}<t:StatusFrequency>1</t:StatusFrequency><t:URL>${receiver.url}</t:URL></m:PushSubscriptionRequest></m:Subscribe>`,
    );
  const sub = await subscribe('');
  docs.push(sub, await subscribe('<t:Watermark>bm90LWEtd2F0ZXJtYXJr</t:Watermark>'));
  const subId = /<m:SubscriptionId>([^<]+)</.exec(sub)?.[1] ?? '';
  const single = await sim.admin('POST', `/admin/mailboxes/${ROOM}/items`, {
    subject: 'Review & <plan>',
    start: '2026-11-25T09:00:00Z',
    end: '2026-11-25T10:00:00Z',
    attendees: [{ address: 'ann@contoso.example', name: 'Ann' }],
    body: 'Agenda',
    sensitivity: 'Private',
  });
  const series = await sim.admin('POST', `/admin/mailboxes/${ROOM}/items`, {
    subject: 'Weekly',
    start: '2026-11-24T10:00:00Z',
    end: '2026-11-24T11:00:00Z',
    timeZone: 'W. Europe Standard Time',
    recurrence: { pattern: 'weekly', interval: 1, daysOfWeek: ['Tuesday', 'Thursday'], numberOfOccurrences: 6 },
  });
  const singleId = (single.body as { id: string }).id;
  const seriesId = (series.body as { id: string }).id;
  await sim.admin(
    'PATCH',
    `/admin/mailboxes/${ROOM}/items/${encodeURIComponent(seriesId)}/occurrences/2026-11-26T10:00:00Z`,
    { start: '2026-11-26T12:00:00Z', end: '2026-11-26T13:00:00Z' },
  );
  await sim.admin(
    'DELETE',
    `/admin/mailboxes/${ROOM}/items/${encodeURIComponent(seriesId)}/occurrences/2026-12-01T10:00:00Z`,
  );
  await sim.admin('POST', `/admin/mailboxes/${ROOM}/items/${encodeURIComponent(singleId)}/cancel`, {});
  const shape = '<m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>';
  docs.push(
    await call(
      `<m:GetItem>${shape}<m:ItemIds><t:ItemId Id="${seriesId}"></t:ItemId><t:ItemId Id="AAAyRG5vLXN1Y2gtaXRlbS1hdC1hbGw="></t:ItemId><t:ItemId Id="%%"></t:ItemId></m:ItemIds></m:GetItem>`,
    ),
  );
  docs.push(
    await call(
      `<m:SyncFolderItems>${shape}<m:SyncFolderId>${CAL}</m:SyncFolderId><m:MaxChangesReturned>100</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`,
    ),
  );
  docs.push(
    await call(
      `<m:SyncFolderItems>${shape}<m:SyncFolderId>${CAL}</m:SyncFolderId><m:SyncState>garbage</m:SyncState><m:MaxChangesReturned>100</m:MaxChangesReturned><m:SyncScope>NormalItems</m:SyncScope></m:SyncFolderItems>`,
    ),
  );
  docs.push(
    await call(
      `<m:FindItem Traversal="Shallow">${shape}<m:CalendarView MaxEntriesReturned="50" StartDate="2026-11-01T00:00:00.000Z" EndDate="2026-12-31T00:00:00.000Z"></m:CalendarView><m:ParentFolderIds>${CAL}</m:ParentFolderIds></m:FindItem>`,
    ),
  );
  docs.push(
    await call(
      `<m:FindItem Traversal="Shallow">${shape}<m:CalendarView StartDate="2026-11-01T00:00:00Z" EndDate="2026-12-31T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>`,
    ),
  );
  docs.push(await call(`<m:Unsubscribe><m:SubscriptionId>${subId}</m:SubscriptionId></m:Unsubscribe>`));
  await sim.admin('POST', '/admin/room-lists', {
    address: 'building-a@contoso.example',
    name: 'Building A',
    rooms: [ROOM, 'gone@contoso.example'],
  });
  const roomList = (address: string) => `<m:RoomList><t:EmailAddress>${address}</t:EmailAddress></m:RoomList>`;
  docs.push(
    await call('<m:GetRoomLists></m:GetRoomLists>'),
    await call(`<m:GetRooms>${roomList('building-a@contoso.example')}</m:GetRooms>`),
    await call(`<m:GetRooms>${roomList('nolist@contoso.example')}</m:GetRooms>`),
  );
  await receiver.waitFor((p) => p.some((x) => x.body.includes('MovedEvent')));
  docs.push(...receiver.pushes.map((p) => p.body));
  const results = validateAgainstEwsSchema(docs);
  results.forEach(({ valid, errors }, i) => {
    assert.deepEqual(errors, [], `document ${i} is invalid:\n${docs[i]}`);
    assert.ok(valid, `document ${i} is invalid:\n${docs[i]}`);
  });
});
