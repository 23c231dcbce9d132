import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createTestDatabase } from '@rooms-sync/db/testing';
import { DEMO_ROOMS } from '@rooms-sync/exchange-sim';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import { captureIo } from '../testing/captureIo.ts';
import { rooms } from './rooms.ts';

const SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';
// `rooms add` checks that the mailbox answers through its connection: the simulator is Exchange.
const sim = await startSimulator({
  mailboxes: DEMO_ROOMS,
  auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
});
after(() => sim.close());
const EWS = { EwsUrl: sim.ewsUrl, EwsUsername: 'svc-rooms', EwsPassword: 'secret' };

async function run(url: string, ...argv: string[]) {
  const captured = captureIo({ ROOMS_APPSETTINGS_PATH: '', DatabaseUrl: url, ...EWS });
  const code = await rooms.run(argv, captured.io);
  return { code, out: captured.out(), err: captured.err() };
}

test('rooms add / list / disable / enable / remove against the real database', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const { url } = testDb;

  assert.deepEqual(await run(url, 'add', 'Room-101@Contoso.Example', '--tenant', 'contoso'), {
    code: 0,
    out: 'added room-101@contoso.example\n',
    err: '',
  });
  assert.equal(
    (await run(url, 'add', 'room-101@contoso.example')).out,
    'room-101@contoso.example already exists (unchanged)\n',
  );
  assert.equal(
    (await run(url, 'rooms', 'add', 'room-102@contoso.example')).code,
    0,
    'a leading `rooms` is accepted too',
  );

  const listed = await run(url, 'list', '--json');
  assert.deepEqual(JSON.parse(listed.out), [
    { address: 'room-101@contoso.example', tenant: 'contoso', enabled: true, connection: 'default' },
    { address: 'room-102@contoso.example', tenant: null, enabled: true, connection: 'default' },
  ]);
  assert.match(
    (await run(url, 'list')).out,
    /^ADDRESS\s+ENABLED\s+TENANT\s+CONNECTION\nroom-101@contoso\.example\s+yes\s+contoso\s+default\n/,
  );

  assert.equal((await run(url, 'disable', 'room-101@contoso.example')).out, 'disabled room-101@contoso.example\n');
  assert.equal(
    (await run(url, 'disable', 'room-101@contoso.example')).out,
    'room-101@contoso.example already disabled\n',
  );
  assert.equal((await run(url, 'enable', 'ROOM-101@contoso.example')).out, 'enabled room-101@contoso.example\n');
  const missing = await run(url, 'add', 'room-103@contoso.example');
  assert.equal(missing.code, 1, 'a mailbox Exchange does not have is not added');
  assert.match(missing.err, /room-103@contoso\.example through connection default: no such mailbox/);
  assert.equal((await run(url, 'remove', 'room-102@contoso.example')).out, 'removed room-102@contoso.example\n');
  assert.deepEqual(await run(url, 'remove', 'room-102@contoso.example'), {
    code: 1,
    out: '',
    err: 'no such room: room-102@contoso.example\n',
  });
});

test('usage and config errors are reported without touching the database', async () => {
  assert.equal((await run('postgres://nobody@127.0.0.1:1/x', 'frobnicate')).code, 64);
  assert.equal((await run('postgres://nobody@127.0.0.1:1/x', 'add')).code, 64);
  assert.equal((await run('postgres://nobody@127.0.0.1:1/x', 'add', 'not-an-address')).code, 64);
  const bad = await run('mysql://x', 'list');
  assert.equal(bad.code, 78);
  assert.match(bad.err, /config error: .*DatabaseUrl/);
});
