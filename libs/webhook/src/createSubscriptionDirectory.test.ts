import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSubscriptionDirectory } from './createSubscriptionDirectory.ts';

test('created, then superseded: the mailbox and tenant are kept, the state ends', () => {
  const dir = createSubscriptionDirectory();
  dir.apply({ type: 'created', subscriptionId: 's1', mailbox: 'room@x', tenant: 't' });
  assert.deepEqual(dir.lookup('s1'), { state: 'live', mailbox: 'room@x', tenant: 't' });
  dir.apply({ type: 'superseded', subscriptionId: 's1', mailbox: 'room@x' });
  assert.deepEqual(dir.lookup('s1'), { state: 'superseded', mailbox: 'room@x', tenant: 't' });
});

test('a replayed created does not revive a removed subscription', () => {
  const dir = createSubscriptionDirectory();
  dir.apply({ type: 'created', subscriptionId: 's1', mailbox: 'room@x' });
  dir.apply({ type: 'removed', subscriptionId: 's1', mailbox: 'room@x' });
  dir.apply({ type: 'created', subscriptionId: 's1', mailbox: 'room@x' });
  assert.equal(dir.lookup('s1')?.state, 'removed');
});

test('unknown ids are not in the directory', () => {
  assert.equal(createSubscriptionDirectory().lookup('nope'), undefined);
});
