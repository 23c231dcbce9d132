// The paths that stop before the database or Exchange is reached: usage and configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureIo } from '../testing/captureIo.ts';
import { projector } from './projector.ts';

const ENV = { ROOMS_APPSETTINGS_PATH: '', DatabaseUrl: 'postgres://nobody@127.0.0.1:1/x' };

test('anything but `rebuild` prints the usage, EX_USAGE', async () => {
  for (const argv of [[], ['rebuild', 'now'], ['rebiuld'], ['rebuild', '--room']]) {
    const c = captureIo(ENV);
    assert.equal(await projector.run(argv, c.io), 64, argv.join(' '));
    assert.match(c.err(), /usage: projector rebuild/, argv.join(' '));
  }
});

test('--help prints the usage on stdout', async () => {
  const c = captureIo(ENV);
  assert.equal(await projector.run(['projector', 'rebuild', '-h'], c.io), 0);
  assert.match(c.out(), /^usage: projector rebuild/);
});

test('missing EWS credentials are config errors, EX_CONFIG', async () => {
  const c = captureIo({ ...ENV, EwsAuth: 'basic' });
  assert.equal(await projector.run(['rebuild'], c.io), 78);
  assert.match(c.err(), /^config error: .*EwsUsername/);
  const bad = captureIo({ ...ENV, ProjectorHorizonDays: '0' });
  assert.equal(await projector.run(['rebuild'], bad.io), 78);
  assert.match(bad.err(), /^config error: .*ProjectorHorizonDays/);
});
