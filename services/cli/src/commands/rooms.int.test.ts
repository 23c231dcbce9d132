import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createTestDatabase } from '@rooms-sync/db/testing';
import { DEMO_ROOMS } from '@rooms-sync/exchange-sim';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import { captureIo } from '../testing/captureIo.ts';
import { rooms } from './rooms.ts';

const SERVER = process.env.DatabaseUrl ?? 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync';
// `rooms add` checks that the mailbox answers through its connection: the simulator is Exchange.
const BULK = Array.from({ length: 500 }, (_, i) => `bulk-${String(i).padStart(3, '0')}@contoso.example`);
const sim = await startSimulator({
  mailboxes: [...DEMO_ROOMS, ...BULK.map((address) => ({ address }))],
  auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
});
after(() => sim.close());
const dir = mkdtempSync(join(tmpdir(), 'rooms-cli-import-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
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

test('rooms import: 500 rooms in one run, all or none, the unreachable refused or skipped', async (t) => {
  const testDb = await createTestDatabase(SERVER);
  t.after(() => testDb.drop());
  const { url } = testDb;
  const GHOSTS = ['ghost-1@contoso.example', 'ghost-2@contoso.example'];
  const file = join(dir, 'rooms.txt');
  writeFileSync(file, ['# building B', ...BULK.slice(0, 250), '', ...GHOSTS, ...BULK.slice(250)].join('\n'));

  const refused = await run(url, 'import', file, '--tenant', 'contoso');
  assert.equal(refused.code, 1);
  assert.equal(refused.out, '');
  assert.equal(
    refused.err,
    'refused: ghost-1@contoso.example through connection default: no such mailbox\n' +
      'refused: ghost-2@contoso.example through connection default: no such mailbox\n' +
      'nothing added: 2 of 502 new mailboxes refused (--skip-unreachable adds the rest)\n',
  );
  assert.equal((await run(url, 'list')).out.split('\n').length, 2, 'only the header: nothing was added');

  const started = performance.now();
  const skipped = await run(url, 'import', file, '--tenant', 'contoso', '--skip-unreachable', '--concurrency', '8');
  t.diagnostic(`imported 500 rooms (502 mailboxes checked) in ${(performance.now() - started).toFixed(0)} ms`);
  assert.deepEqual(skipped, {
    code: 1,
    out: 'added 500, unchanged 0, skipped 2\n',
    err:
      'skipped: ghost-1@contoso.example through connection default: no such mailbox\n' +
      'skipped: ghost-2@contoso.example through connection default: no such mailbox\n',
  });
  const listed = JSON.parse((await run(url, 'list', '--json')).out) as { address: string; tenant: string }[];
  assert.equal(listed.length, 500);
  assert.ok(listed.every((r) => r.tenant === 'contoso'));

  // Rooms already there are unchanged and not checked again; a new one is.
  const csv = join(dir, 'rooms.csv');
  writeFileSync(csv, `address,tenant\n${BULK[0] ?? ''},other\n"Room-101@contoso.example",fabrikam\n`);
  assert.deepEqual(await run(url, 'import', csv), { code: 0, out: 'added 1, unchanged 1, skipped 0\n', err: '' });
  assert.deepEqual(await run(url, 'add', BULK[1] ?? '', 'room-102@contoso.example'), {
    code: 0,
    out: 'added 1, unchanged 1, skipped 0\n',
    err: '',
  });
  assert.deepEqual(await run(url, 'add', ...GHOSTS, '--no-check'), {
    code: 0,
    out: 'added 2, unchanged 0, skipped 0\n',
    err: '',
  });
  assert.equal((JSON.parse((await run(url, 'list', '--json')).out) as unknown[]).length, 504);
});

test('rooms import: a bad address or connection is reported before the network or the database', async () => {
  const file = join(dir, 'bad.csv');
  writeFileSync(file, 'address,connection\nroom-101@contoso.example,nowhere\nnot-an-address,\n');
  assert.deepEqual(await run('postgres://nobody@127.0.0.1:1/x', 'import', file), {
    code: 64,
    out: '',
    err:
      `${file}: line 2: no such connection: nowhere (configured: default)\n` +
      `${file}: line 3: not a mailbox address: not-an-address\n` +
      'nothing added\n',
  });
  const missing = await run('postgres://nobody@127.0.0.1:1/x', 'import', join(dir, 'missing.txt'));
  assert.equal(missing.code, 64);
  assert.match(missing.err, /cannot read .*missing\.txt/);
  assert.equal(
    (await run('postgres://nobody@127.0.0.1:1/x', 'add', 'a@x.example', 'b@x.example', '--concurrency', '0')).code,
    64,
  );
});
