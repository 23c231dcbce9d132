import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parsers, setting } from '@rooms-sync/config';
import { loadCommandSettings, reportConfigErrors } from './loadCommandSettings.ts';
import { captureIo } from './testing/captureIo.ts';

const SPEC = { Size: setting(parsers.int({ min: 1, max: 9 }), { default: 3 }) } as const;

test('settings come from the environment, with their sources', () => {
  const c = captureIo({ ROOMS_APPSETTINGS_PATH: '', Size: '5' });
  const loaded = loadCommandSettings(SPEC, [], c.io);
  assert.ok(loaded.ok);
  assert.equal(loaded.settings.Size, 5);
  assert.match(loaded.sources.Size, /env/);
  assert.equal(c.err(), '');
});

test('an invalid value is one `config error:` line naming the key, EX_CONFIG', () => {
  const c = captureIo({ ROOMS_APPSETTINGS_PATH: '', Size: '12' });
  assert.deepEqual(loadCommandSettings(SPEC, [], c.io), { ok: false, exitCode: 78 });
  assert.match(c.err(), /^config error: .*Size.*\n$/);
});

test('--appsettings names the file to read; a missing one is a config error', () => {
  const c = captureIo({});
  assert.deepEqual(loadCommandSettings(SPEC, ['list', '--appsettings', '/nonexistent/RoomsAppSettings.config'], c.io), {
    ok: false,
    exitCode: 78,
  });
  assert.match(c.err(), /^config error: .*\/nonexistent\/RoomsAppSettings\.config/);
});

test('reportConfigErrors prints each error on its own line and returns EX_CONFIG', () => {
  const c = captureIo();
  const errors = [
    new ConfigError({ key: 'A', source: 'env A', reason: 'required' }),
    new ConfigError({ key: 'B', source: 'env B', reason: 'required' }),
  ];
  assert.equal(reportConfigErrors(c.io, errors), 78);
  assert.deepEqual(c.err().split('\n'), [...errors.map((e) => `config error: ${e.message}`), '']);
});
