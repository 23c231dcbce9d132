// The paths that stop before Kafka is reached: usage and configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureIo } from '../testing/captureIo.ts';
import { dlq } from './dlq.ts';

const ENV = { ROOMS_APPSETTINGS_PATH: '', KafkaBrokers: '127.0.0.1:1' };

test('a missing or unknown verb, extra words or a bad --limit print the usage, EX_USAGE', async () => {
  for (const argv of [[], ['purge'], ['list', 'more'], ['list', '--limit', '0'], ['replay', '--limit', 'x']]) {
    const c = captureIo(ENV);
    assert.equal(await dlq.run(argv, c.io), 64, argv.join(' '));
    assert.match(c.err(), /^usage: dlq <list\|replay>/, argv.join(' '));
  }
});

test('--help prints the usage on stdout', async () => {
  const c = captureIo(ENV);
  assert.equal(await dlq.run(['dlq', '--help'], c.io), 0);
  assert.match(c.out(), /^usage: dlq/);
});

test('an invalid setting or incomplete Kafka credentials are config errors, EX_CONFIG', async () => {
  const bad = captureIo({ ...ENV, ProjectorBatchSize: '0' });
  assert.equal(await dlq.run(['list'], bad.io), 78);
  assert.match(bad.err(), /^config error: .*ProjectorBatchSize/);
  const sasl = captureIo({ ...ENV, KafkaSaslMechanism: 'plain' });
  assert.equal(await dlq.run(['list'], sasl.io), 78);
  assert.match(sasl.err(), /config error: .*KafkaSaslUsername/);
  assert.match(sasl.err(), /config error: .*KafkaSaslPassword/);
});
