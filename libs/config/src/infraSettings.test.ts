import assert from 'node:assert/strict';
import { test } from 'node:test';
import { infraSettings } from './infraSettings.ts';
import type { InfraSettings, LogLevel } from './infraSettings.ts';
import { loadSettings } from './loadSettings.ts';
import type { RawSettings } from './readAppSettings.ts';
import { withDefault } from './setting.ts';

const env = (entries: Record<string, string>): RawSettings =>
  new Map(Object.entries(entries).map(([k, value]) => [k, { value, source: `env ${k}` as const }]));

test('defaults match the local infrastructure', () => {
  const result = loadSettings(infraSettings, env({}));
  assert.ok(result.ok);
  const expected: InfraSettings = {
    KafkaBrokers: ['127.0.0.1:9092'],
    KafkaClientId: undefined,
    DatabaseUrl: 'postgres://rooms_sync:rooms_sync@127.0.0.1:5432/rooms_sync',
    LogLevel: 'info',
    OpsPort: undefined,
    HttpPort: undefined,
    KafkaTopicPartitions: 6,
    KafkaTopicRetentionMs: 604_800_000,
  };
  assert.deepEqual(result.settings, expected);
  const level: LogLevel = result.settings.LogLevel;
  assert.equal(level, 'info');
  // @ts-expect-error OpsPort has no default in the shared fragment, so it may be undefined
  const port: number = result.settings.OpsPort;
  assert.equal(port, undefined);
});

test('a service composes fragments and sets its own defaults, typed without casts', () => {
  const spec = { ...infraSettings, OpsPort: withDefault(infraSettings.OpsPort, 9101) };
  const result = loadSettings(spec, env({ KafkaBrokers: 'k1:9092,k2:9092', LogLevel: 'debug' }));
  assert.ok(result.ok);
  const ops: number = result.settings.OpsPort;
  assert.equal(ops, 9101);
  assert.deepEqual(result.settings.KafkaBrokers, ['k1:9092', 'k2:9092']);
  assert.equal(result.sources.OpsPort, 'default');
});

test('invalid infra values: unknown LogLevel, out-of-range ports, non-postgres DatabaseUrl (password masked)', () => {
  const result = loadSettings(
    infraSettings,
    env({
      LogLevel: 'verbose',
      OpsPort: '70000',
      HttpPort: '-1',
      DatabaseUrl: 'mysql://u:pw@h/db',
      KafkaTopicPartitions: '0',
    }),
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.errors.map((e) => e.message),
    [
      'DatabaseUrl="mysql://u:***@h/db" (env DatabaseUrl): scheme must be one of postgres:, postgresql:',
      'LogLevel="verbose" (env LogLevel): not one of trace|debug|info|warn|error',
      'OpsPort="70000" (env OpsPort): out of range [0, 65535]',
      'HttpPort="-1" (env HttpPort): out of range [0, 65535]',
      'KafkaTopicPartitions="0" (env KafkaTopicPartitions): out of range [1, 10000]',
    ],
  );
});
