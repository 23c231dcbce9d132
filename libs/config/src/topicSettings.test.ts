import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadSettings } from './loadSettings.ts';
import type { RawSettings } from './readAppSettings.ts';
import { DEFAULT_TOPICS, topicNames, topicSettings } from './topicSettings.ts';

const env = (entries: Record<string, string>): RawSettings =>
  new Map(Object.entries(entries).map(([k, value]) => [k, { value, source: `env ${k}` as const }]));

test('nothing set: the production topics', () => {
  const result = loadSettings(topicSettings, env({}));
  assert.ok(result.ok);
  assert.deepEqual(topicNames(result.settings), DEFAULT_TOPICS);
  assert.equal(result.settings.NotificationsTopic, 'rooms.exchange.notifications.v1');
  assert.equal(result.settings.SubscriptionsTopic, 'rooms.exchange.subscriptions.v1');
});

test('each name can be set on its own', () => {
  const result = loadSettings(topicSettings, env({ NotificationsTopic: 'test.n.v1' }));
  assert.ok(result.ok);
  assert.deepEqual(topicNames(result.settings), {
    notifications: 'test.n.v1',
    subscriptions: DEFAULT_TOPICS.subscriptions,
  });
});

test('a name Kafka would refuse stops the service at start, naming key, value and source', () => {
  const result = loadSettings(
    topicSettings,
    env({ SubscriptionsTopic: 'rooms exchange/subs', NotificationsTopic: 'x'.repeat(246) }),
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.errors.map((e) => [e.key, e.source]),
    [
      ['NotificationsTopic', 'env NotificationsTopic'],
      ['SubscriptionsTopic', 'env SubscriptionsTopic'],
    ],
  );
  assert.match(String(result.errors[1]?.message), /rooms exchange\/subs/);
});
