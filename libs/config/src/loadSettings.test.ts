import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfigError } from './ConfigError.ts';
import type { LogLevel } from './infraSettings.ts';
import { loadSettings } from './loadSettings.ts';
import { parsers } from './parsers.ts';
import { readAppSettings } from './readAppSettings.ts';
import type { RawSettings, RawValue } from './readAppSettings.ts';
import { setting } from './setting.ts';
import { appSettingsXml, tempConfigs } from './writeTempConfig.ts';

const spec = {
  Url: setting(parsers.url({ protocols: ['postgres:'] }), { default: 'postgres://h/db' }),
  AbsUrl: setting(parsers.absoluteUrl()),
  Flag: setting(parsers.bool(), { default: false }),
  Count: setting(parsers.int({ min: 1, max: 10 }), { required: true }),
  Name: setting(parsers.string()),
  Level: setting(parsers.oneOf(['debug', 'info'] as const), { default: 'info' }),
  Brokers: setting(parsers.list(), { default: ['a:1'] }),
} as const;

const temp = tempConfigs();

const fromEnv = (entries: Record<string, string>): RawSettings =>
  new Map(Object.entries(entries).map(([k, value]): [string, RawValue] => [k, { value, source: `env ${k}` }]));

function errorsOf(result: ReturnType<typeof loadSettings>): readonly ConfigError[] {
  assert.ok(!result.ok, 'expected errors');
  return result.errors;
}

test('the result type follows the spec: defaulted/required keys are never undefined', () => {
  const result = loadSettings(spec, fromEnv({ Count: '3' }));
  assert.ok(result.ok);
  // Compile-time checks: these annotations fail `tsc -b` if SettingsOf derives the wrong types.
  const typed: {
    readonly Url: string;
    readonly AbsUrl: string | undefined;
    readonly Flag: boolean;
    readonly Count: number;
    readonly Name: string | undefined;
    readonly Level: 'debug' | 'info';
    readonly Brokers: readonly string[];
  } = result.settings;
  assert.deepEqual(typed, {
    Url: 'postgres://h/db',
    AbsUrl: undefined,
    Flag: false,
    Count: 3,
    Name: undefined,
    Level: 'info',
    Brokers: ['a:1'],
  });
  assert.deepEqual(result.sources, {
    Url: 'default',
    AbsUrl: 'unset',
    Flag: 'default',
    Count: 'env Count',
    Name: 'unset',
    Level: 'default',
    Brokers: 'default',
  });
  const level: LogLevel = result.settings.Level;
  assert.equal(level, 'info');
});

test('env overrides file for every key kind', async () => {
  const fileValues = {
    Url: 'postgres://file/db',
    AbsUrl: 'https://file.example.com/x',
    Flag: 'false',
    Count: '1',
    Name: 'file',
    Level: 'debug',
    Brokers: 'f:1',
  };
  const envValues = {
    Url: 'postgres://env/db',
    AbsUrl: 'https://env.example.com/y',
    Flag: 'TRUE',
    Count: '10',
    Name: 'env',
    Level: 'info',
    Brokers: 'e:1, e:2',
  };
  const t = await temp(appSettingsXml(fileValues));

  const fileOnly = readAppSettings({ path: t.path, env: {}, keys: Object.keys(spec) });
  assert.ok(fileOnly.ok);
  const fromFile = loadSettings(spec, fileOnly.raw);
  assert.ok(fromFile.ok);
  assert.deepEqual(fromFile.settings, {
    Url: 'postgres://file/db',
    AbsUrl: 'https://file.example.com/x',
    Flag: false,
    Count: 1,
    Name: 'file',
    Level: 'debug',
    Brokers: ['f:1'],
  });
  assert.equal(fromFile.sources.Count, `file ${t.path}`);

  const read = readAppSettings({ path: t.path, env: envValues, keys: Object.keys(spec) });
  assert.ok(read.ok);
  const result = loadSettings(spec, read.raw);
  assert.ok(result.ok);
  assert.deepEqual(result.settings, {
    Url: 'postgres://env/db',
    AbsUrl: 'https://env.example.com/y',
    Flag: true,
    Count: 10,
    Name: 'env',
    Level: 'info',
    Brokers: ['e:1', 'e:2'],
  });
  for (const key of Object.keys(spec)) assert.equal(result.sources[key as keyof typeof spec], `env ${key}`);
});

test('each invalid value is a one-line error naming key, value and source', () => {
  const cases: [key: string, value: string, reason: RegExp][] = [
    ['Url', 'mysql://h/db', /scheme must be one of postgres:/],
    ['AbsUrl', '/relative/path', /not an absolute URL/],
    ['Flag', 'yes', /not a boolean/],
    ['Flag', '1', /not a boolean/],
    ['Count', '11', /out of range \[1, 10\]/],
    ['Count', 'ten', /not an integer/],
    ['Level', 'verbose', /not one of debug\|info/],
    ['Brokers', 'a,,b', /empty item/],
  ];
  for (const [key, value, reason] of cases) {
    const raw = fromEnv({ Count: '5', [key]: value });
    const [error, ...rest] = errorsOf(loadSettings(spec, raw));
    assert.equal(rest.length, 0);
    assert.deepEqual([error!.key, error!.value, error!.source], [key, value, `env ${key}`]);
    assert.ok(error!.message.startsWith(`${key}=${JSON.stringify(value)} (env ${key}): `), error!.message);
    assert.match(error!.message, reason);
    assert.doesNotMatch(error!.message, /\n/);
  }
});

test('the source in the message is the file when the value came from the file', () => {
  const raw: RawSettings = new Map([['Count', { value: '0', source: 'file /etc/RoomsAppSettings.config' }]]);
  const [error] = errorsOf(loadSettings(spec, raw));
  assert.equal(error!.message, 'Count="0" (file /etc/RoomsAppSettings.config): out of range [1, 10]');
});

test('all errors are collected; a required key that is unset is one of them', () => {
  const errors = errorsOf(loadSettings(spec, fromEnv({ Flag: 'nope', Level: 'loud' })));
  assert.deepEqual(
    errors.map((e) => e.message),
    [
      'Flag="nope" (env Flag): not a boolean (expected true or false)',
      'Count (unset): required but not set',
      'Level="loud" (env Level): not one of debug|info',
    ],
  );
});

test('an empty value counts as unset: default applies, required fails naming the source', () => {
  const result = loadSettings(spec, fromEnv({ Count: '2', Level: '', AbsUrl: '' }));
  assert.ok(result.ok);
  assert.equal(result.settings.Level, 'info');
  assert.equal(result.settings.AbsUrl, undefined);
  const [error] = errorsOf(loadSettings(spec, fromEnv({ Count: '' })));
  assert.equal(error!.message, 'Count="" (env Count): required but not set');
});
