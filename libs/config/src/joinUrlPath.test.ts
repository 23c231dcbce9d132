import assert from 'node:assert/strict';
import { test } from 'node:test';
import { joinUrlPath } from './joinUrlPath.ts';

test('joins without a double slash and keeps the path prefix', () => {
  assert.equal(joinUrlPath('https://h', '/healthz'), 'https://h/healthz');
  assert.equal(joinUrlPath('https://h/', '/healthz'), 'https://h/healthz');
  assert.equal(joinUrlPath('https://h/tenant-a', '/healthz'), 'https://h/tenant-a/healthz');
  assert.equal(joinUrlPath('https://h/tenant-a//', '/healthz'), 'https://h/tenant-a/healthz');
  assert.equal(joinUrlPath('not a url', '/healthz'), undefined);
});
