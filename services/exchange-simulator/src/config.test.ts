import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

test('defaults: 127.0.0.1:8090, no auth, time scale 1, demo rooms on, no EWS latency', () => {
  const c = readConfig({});
  assert.deepEqual(
    [c.host, c.port, c.auth.mode, c.timeScale, c.demoRooms, c.ewsLatencyMs],
    ['127.0.0.1', 8090, 'none', 1, true, 0],
  );
  assert.equal(readConfig({ SIM_EWS_LATENCY_MS: '40' }).ewsLatencyMs, 40);
});

test('users and tokens; args override env', () => {
  const c = readConfig(
    {
      SIM_AUTH: 'basic',
      SIM_USERS: 'svc-rooms:s3:cret,b:c',
      SIM_PORT: '9000',
      SIM_TIME_SCALE: '0.01',
      SIM_DEMO_ROOMS: '0',
    },
    ['--port', '0'],
  );
  assert.equal(c.port, 0);
  assert.equal(c.auth.users.get('svc-rooms'), 's3:cret');
  assert.equal(c.timeScale, 0.01);
  assert.equal(c.demoRooms, false);
  assert.equal(readConfig({ SIM_TOKENS: 'a.b.c' }).auth.mode, 'any');
});

test('bad values stop the start, naming the variable', () => {
  assert.throws(
    () => readConfig({ SIM_AUTH: 'bearer' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SIM_TOKENS',
  );
  assert.throws(
    () => readConfig({ SIM_EWS_LATENCY_MS: '-1' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SIM_EWS_LATENCY_MS',
  );
  assert.throws(
    () => readConfig({ SIM_TIME_SCALE: '0' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SIM_TIME_SCALE',
  );
  assert.throws(
    () => readConfig({ SIM_USERS: 'nopassword' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SIM_USERS',
  );
  assert.throws(
    () => readConfig({ SIM_AUTH: 'ntlm' }),
    (e: unknown) => e instanceof ConfigError && e.variable === 'SIM_AUTH',
  );
});

test('the Graph face: on with a certificate and key, with an app; pairs and files are checked', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sim-config-'));
  try {
    writeFileSync(join(dir, 'c.pem'), 'CERT');
    writeFileSync(join(dir, 'k.pem'), 'KEY');
    const tlsEnv = { SIM_TLS_CERT: join(dir, 'c.pem'), SIM_TLS_KEY: join(dir, 'k.pem') };
    assert.equal(readConfig({}).graph, undefined);
    const g = readConfig({
      ...tlsEnv,
      SIM_GRAPH_TENANT: 'contoso',
      SIM_GRAPH_CLIENT_ID: 'app',
      SIM_GRAPH_CLIENT_SECRET: 's',
      SIM_ONLINE_ROOMS: 'room-102@contoso.example',
    });
    assert.deepEqual(
      [g.graph?.port, g.graph?.tls.certPem, g.graph?.apps, g.graph?.allowHttpNotificationUrls, g.onlineRooms],
      [
        8091,
        'CERT',
        [{ tenantId: 'contoso', clientId: 'app', clientSecret: 's' }],
        false,
        ['room-102@contoso.example'],
      ],
    );
    assert.equal(readConfig({ ...tlsEnv, SIM_GRAPH_ALLOW_HTTP: '1' }).graph?.allowHttpNotificationUrls, true);
    const fails = (env: NodeJS.ProcessEnv, variable: string) => {
      assert.throws(
        () => readConfig(env),
        (e: unknown) => e instanceof ConfigError && e.variable === variable,
      );
    };
    fails({ SIM_TLS_CERT: tlsEnv.SIM_TLS_CERT }, 'SIM_TLS_KEY');
    fails({ ...tlsEnv, SIM_TLS_CERT: join(dir, 'missing.pem') }, 'SIM_TLS_CERT');
    fails({ ...tlsEnv, SIM_GRAPH_TENANT: 'contoso' }, 'SIM_GRAPH_CLIENT_ID');
    fails({ ...tlsEnv, SIM_GRAPH_TENANT: 'contoso', SIM_GRAPH_CLIENT_ID: 'app' }, 'SIM_GRAPH_CLIENT_SECRET');
    fails({ ...tlsEnv, SIM_GRAPH_PORT: 'x' }, 'SIM_GRAPH_PORT');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
