import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { callbackSettings } from './callbackSettings.ts';
import { infraSettings } from './infraSettings.ts';
import { loadServiceConfig } from './loadServiceConfig.ts';
import type { LoadServiceConfigResult } from './loadServiceConfig.ts';
import { resolveCallbackUrl } from './resolveCallbackUrl.ts';
import { withDefault } from './setting.ts';
import type { Spec } from './setting.ts';
import { appSettingsXml, tempConfigs } from './writeTempConfig.ts';

const spec = { ...callbackSettings, ...infraSettings, OpsPort: withDefault(infraSettings.OpsPort, 9102) };

const temp = tempConfigs();
function messages<S extends Spec>(result: LoadServiceConfigResult<S>): string[] {
  assert.ok(!result.ok, 'expected errors');
  return result.errors.map((e) => e.message);
}

test('reads the file named by ROOMS_APPSETTINGS_PATH, env overrides it, settings are typed', async () => {
  const { path } = await temp(
    appSettingsXml({ IdpRootUrl: 'https://rooms.example.com/tenant-a/', LogLevel: 'warn', KafkaTopicPartitions: '3' }),
  );
  const result = loadServiceConfig(spec, { env: { ROOMS_APPSETTINGS_PATH: path, LogLevel: 'debug', PATH: '/bin' } });
  assert.ok(result.ok);
  assert.equal(result.file, path);
  assert.equal(result.settings.LogLevel, 'debug');
  assert.equal(result.sources.LogLevel, 'env LogLevel');
  assert.equal(result.settings.KafkaTopicPartitions, 3);
  assert.equal(result.sources.KafkaTopicPartitions, `file ${path}`);
  const port: number = result.settings.OpsPort;
  assert.equal(port, 9102);
  assert.deepEqual(resolveCallbackUrl(result.settings, result.sources), {
    ok: true,
    url: 'https://rooms.example.com/tenant-a/api/webhooks/exchange',
    rule: 'default',
  });
  assert.equal('PATH' in result.settings, false);
});

test('--appsettings wins over ROOMS_APPSETTINGS_PATH', async () => {
  const fromFlag = await temp(appSettingsXml({ Tenant: 'flag' }));
  const fromEnv = await temp(appSettingsXml({ Tenant: 'env' }));
  const env = { ROOMS_APPSETTINGS_PATH: fromEnv.path };
  const spaced = loadServiceConfig(callbackSettings, { env, argv: ['--verbose', '--appsettings', fromFlag.path] });
  const joined = loadServiceConfig(callbackSettings, { env, argv: [`--appsettings=${fromFlag.path}`] });
  assert.ok(spaced.ok && joined.ok);
  assert.equal(spaced.settings.Tenant, 'flag');
  assert.equal(joined.settings.Tenant, 'flag');
  assert.match(
    messages(loadServiceConfig(callbackSettings, { env, argv: ['--appsettings'] }))[0]!,
    /^--appsettings \(argv --appsettings\): needs a file path/,
  );
});

test('a missing file at the explicitly set path is an error', async () => {
  const { dir } = await temp('');
  const path = join(dir, 'missing.config');
  const [message, ...rest] = messages(loadServiceConfig(spec, { env: { ROOMS_APPSETTINGS_PATH: path } }));
  assert.equal(rest.length, 0);
  assert.match(message!, new RegExp(`^file ${path}: cannot read the file: ENOENT`));
});

test('malformed XML and DOCTYPE in the file stop loading', async () => {
  const malformed = await temp('<configuration><appSettings>');
  const doctype = await temp('<!DOCTYPE configuration><configuration/>');
  assert.match(
    messages(loadServiceConfig(spec, { env: { ROOMS_APPSETTINGS_PATH: malformed.path } }))[0]!,
    /malformed XML/,
  );
  assert.match(
    messages(loadServiceConfig(spec, { env: { ROOMS_APPSETTINGS_PATH: doctype.path } }))[0]!,
    /DOCTYPE is not allowed/,
  );
});

test('validation errors come back as values, each naming key, value and source', async () => {
  const { path } = await temp(appSettingsXml({ OpsPort: '99999' }));
  const result = loadServiceConfig(spec, {
    env: { ROOMS_APPSETTINGS_PATH: path, ExchangePushNotificationUseLegacyEndpoint: '1' },
  });
  assert.deepEqual(messages(result), [
    'ExchangePushNotificationUseLegacyEndpoint="1" (env ExchangePushNotificationUseLegacyEndpoint): not a boolean (expected true or false)',
    `OpsPort="99999" (file ${path}): out of range [0, 65535]`,
  ]);
});

test('`keep` hands back a family of keys outside the table raw, from the file and the environment', async () => {
  const { path } = await temp(appSettingsXml({ ExchangeConnections: 'cloud', 'Connection.cloud.Kind': 'graph' }));
  const result = loadServiceConfig(spec, {
    env: { ROOMS_APPSETTINGS_PATH: path, 'Connection.cloud.ClientSecret': 'from-env', PATH: '/bin' },
    keep: (key) => key === 'ExchangeConnections' || key.startsWith('Connection.'),
  });
  assert.ok(result.ok);
  assert.deepEqual(Object.fromEntries(result.kept), {
    ExchangeConnections: { value: 'cloud', source: `file ${path}` },
    'Connection.cloud.Kind': { value: 'graph', source: `file ${path}` },
    'Connection.cloud.ClientSecret': { value: 'from-env', source: 'env Connection.cloud.ClientSecret' },
  });
  const without = loadServiceConfig(spec, { env: { ROOMS_APPSETTINGS_PATH: path } });
  assert.ok(without.ok);
  assert.equal(without.kept.size, 0);
});
