import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadServiceConfig } from '@rooms-sync/config';
import { ewsAuthFromSettings } from './ewsAuthFromSettings.ts';
import { ewsSettings } from './ewsSettings.ts';

function load(env: Record<string, string>) {
  const config = loadServiceConfig(ewsSettings, { env: { ROOMS_APPSETTINGS_PATH: '', ...env } });
  assert.ok(config.ok);
  return ewsAuthFromSettings(config.settings, config.sources);
}

test('basic (the default) needs a user name and a password, and says which is missing', () => {
  const missing = load({});
  assert.equal(missing.ok, false);
  assert.deepEqual(!missing.ok && missing.errors.map((e) => e.key), ['EwsUsername', 'EwsPassword']);
  const ok = load({ EwsUsername: 'svc-rooms', EwsPassword: 'secret' });
  assert.deepEqual(ok.ok && ok.auth, { kind: 'basic', username: 'svc-rooms', password: 'secret' });
});

test('ntlm takes an optional domain; oauth needs tenant, client id and secret', () => {
  const ntlm = load({ EwsAuth: 'ntlm', EwsUsername: 'u', EwsPassword: 'p', EwsDomain: 'CONTOSO' });
  assert.deepEqual(ntlm.ok && ntlm.auth, { kind: 'ntlm', username: 'u', password: 'p', domain: 'CONTOSO' });
  const oauth = load({ EwsAuth: 'oauth', EwsOAuthTenantId: 't' });
  assert.deepEqual(!oauth.ok && oauth.errors.map((e) => e.key), ['EwsOAuthClientId', 'EwsOAuthClientSecret']);
});

test('bearer without a fixed token is OAuth client credentials (as the chart sets it)', () => {
  const bearer = load({ EwsAuth: 'bearer', EwsOAuthTenantId: 't', EwsOAuthClientId: 'c', EwsOAuthClientSecret: 's' });
  assert.deepEqual(bearer.ok && bearer.auth, {
    kind: 'oauth-client-credentials',
    tenantId: 't',
    clientId: 'c',
    clientSecret: 's',
  });
});

test('bearer with EwsBearerToken hands that token to the client', async () => {
  const bearer = load({ EwsAuth: 'bearer', EwsBearerToken: 'tok' });
  assert.ok(bearer.ok && bearer.auth.kind === 'bearer');
  assert.equal(await bearer.auth.token(), 'tok');
});
