import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackSettings } from './callbackSettings.ts';
import type { CallbackSettings } from './callbackSettings.ts';
import { loadSettings } from './loadSettings.ts';
import type { RawSettings } from './readAppSettings.ts';

const env = (entries: Record<string, string>): RawSettings =>
  new Map(Object.entries(entries).map(([k, value]) => [k, { value, source: `env ${k}` as const }]));

test('nothing set: legacy flag defaults to false, the rest is optional', () => {
  const result = loadSettings(callbackSettings, env({}));
  assert.ok(result.ok);
  const expected: CallbackSettings = {
    IdpRootUrl: undefined,
    ExchangePushNotificationEndpointUrl: undefined,
    ExchangePushNotificationUseLegacyEndpoint: false,
    Tenant: undefined,
    GraphNotificationEndpointUrl: undefined,
    GraphAllowInsecureCallback: false,
  };
  assert.deepEqual(result.settings, expected);
});

test('invalid callback values name key, value and source', () => {
  const result = loadSettings(
    callbackSettings,
    env({
      IdpRootUrl: 'foo',
      ExchangePushNotificationEndpointUrl: '/api/webhooks/exchange',
      ExchangePushNotificationUseLegacyEndpoint: 'maybe',
    }),
  );
  assert.ok(!result.ok);
  assert.deepEqual(
    result.errors.map((e) => e.message),
    [
      'IdpRootUrl="foo" (env IdpRootUrl): not an absolute URL',
      'ExchangePushNotificationEndpointUrl="/api/webhooks/exchange" (env ExchangePushNotificationEndpointUrl): not an absolute URL',
      'ExchangePushNotificationUseLegacyEndpoint="maybe" (env ExchangePushNotificationUseLegacyEndpoint): not a boolean (expected true or false)',
    ],
  );
});

test('IdpRootUrl must be a root: no query or fragment', () => {
  const result = loadSettings(callbackSettings, env({ IdpRootUrl: 'https://rooms.example.com/?x=1' }));
  assert.ok(!result.ok);
  assert.match(
    result.errors[0]!.message,
    /^IdpRootUrl="https:\/\/rooms.example.com\/\?x=1" \(env IdpRootUrl\): must not have a query/,
  );
});
