import assert from 'node:assert/strict';
import { test } from 'node:test';
import { callbackSettings } from './callbackSettings.ts';
import type { CallbackSettings } from './callbackSettings.ts';
import { loadSettings } from './loadSettings.ts';
import type { RawSettings } from './readAppSettings.ts';
import { resolveCallbackUrl } from './resolveCallbackUrl.ts';
import type { ResolveCallbackUrlResult } from './resolveCallbackUrl.ts';

const base: CallbackSettings = {
  IdpRootUrl: 'https://rooms.example.com',
  ExchangePushNotificationEndpointUrl: undefined,
  ExchangePushNotificationUseLegacyEndpoint: false,
  Tenant: 'tenant-a',
  GraphNotificationEndpointUrl: undefined,
  GraphAllowInsecureCallback: false,
};
const resolve = (overrides: Partial<CallbackSettings>): ResolveCallbackUrlResult =>
  resolveCallbackUrl({ ...base, ...overrides });
const ok = (url: string, rule: 'override' | 'legacy' | 'default'): ResolveCallbackUrlResult => ({
  ok: true,
  url,
  rule,
});

test('1. override wins over the legacy flag and is used exactly as written', () => {
  const override = 'HTTPS://Hooks.Example.com:443/cb//x/?a=b';
  assert.deepEqual(
    resolve({ ExchangePushNotificationEndpointUrl: override, ExchangePushNotificationUseLegacyEndpoint: true }),
    ok(override, 'override'),
  );
  // and needs neither IdpRootUrl nor Tenant
  assert.deepEqual(
    resolve({ ExchangePushNotificationEndpointUrl: override, IdpRootUrl: undefined, Tenant: undefined }),
    ok(override, 'override'),
  );
});

test('2. legacy when the flag is true and there is no override; host only, always https', () => {
  const legacy = { ExchangePushNotificationUseLegacyEndpoint: true };
  assert.deepEqual(
    resolve(legacy),
    ok('https://rooms.example.com/WebServices/SyncNotification.svc?tenant-a', 'legacy'),
  );
  assert.deepEqual(
    resolve({ ...legacy, IdpRootUrl: 'https://rooms.example.com/tenant-a/' }),
    ok('https://rooms.example.com/WebServices/SyncNotification.svc?tenant-a', 'legacy'),
  );
});

test('2. legacy keeps a non-default port of the rooms host', () => {
  const legacy = { ExchangePushNotificationUseLegacyEndpoint: true, Tenant: 't' };
  const cases: [idp: string, url: string][] = [
    ['https://rooms.example.com:8443/x', 'https://rooms.example.com:8443/WebServices/SyncNotification.svc?t'],
    ['http://rooms.internal:8080', 'https://rooms.internal:8080/WebServices/SyncNotification.svc?t'],
    ['https://rooms.example.com:443', 'https://rooms.example.com/WebServices/SyncNotification.svc?t'],
    ['http://rooms.example.com:80', 'https://rooms.example.com/WebServices/SyncNotification.svc?t'],
    ['http://[::1]:9000', 'https://[::1]:9000/WebServices/SyncNotification.svc?t'],
  ];
  for (const [idp, url] of cases) assert.deepEqual(resolve({ ...legacy, IdpRootUrl: idp }), ok(url, 'legacy'), idp);
});

test('2. legacy URL-encodes the tenant', () => {
  const result = resolve({ ExchangePushNotificationUseLegacyEndpoint: true, Tenant: 'Contoso & Co/Zürich?x=1#y' });
  assert.deepEqual(
    result,
    ok(
      'https://rooms.example.com/WebServices/SyncNotification.svc?Contoso%20%26%20Co%2FZ%C3%BCrich%3Fx%3D1%23y',
      'legacy',
    ),
  );
});

test('2. legacy without Tenant or IdpRootUrl is an error naming the key', () => {
  const noTenant = resolve({ ExchangePushNotificationUseLegacyEndpoint: true, Tenant: undefined });
  assert.ok(!noTenant.ok);
  assert.equal(noTenant.error.key, 'Tenant');
  assert.match(
    noTenant.error.message,
    /^Tenant \(unset\): required when ExchangePushNotificationUseLegacyEndpoint=true/,
  );
  const noIdp = resolve({ ExchangePushNotificationUseLegacyEndpoint: true, IdpRootUrl: undefined });
  assert.ok(!noIdp.ok);
  assert.equal(noIdp.error.key, 'IdpRootUrl');
  assert.match(
    noIdp.error.message,
    /^IdpRootUrl \(unset\): required when ExchangePushNotificationUseLegacyEndpoint=true/,
  );
});

test('3. default: IdpRootUrl + /api/webhooks/exchange, keeping a path prefix, no double slash', () => {
  const cases: [idp: string, url: string][] = [
    ['https://rooms.example.com', 'https://rooms.example.com/api/webhooks/exchange'],
    ['https://rooms.example.com/', 'https://rooms.example.com/api/webhooks/exchange'],
    ['https://rooms.example.com/tenant-a', 'https://rooms.example.com/tenant-a/api/webhooks/exchange'],
    ['https://rooms.example.com/tenant-a/', 'https://rooms.example.com/tenant-a/api/webhooks/exchange'],
    ['https://rooms.example.com:8443/a/b/', 'https://rooms.example.com:8443/a/b/api/webhooks/exchange'],
  ];
  for (const [idp, url] of cases) assert.deepEqual(resolve({ IdpRootUrl: idp }), ok(url, 'default'), idp);
});

test('3. default without IdpRootUrl is an error naming the key', () => {
  const result = resolve({ IdpRootUrl: undefined });
  assert.ok(!result.ok);
  assert.equal(result.error.key, 'IdpRootUrl');
  assert.equal(result.error.message, 'IdpRootUrl (unset): required when no ExchangePushNotificationEndpointUrl is set');
});

test('errors name where the key came from when sources are passed', () => {
  const raw: RawSettings = new Map([
    [
      'ExchangePushNotificationUseLegacyEndpoint',
      { value: 'true', source: 'env ExchangePushNotificationUseLegacyEndpoint' },
    ],
    ['IdpRootUrl', { value: 'https://rooms.example.com', source: 'file /etc/RoomsAppSettings.config' }],
    ['Tenant', { value: '', source: 'env Tenant' }],
  ]);
  const loaded = loadSettings(callbackSettings, raw);
  assert.ok(loaded.ok);
  const result = resolveCallbackUrl(loaded.settings, loaded.sources);
  assert.ok(!result.ok);
  assert.match(result.error.message, /^Tenant \(env Tenant\): required when/);
});

test('a hand-built, unparsable IdpRootUrl is reported with its value', () => {
  const result = resolve({ IdpRootUrl: 'rooms.example.com' });
  assert.ok(!result.ok);
  assert.equal(result.error.message, 'IdpRootUrl="rooms.example.com" (unset): not an absolute URL');
});
