import { test } from 'node:test';
import assert from 'node:assert/strict';
import { kafkaSecuritySettings, loadServiceConfig } from '@rooms-sync/config';
import { kafkaSecurity } from './kafkaSecurity.ts';

function load(env: Record<string, string>) {
  const config = loadServiceConfig(kafkaSecuritySettings, { env: { ROOMS_APPSETTINGS_PATH: '', ...env } });
  assert.ok(config.ok);
  return kafkaSecurity(config.settings, config.sources);
}

test('plaintext by default; an empty mechanism (as the chart renders it) is none', () => {
  assert.deepEqual(load({}), { ok: true, security: { tls: false } });
  assert.deepEqual(load({ KafkaSaslMechanism: '', KafkaTls: 'true' }), { ok: true, security: { tls: true } });
});

test('SASL needs its user name and password, and says which is missing and where it looked', () => {
  const missing = load({ KafkaSaslMechanism: 'scram-sha-512', KafkaSaslUsername: 'rooms' });
  assert.equal(missing.ok, false);
  assert.deepEqual(!missing.ok && missing.errors.map((e) => e.message), [
    'KafkaSaslPassword (unset): required when KafkaSaslMechanism=scram-sha-512',
  ]);
  const ok = load({
    KafkaSaslMechanism: 'scram-sha-512',
    KafkaSaslUsername: 'rooms',
    KafkaSaslPassword: 'pw',
    KafkaTls: 'true',
  });
  assert.deepEqual(ok, {
    ok: true,
    security: { tls: true, sasl: { mechanism: 'scram-sha-512', username: 'rooms', password: 'pw' } },
  });
});
