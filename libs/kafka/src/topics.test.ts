import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventTypes } from '@rooms-sync/events';
import {
  dlqTopicFor,
  NOTIFICATIONS_DLQ_TOPIC,
  NOTIFICATIONS_TOPIC,
  roomsTopicSpecs,
  SUBSCRIPTIONS_DLQ_TOPIC,
  SUBSCRIPTIONS_TOPIC,
  topicForEventType,
} from './topics.ts';

test('dlqTopicFor keeps the version last', () => {
  assert.equal(dlqTopicFor(NOTIFICATIONS_TOPIC), NOTIFICATIONS_DLQ_TOPIC);
  assert.equal(dlqTopicFor(SUBSCRIPTIONS_TOPIC), SUBSCRIPTIONS_DLQ_TOPIC);
  assert.equal(dlqTopicFor('test.abc.v12'), 'test.abc.dlq.v12');
  assert.equal(dlqTopicFor('plain'), 'plain.dlq.v1');
});

test('topicForEventType routes notifications and lifecycle events', () => {
  assert.equal(topicForEventType(EventTypes.NotificationReceivedV1), NOTIFICATIONS_TOPIC);
  assert.equal(topicForEventType(EventTypes.SubscriptionCreatedV1), SUBSCRIPTIONS_TOPIC);
  assert.equal(topicForEventType(EventTypes.ResyncRequestedV1), SUBSCRIPTIONS_TOPIC);
});

test('roomsTopicSpecs lists the four topics', () => {
  const specs = roomsTopicSpecs({ partitions: 3, replicationFactor: 1 });
  assert.deepEqual(
    specs.map((s) => s.topic),
    [NOTIFICATIONS_TOPIC, SUBSCRIPTIONS_TOPIC, NOTIFICATIONS_DLQ_TOPIC, SUBSCRIPTIONS_DLQ_TOPIC],
  );
  const [notifications, , notificationsDlq] = specs;
  assert.ok(notifications && notificationsDlq);
  assert.equal(notifications.partitions, 3);
  assert.equal(notifications.replicationFactor, 1);
  assert.ok(notificationsDlq.retentionMs > notifications.retentionMs);
});
