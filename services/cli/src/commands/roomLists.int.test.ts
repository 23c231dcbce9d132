// `rooms room-lists` and `rooms import --room-list` through the real CLI process, against the
// simulator's room lists on both faces (EWS GetRoomLists/GetRooms on the default connection, the
// Graph places API over HTTPS on a Graph connection) and the real PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTestDatabase } from '@rooms-sync/db/testing';
import type { TestDatabase } from '@rooms-sync/db/testing';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import type { RunningSimulator } from '@rooms-sync/exchange-sim/testing';
import { createTestTls, LOCAL_DATABASE_URL, runCli } from '@rooms-sync/testing';
import type { ProcessRun } from '@rooms-sync/testing';

const TENANT = 'contoso-tenant';
const APP = 'rooms-sync-app';
const CALENDARS_ONLY_APP = 'calendars-only-app';
const SECRET = 'graph-secret';
const ONPREM_LIST = 'building-a@contoso.example';
const CLOUD_LIST = 'cloud-rooms@contoso.example';

const tls = createTestTls();
const dir = mkdtempSync(join(tmpdir(), 'rooms-cli-room-lists-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
let sim: RunningSimulator;
let testDb: TestDatabase;
let env: Record<string, string>;

before(async () => {
  sim = await startSimulator({
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
    mailboxes: [
      { address: 'room-101@contoso.example', displayName: 'Room 101' },
      { address: 'room-102@contoso.example' },
      { address: 'cloud-1@contoso.example', kind: 'online' },
      { address: 'cloud-2@contoso.example', kind: 'online' },
    ],
    graph: {
      apps: [
        { tenantId: TENANT, clientId: APP, clientSecret: SECRET },
        { tenantId: TENANT, clientId: CALENDARS_ONLY_APP, clientSecret: SECRET, roles: ['Calendars.Read'] },
      ],
    },
  });
  const lists = [
    // A list can name a room that no longer has a mailbox: the import's check refuses it.
    {
      address: ONPREM_LIST,
      name: 'Building A',
      rooms: ['room-101@contoso.example', 'room-102@contoso.example', 'gone@contoso.example'],
    },
    { address: CLOUD_LIST, name: 'Cloud rooms', rooms: ['cloud-1@contoso.example', 'cloud-2@contoso.example'] },
    { address: 'empty@contoso.example', name: 'Empty', rooms: [] },
  ];
  for (const list of lists) assert.equal((await sim.admin('POST', '/admin/room-lists', list)).status, 201);
  testDb = await createTestDatabase(process.env.DatabaseUrl ?? LOCAL_DATABASE_URL);
  const graphConnection = (name: string, clientId: string) => ({
    [`Connection.${name}.Kind`]: 'graph',
    [`Connection.${name}.TenantId`]: TENANT,
    [`Connection.${name}.ClientId`]: clientId,
    [`Connection.${name}.ClientSecretFile`]: file(`${name}-secret`, SECRET),
    [`Connection.${name}.AuthorityHost`]: sim.graphUrl,
    [`Connection.${name}.GraphUrl`]: sim.graphUrl,
  });
  const settings = {
    EwsUrl: sim.ewsUrl,
    EwsUsername: 'svc-rooms',
    ExchangeConnections: 'cloud, calendars',
    ...graphConnection('cloud', APP),
    ...graphConnection('calendars', CALENDARS_ONLY_APP),
  };
  const xml = Object.entries(settings)
    .map(([key, value]) => `    <add key="${key}" value="${value}" />`)
    .join('\n');
  env = {
    ROOMS_APPSETTINGS_PATH: file(
      'RoomsAppSettings.config',
      `<configuration>\n  <appSettings>\n${xml}\n  </appSettings>\n</configuration>\n`,
    ),
    NODE_EXTRA_CA_CERTS: file('ca.pem', tls.caPem),
    DatabaseUrl: testDb.url,
    EwsPassword: 'secret',
  };
});

after(async () => {
  await sim.close();
  await testDb.drop();
  tls.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const cli = (...argv: string[]): Promise<ProcessRun> => runCli(['rooms', ...argv], env);

async function roomsInDb(): Promise<{ address: string; connection: string }[]> {
  const run = await cli('list', '--json');
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout) as { address: string; connection: string }[]).map(({ address, connection }) => ({
    address,
    connection,
  }));
}

test('rooms room-lists: the lists each connection sees, EWS and Graph alike', async () => {
  const expected = [
    { address: ONPREM_LIST, name: 'Building A' },
    { address: CLOUD_LIST, name: 'Cloud rooms' },
    { address: 'empty@contoso.example', name: 'Empty' },
  ];
  for (const connection of ['default', 'cloud']) {
    const run = await cli('room-lists', '--connection', connection, '--json');
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), expected, connection);
  }
  const table = await cli('room-lists');
  assert.match(table.stdout, /^ADDRESS\s+NAME\nbuilding-a@contoso\.example\s+Building A\n/);
});

test('rooms import --room-list through EWS: the unreachable room refuses all, or is skipped', async () => {
  const refused = await cli('import', '--room-list', ONPREM_LIST);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^refused: gone@contoso\.example through connection default: no such mailbox$/m);
  assert.match(refused.stderr, /nothing added: 1 of 3 new mailboxes refused/);
  assert.deepEqual(await roomsInDb(), []);

  const skipped = await cli('import', '--room-list', ONPREM_LIST, '--skip-unreachable', '--concurrency', '2');
  assert.equal(skipped.code, 1, skipped.stderr);
  assert.equal(skipped.stdout, 'added 2, unchanged 0, skipped 1\n');
  assert.deepEqual(await roomsInDb(), [
    { address: 'room-101@contoso.example', connection: 'default' },
    { address: 'room-102@contoso.example', connection: 'default' },
  ]);
});

test('rooms import --room-list through Graph adds the rooms on that connection', async () => {
  const run = await cli('import', '--room-list', CLOUD_LIST, '--connection', 'cloud');
  assert.equal(run.code, 0, run.stderr);
  assert.equal(run.stdout, 'added 2, unchanged 0, skipped 0\n');
  const added = (await roomsInDb()).filter((r) => r.connection === 'cloud');
  assert.deepEqual(added, [
    { address: 'cloud-1@contoso.example', connection: 'cloud' },
    { address: 'cloud-2@contoso.example', connection: 'cloud' },
  ]);
});

test('clear failures: an unknown or empty list, Place.Read.All missing, an unknown connection', async () => {
  const unknownEws = await cli('import', '--room-list', 'nolist@contoso.example');
  assert.equal(unknownEws.code, 1);
  assert.equal(
    unknownEws.stderr,
    'FAILED: room list nolist@contoso.example through connection default: no such room list: nolist@contoso.example\n',
  );
  const unknownGraph = await cli('import', '--room-list', 'nolist@contoso.example', '--connection', 'cloud');
  assert.equal(unknownGraph.code, 1);
  assert.match(unknownGraph.stderr, /through connection cloud: no such room list: nolist@contoso\.example/);

  const empty = await cli('import', '--room-list', 'empty@contoso.example');
  assert.equal(empty.code, 1);
  assert.match(empty.stderr, /has no rooms: nothing added/);

  const denied = await cli('room-lists', '--connection', 'calendars');
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /^FAILED: room lists through connection calendars: access denied to the room lists\n/);
  assert.match(denied.stderr, /Place\.Read\.All/);
  assert.match(denied.stderr, new RegExp(CALENDARS_ONLY_APP));

  const unknownConnection = await cli('import', '--room-list', ONPREM_LIST, '--connection', 'nope');
  assert.equal(unknownConnection.code, 64);
  assert.match(unknownConnection.stderr, /^no such connection: nope \(configured: default, cloud, calendars\)/);
});
