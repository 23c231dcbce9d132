import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAddressMatcher, resolveClientAddress } from './resolveClientAddress.ts';

test('matches IPv4 and IPv6 CIDRs and single addresses, including IPv4-mapped peers', () => {
  const m = createAddressMatcher(['40.92.0.0/15', '2603:1000::/25', '192.0.2.7']);
  assert.equal(m.matches('40.93.1.2'), true);
  assert.equal(m.matches('::ffff:40.92.200.1'), true);
  assert.equal(m.matches('40.94.0.1'), false);
  assert.equal(m.matches('2603:1000:abcd::1'), true);
  assert.equal(m.matches('2604::1'), false);
  assert.equal(m.matches('192.0.2.7'), true);
  assert.equal(m.matches('192.0.2.8'), false);
});

test('X-Forwarded-For is ignored unless the peer is a trusted proxy', () => {
  const proxies = createAddressMatcher(['10.0.0.0/8']);
  assert.equal(resolveClientAddress('203.0.113.9', '40.92.1.1', proxies), '203.0.113.9');
  assert.equal(resolveClientAddress('10.1.2.3', '40.92.1.1', proxies), '40.92.1.1');
  assert.equal(resolveClientAddress('10.1.2.3', '40.92.1.1', undefined), '10.1.2.3');
});

test('the nearest untrusted hop wins, so a client cannot forge the first entry', () => {
  const proxies = createAddressMatcher(['10.0.0.0/8']);
  assert.equal(resolveClientAddress('10.0.0.1', '1.2.3.4, 40.92.1.1, 10.0.0.2', proxies), '40.92.1.1');
});
