import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_TOPICS } from '@rooms-sync/config';
import { dlqTopicFor, roomsTopicSpecs } from './topics.ts';

test('dlqTopicFor keeps the version last', () => {
  assert.equal(dlqTopicFor(DEFAULT_TOPICS.notifications), 'rooms.exchange.notifications.dlq.v1');
  assert.equal(dlqTopicFor(DEFAULT_TOPICS.subscriptions), 'rooms.exchange.subscriptions.dlq.v1');
  assert.equal(dlqTopicFor('test.abc.v12'), 'test.abc.dlq.v12');
  assert.equal(dlqTopicFor('plain'), 'plain.dlq.v1');
});

test('roomsTopicSpecs lists the two topics and their DLQs', () => {
  const specs = roomsTopicSpecs(
    { notifications: 'n.v1', subscriptions: 's.v1' },
    { partitions: 3, replicationFactor: 1 },
  );
  assert.deepEqual(
    specs.map((s) => s.topic),
    ['n.v1', 's.v1', 'n.dlq.v1', 's.dlq.v1'],
  );
  const [notifications, , notificationsDlq] = specs;
  assert.ok(notifications && notificationsDlq);
  assert.equal(notifications.partitions, 3);
  assert.equal(notifications.replicationFactor, 1);
  assert.equal(notificationsDlq.partitions, 1);
  assert.ok(notificationsDlq.retentionMs > notifications.retentionMs);
});
