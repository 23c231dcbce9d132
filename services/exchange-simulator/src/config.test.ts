import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, readConfig } from './config.ts';

test('defaults: 127.0.0.1:8090, no auth, time scale 1, demo rooms on', () => {
  const c = readConfig({});
  assert.deepEqual([c.host, c.port, c.auth.mode, c.timeScale, c.demoRooms], ['127.0.0.1', 8090, 'none', 1, true]);
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
