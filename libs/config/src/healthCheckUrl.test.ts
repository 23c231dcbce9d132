import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthCheckUrl } from './healthCheckUrl.ts';

test('IdpRootUrl + /healthz, keeping a path prefix', () => {
  assert.deepEqual(healthCheckUrl({ IdpRootUrl: 'https://rooms.example.com' }), {
    ok: true,
    url: 'https://rooms.example.com/healthz',
  });
  assert.deepEqual(healthCheckUrl({ IdpRootUrl: 'https://rooms.example.com/tenant-a/' }), {
    ok: true,
    url: 'https://rooms.example.com/tenant-a/healthz',
  });
});

test('missing IdpRootUrl is an error naming the key', () => {
  const result = healthCheckUrl({ IdpRootUrl: undefined });
  assert.ok(!result.ok);
  assert.equal(result.error.key, 'IdpRootUrl');
  assert.equal(result.error.message, 'IdpRootUrl (unset): required for the health check URL');
});
