// The paths that stop before any network call: usage, unknown connections, configuration that
// is refused, and a secret written in RoomsAppSettings.config (named, never printed).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { captureIo } from '../testing/captureIo.ts';
import { connections } from './connections.ts';

const SECRET = 'in-the-configmap-5e7d';
const dir = mkdtempSync(join(tmpdir(), 'rooms-cli-connections-'));
after(() => {
  rmSync(dir, { recursive: true, force: true });
});
const ENV = { ROOMS_APPSETTINGS_PATH: '', EwsUsername: 'svc-rooms', EwsPassword: 'pw' };

async function run(env: NodeJS.ProcessEnv, ...argv: string[]) {
  const c = captureIo(env);
  const code = await connections.run(argv, c.io);
  return { code, out: c.out(), err: c.err() };
}

test('a missing or unknown verb, a missing name, a bad mailbox: usage, EX_USAGE', async () => {
  for (const argv of [
    [],
    ['frobnicate'],
    ['test'],
    ['list', 'x'],
    ['list', '--mailbox', 'a@b.example'],
    ['test', 'a', 'b'],
  ]) {
    const r = await run(ENV, ...argv);
    assert.equal(r.code, 64, argv.join(' '));
    assert.match(r.err, /^usage: connections <command>/, argv.join(' '));
  }
  const bad = await run(ENV, 'test', 'default', '--mailbox', 'not-an-address');
  assert.deepEqual([bad.code, bad.err], [64, 'not a mailbox address: not-an-address\n']);
});

test('only the default connection when nothing else is configured; an unknown name is a usage error', async () => {
  const list = await run(ENV, 'connections', 'list', '--json');
  assert.equal(list.code, 0);
  assert.deepEqual(JSON.parse(list.out), [
    {
      name: 'default',
      kind: 'ews',
      endpoint: 'http://127.0.0.1:8090/EWS/Exchange.asmx',
      credential: 'basic as svc-rooms',
    },
  ]);
  const unknown = await run(ENV, 'test', 'cloud');
  assert.deepEqual([unknown.code, unknown.err], [64, 'no such connection: cloud (configured: default)\n']);
});

test('an incomplete default is listed, and testing it reports its config errors', async () => {
  const list = await run({ ROOMS_APPSETTINGS_PATH: '' }, 'list');
  assert.equal(list.code, 0);
  assert.match(list.out, /default\s+ews\s+\S+\s+incomplete/);
  const tested = await run({ ROOMS_APPSETTINGS_PATH: '' }, 'test', 'default');
  assert.equal(tested.code, 78);
  assert.match(tested.err, /^config error: EwsUsername \(unset\): required when EwsAuth=basic/);
});

test('a secret in RoomsAppSettings.config is refused, naming the key and never printing the value', async () => {
  const config = join(dir, 'RoomsAppSettings.config');
  writeFileSync(
    config,
    `<configuration><appSettings>
      <add key="ExchangeConnections" value="cloud" />
      <add key="Connection.cloud.Kind" value="graph" />
      <add key="Connection.cloud.TenantId" value="t" />
      <add key="Connection.cloud.ClientId" value="c" />
      <add key="Connection.cloud.ClientSecret" value="${SECRET}" />
    </appSettings></configuration>`,
  );
  const r = await run({ ...ENV, ROOMS_APPSETTINGS_PATH: config }, 'list');
  assert.equal(r.code, 78);
  assert.match(
    r.err,
    /^config error: Connection\.cloud\.ClientSecret \(file .*\): a secret must not be written in RoomsAppSettings\.config .* environment variable Connection\.cloud\.ClientSecret or .* Connection\.cloud\.ClientSecretFile\n$/,
  );
  assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
});
