// Graph's places API through the real Graph client: the room lists of the mailbox store, paged
// with $top and @odata.nextLink; an unknown room list is 404; an app without Place.Read.All 403.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import { acquireToken, createGraphClient, createMsalClient } from '../testing/graphClients.ts';
import { startSimulator } from '../testing/startSimulator.ts';

const TENANT = 'contoso-tenant';
const tls = createTestTls();
trustInThisProcess(tls.caPem);
after(() => {
  tls.cleanup();
});

async function start(t: { after(fn: () => unknown): void }) {
  const sim = await startSimulator({
    tls,
    mailboxes: [{ address: 'room-1@contoso.example', displayName: 'Room 1', kind: 'online' }],
    graph: {
      apps: [
        { tenantId: TENANT, clientId: 'discovering-app', clientSecret: 'pw' },
        { tenantId: TENANT, clientId: 'calendars-only', clientSecret: 'pw', roles: ['Calendars.Read'] },
      ],
    },
  });
  t.after(() => sim.close());
  const clientFor = (clientId: string) => {
    const msal = createMsalClient({
      graphUrl: sim.graphUrl,
      tenantId: TENANT,
      clientId,
      credential: { clientSecret: 'pw' },
    });
    return createGraphClient(sim.graphUrl, () => acquireToken(msal));
  };
  return { sim, graph: clientFor('discovering-app'), clientFor };
}

type Page = {
  '@odata.nextLink'?: string;
  value: { '@odata.type': string; id: string; displayName: string; emailAddress: string }[];
};

test('room lists page through nextLink; the rooms of a list carry their mailbox address and name', async (t) => {
  const { sim, graph } = await start(t);
  for (const n of [1, 2, 3]) {
    const res = await sim.admin('POST', '/admin/room-lists', {
      address: `bldg-${String(n)}@contoso.example`,
      name: `Building ${String(n)}`,
      rooms: n === 1 ? ['room-1@contoso.example', 'elsewhere@contoso.example'] : [],
    });
    assert.equal(res.status, 201);
  }
  const first = (await graph.api('/places/microsoft.graph.roomList').top(2).get()) as Page;
  assert.deepEqual(
    first.value.map((p) => [p['@odata.type'], p.displayName, p.emailAddress]),
    [
      ['#microsoft.graph.roomList', 'Building 1', 'bldg-1@contoso.example'],
      ['#microsoft.graph.roomList', 'Building 2', 'bldg-2@contoso.example'],
    ],
  );
  assert.ok(first['@odata.nextLink']);
  const second = (await graph.api(first['@odata.nextLink']).get()) as Page;
  assert.deepEqual(
    second.value.map((p) => p.emailAddress),
    ['bldg-3@contoso.example'],
  );
  assert.equal(second['@odata.nextLink'], undefined);
  const rooms = (await graph.api('/places/bldg-1@contoso.example/microsoft.graph.roomlist/rooms').get()) as Page;
  assert.deepEqual(
    rooms.value.map((p) => [p['@odata.type'], p.displayName, p.emailAddress]),
    [
      ['#microsoft.graph.room', 'Room 1', 'room-1@contoso.example'],
      ['#microsoft.graph.room', 'elsewhere@contoso.example', 'elsewhere@contoso.example'],
    ],
  );
  assert.match(rooms.value[0]?.id ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
});

test('an unknown room list is 404; an app without Place.Read.All gets 403 ErrorAccessDenied', async (t) => {
  const { graph, clientFor } = await start(t);
  await assert.rejects(graph.api('/places/nolist@contoso.example/microsoft.graph.roomlist/rooms').get(), (e) => {
    assert.equal((e as ClientGraphError).statusCode, 404);
    return true;
  });
  await assert.rejects(clientFor('calendars-only').api('/places/microsoft.graph.roomlist').get(), (e) => {
    const err = e as ClientGraphError;
    assert.deepEqual([err.statusCode, err.code], [403, 'ErrorAccessDenied']);
    return true;
  });
});
