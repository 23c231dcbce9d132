// The manager's start-up checks of connections: a Graph connection needs an https callback, and a
// broken connection stops the start with the key named, never its secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManagerConfig } from './settings.ts';

const SECRET = 'graph-app-secret-value';
const base = {
  ROOMS_APPSETTINGS_PATH: '',
  IdpRootUrl: 'https://rooms.contoso.example/',
  EwsUsername: 'svc',
  EwsPassword: 'pw',
  KafkaClientId: 'manager',
};
const online = {
  ExchangeConnections: 'online',
  'Connection.online.Kind': 'graph',
  'Connection.online.TenantId': 'contoso-tenant',
  'Connection.online.ClientId': 'app-1',
  'Connection.online.ClientSecret': SECRET,
};

test('without a Graph connection nothing about Graph is required', () => {
  const config = readManagerConfig({ ...base, IdpRootUrl: 'http://127.0.0.1:8080/' }, []);
  assert.ok(config.ok, JSON.stringify(!config.ok && config.errors.map((e) => e.message)));
  assert.equal(config.graphCallback, undefined);
  assert.deepEqual(config.connections, []);
});

test('a Graph connection gets its callback URLs from IdpRootUrl, or from GraphNotificationEndpointUrl', () => {
  const byDefault = readManagerConfig({ ...base, ...online }, []);
  assert.ok(byDefault.ok);
  assert.equal(byDefault.graphCallback?.notificationUrl, 'https://rooms.contoso.example/api/webhooks/graph');
  assert.equal(byDefault.connections[0]?.name, 'online');
  const overridden = readManagerConfig(
    { ...base, ...online, GraphNotificationEndpointUrl: 'https://hooks.contoso.example/graph' },
    [],
  );
  assert.ok(overridden.ok);
  assert.equal(overridden.graphCallback?.lifecycleNotificationUrl, 'https://hooks.contoso.example/graph/lifecycle');
});

test('a Graph connection with a plain-http callback stops the start, unless local development allows it', () => {
  const http = { ...base, ...online, IdpRootUrl: 'http://127.0.0.1:8080/' };
  const refused = readManagerConfig(http, []);
  assert.ok(!refused.ok);
  assert.match(refused.errors.map((e) => e.message).join('\n'), /IdpRootUrl.*only https callbacks/s);
  assert.doesNotMatch(refused.errors.map((e) => e.message).join('\n'), new RegExp(SECRET));
  const allowed = readManagerConfig({ ...http, GraphAllowInsecureCallback: 'true' }, []);
  assert.ok(allowed.ok);
  assert.equal(allowed.graphCallback?.notificationUrl, 'http://127.0.0.1:8080/api/webhooks/graph');
});

test('a broken connection stops the start naming the key, never the secret', () => {
  const refused = readManagerConfig({ ...base, ...online, 'Connection.online.TenantId': undefined }, []);
  assert.ok(!refused.ok);
  const text = refused.errors.map((e) => e.message).join('\n');
  assert.match(text, /Connection\.online\.TenantId/);
  assert.doesNotMatch(text, new RegExp(SECRET));
});

test('Graph subscription timings: production defaults, and a lifetime below Graph’s 45-minute minimum refused', () => {
  const config = readManagerConfig({ ...base, ...online }, []);
  assert.ok(config.ok);
  assert.deepEqual(
    [
      config.settings.GraphSubscriptionMinutes,
      config.settings.GraphRenewBeforeMinutes,
      config.settings.GraphReconcileIntervalMinutes,
    ],
    [10_080, 1_440, 60],
  );
  const short = readManagerConfig({ ...base, ...online, GraphSubscriptionMinutes: '44' }, []);
  assert.ok(!short.ok);
  assert.match(short.errors.map((e) => e.message).join('\n'), /GraphSubscriptionMinutes/);
});
