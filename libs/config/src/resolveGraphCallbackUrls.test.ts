import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CallbackSettings } from './callbackSettings.ts';
import { resolveGraphCallbackUrls } from './resolveGraphCallbackUrls.ts';

const base: CallbackSettings = {
  IdpRootUrl: 'https://rooms.contoso.example/',
  ExchangePushNotificationEndpointUrl: undefined,
  ExchangePushNotificationUseLegacyEndpoint: false,
  Tenant: 'contoso',
  GraphNotificationEndpointUrl: undefined,
  GraphAllowInsecureCallback: false,
};

test('default: IdpRootUrl + /api/webhooks/graph, the lifecycle URL beside it; the EWS legacy rule plays no part', () => {
  const legacyOn = { ...base, ExchangePushNotificationUseLegacyEndpoint: true };
  assert.deepEqual(resolveGraphCallbackUrls(legacyOn), {
    ok: true,
    notificationUrl: 'https://rooms.contoso.example/api/webhooks/graph',
    lifecycleNotificationUrl: 'https://rooms.contoso.example/api/webhooks/graph/lifecycle',
    rule: 'default',
  });
});

test('override: GraphNotificationEndpointUrl as configured, even beside an EWS override', () => {
  const result = resolveGraphCallbackUrls({
    ...base,
    ExchangePushNotificationEndpointUrl: 'https://ews-hooks.contoso.example/x',
    GraphNotificationEndpointUrl: 'https://graph-hooks.contoso.example/in/',
  });
  assert.deepEqual(result, {
    ok: true,
    notificationUrl: 'https://graph-hooks.contoso.example/in/',
    lifecycleNotificationUrl: 'https://graph-hooks.contoso.example/in/lifecycle',
    rule: 'override',
  });
});

test('plain http is refused naming the key, unless local development allows it; no IdpRootUrl is refused too', () => {
  const http = { ...base, IdpRootUrl: 'http://127.0.0.1:8080/' };
  const refused = resolveGraphCallbackUrls(http, { IdpRootUrl: 'env IdpRootUrl' });
  assert.ok(!refused.ok);
  assert.equal(refused.error.key, 'IdpRootUrl');
  assert.match(refused.error.message, /only https callbacks/);
  assert.match(refused.error.message, /env IdpRootUrl/);
  const allowed = resolveGraphCallbackUrls({ ...http, GraphAllowInsecureCallback: true });
  assert.equal(allowed.ok && allowed.notificationUrl, 'http://127.0.0.1:8080/api/webhooks/graph');

  const overridden = resolveGraphCallbackUrls({ ...base, GraphNotificationEndpointUrl: 'http://hooks.example/g' });
  assert.equal(overridden.ok ? undefined : overridden.error.key, 'GraphNotificationEndpointUrl');

  const none = resolveGraphCallbackUrls({ ...base, IdpRootUrl: undefined });
  assert.equal(none.ok ? undefined : none.error.key, 'IdpRootUrl');
});
