import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestTls } from '@rooms-sync/testing';
import type { RawSettings, RawValue } from './readAppSettings.ts';
import { readConnections } from './readConnections.ts';
import type { ReadConnectionsResult } from './readConnections.ts';

const SECRET = 'sup3r-s3cret-value';
const CONFIG = 'file /etc/rooms/RoomsAppSettings.config';
const cert = createTestTls();
const other = createTestTls();
const FILES: Record<string, string> = {
  '/secrets/graph-secret': `${SECRET}\n`,
  '/secrets/ews-password': `${SECRET}\r\n`,
  '/secrets/empty': '\n',
  '/certs/app.pem': cert.certPem,
  '/certs/app.key': cert.keyPem,
  '/certs/other.key': other.keyPem,
  '/certs/garbage.pem': 'not a certificate',
};
const readFile = (path: string): string => {
  const text = FILES[path];
  if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
  return text;
};

/** Keys ending in `!` come from the file, in `~` from the environment over the file, the others from the environment. */
function raw(entries: Record<string, string>): RawSettings {
  return new Map(
    Object.entries(entries).map(([key, value]): [string, RawValue] => {
      if (key.endsWith('!')) return [key.slice(0, -1), { value, source: CONFIG }];
      if (key.endsWith('~'))
        return [key.slice(0, -1), { value, source: `env ${key.slice(0, -1)}`, overridesFile: true }];
      return [key, { value, source: `env ${key}` }];
    }),
  );
}

function connections(result: ReadConnectionsResult) {
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
  return result.connections;
}

function errors(result: ReadConnectionsResult): string[] {
  assert.ok(!result.ok, 'expected config errors');
  const messages = result.errors.map((e) => e.message);
  for (const message of messages) assert.doesNotMatch(message, new RegExp(SECRET), 'no message carries the secret');
  return messages;
}

const graph = (name: string) => ({
  [`Connection.${name}.Kind!`]: 'graph',
  [`Connection.${name}.TenantId!`]: 'contoso-tenant',
  [`Connection.${name}.ClientId!`]: 'rooms-sync-app',
});

test('no ExchangeConnections: no connections besides default', () => {
  assert.deepEqual(connections(readConnections(raw({}), readFile)), []);
  assert.deepEqual(connections(readConnections(raw({ ExchangeConnections: '' }), readFile)), []);
});

test('a graph connection with a secret from the environment, the defaults filled in', () => {
  const [c] = connections(
    readConnections(
      raw({ 'ExchangeConnections!': 'cloud', ...graph('cloud'), 'Connection.cloud.ClientSecret': SECRET }),
      readFile,
    ),
  );
  assert.deepEqual(c, {
    name: 'cloud',
    kind: 'graph',
    tenantId: 'contoso-tenant',
    clientId: 'rooms-sync-app',
    credential: { kind: 'secret', secret: SECRET },
    authorityHost: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
  });
});

test('a secret from a mounted file loses its trailing newline; a certificate pair is read and checked', () => {
  const found = connections(
    readConnections(
      raw({
        'ExchangeConnections!': 'cloud, cert',
        ...graph('cloud'),
        'Connection.cloud.ClientSecretFile!': '/secrets/graph-secret',
        'Connection.cloud.AuthorityHost!': 'https://127.0.0.1:8091',
        'Connection.cloud.GraphUrl!': 'https://127.0.0.1:8091',
        ...graph('cert'),
        'Connection.cert.CertificateFile!': '/certs/app.pem',
        'Connection.cert.PrivateKeyFile!': '/certs/app.key',
      }),
      readFile,
    ),
  );
  assert.deepEqual(
    found.map((c) => c.name),
    ['cloud', 'cert'],
  );
  const [cloud, withCert] = found;
  assert.ok(cloud?.kind === 'graph' && withCert?.kind === 'graph');
  assert.deepEqual(cloud.credential, { kind: 'secret', secret: SECRET });
  assert.equal(cloud.authorityHost, 'https://127.0.0.1:8091');
  assert.equal(withCert.credential.kind, 'certificate');
});

test('an ews connection: basic with a password file, ntlm with a domain, oauth, a fixed bearer token', async () => {
  const found = connections(
    readConnections(
      raw({
        'ExchangeConnections!': 'onprem,lab,exo,fixed',
        'Connection.onprem.Kind!': 'ews',
        'Connection.onprem.EwsUrl!': 'https://mail.contoso.example/EWS/Exchange.asmx',
        'Connection.onprem.EwsUsername!': 'svc-rooms',
        'Connection.onprem.EwsPasswordFile!': '/secrets/ews-password',
        'Connection.lab.Kind!': 'ews',
        'Connection.lab.EwsUrl!': 'https://lab.contoso.example/EWS/Exchange.asmx',
        'Connection.lab.EwsAuth!': 'ntlm',
        'Connection.lab.EwsUsername!': 'svc-rooms',
        'Connection.lab.EwsDomain!': 'LAB',
        'Connection.lab.EwsPassword': SECRET,
        'Connection.exo.Kind!': 'ews',
        'Connection.exo.EwsUrl!': 'https://outlook.office365.com/EWS/Exchange.asmx',
        'Connection.exo.EwsAuth!': 'oauth',
        'Connection.exo.EwsOAuthTenantId!': 't',
        'Connection.exo.EwsOAuthClientId!': 'c',
        'Connection.exo.EwsOAuthClientSecret': SECRET,
        'Connection.fixed.Kind!': 'ews',
        'Connection.fixed.EwsUrl!': 'https://fixed.contoso.example/EWS/Exchange.asmx',
        'Connection.fixed.EwsAuth!': 'bearer',
        'Connection.fixed.EwsBearerToken': 'a.b.c',
      }),
      readFile,
    ),
  );
  const auths = found.map((c) => (c.kind === 'ews' ? c.auth : undefined));
  assert.deepEqual(auths.slice(0, 3), [
    { kind: 'basic', username: 'svc-rooms', password: SECRET },
    { kind: 'ntlm', username: 'svc-rooms', password: SECRET, domain: 'LAB' },
    { kind: 'oauth-client-credentials', tenantId: 't', clientId: 'c', clientSecret: SECRET },
  ]);
  const fixed = auths[3];
  assert.ok(fixed?.kind === 'bearer');
  assert.equal(await fixed.token(), 'a.b.c');
});

const refusals: [string, Record<string, string>, RegExp][] = [
  ['a bad name', { ExchangeConnections: 'Cloud' }, /ExchangeConnections=.*"Cloud" is not a connection name/],
  ['default', { ExchangeConnections: 'default' }, /"default" is the connection of the Ews\* keys/],
  [
    'a duplicate name',
    { ExchangeConnections: 'a,a', ...graph('a'), 'Connection.a.ClientSecret': SECRET },
    /"a" is listed twice/,
  ],
  ['an empty item', { ExchangeConnections: 'a,,b' }, /empty item/],
  ['a missing kind', { ExchangeConnections: 'a' }, /^Connection\.a\.Kind \(unset\): required$/],
  [
    'an unknown kind',
    { ExchangeConnections: 'a', 'Connection.a.Kind': 'imap' },
    /Connection\.a\.Kind="imap".*not one of ews\|graph/,
  ],
  [
    'a missing tenant',
    {
      ExchangeConnections: 'a',
      'Connection.a.Kind': 'graph',
      'Connection.a.ClientId': 'c',
      'Connection.a.ClientSecret': SECRET,
    },
    /^Connection\.a\.TenantId \(unset\): required$/,
  ],
  [
    'no credential',
    { ExchangeConnections: 'a', ...graph('a') },
    /Connection\.a\.ClientSecret \(unset\): a graph connection needs a credential/,
  ],
  [
    'a secret and a certificate',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.ClientSecret': SECRET,
      'Connection.a.CertificateFile': '/certs/app.pem',
    },
    /set together with Connection\.a\.CertificateFile: a connection has one credential/,
  ],
  [
    'a secret twice',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.ClientSecret': SECRET,
      'Connection.a.ClientSecretFile': '/secrets/graph-secret',
    },
    /Connection\.a\.ClientSecret \(env Connection\.a\.ClientSecret\): set together with Connection\.a\.ClientSecretFile: choose one/,
  ],
  [
    'a secret in RoomsAppSettings.config',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.ClientSecret!': SECRET },
    /^Connection\.a\.ClientSecret \(file \/etc\/rooms\/RoomsAppSettings\.config\): a secret must not be written in RoomsAppSettings\.config \(a ConfigMap\): set the environment variable Connection\.a\.ClientSecret or mount it as a file named by Connection\.a\.ClientSecretFile$/,
  ],
  [
    'a secret in RoomsAppSettings.config that the environment overrides',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.ClientSecret~': SECRET },
    /^Connection\.a\.ClientSecret \(env Connection\.a\.ClientSecret\): is also written in RoomsAppSettings\.config \(a ConfigMap\), where a secret must not be: remove it there$/,
  ],
  [
    'an ews password in RoomsAppSettings.config',
    {
      ExchangeConnections: 'a',
      'Connection.a.Kind': 'ews',
      'Connection.a.EwsUrl': 'https://x.example/EWS/Exchange.asmx',
      'Connection.a.EwsUsername': 'u',
      'Connection.a.EwsPassword!': SECRET,
    },
    /Connection\.a\.EwsPassword \(file .*\): a secret must not be written/,
  ],
  [
    'an unreadable file',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.ClientSecretFile': '/secrets/missing' },
    /Connection\.a\.ClientSecretFile="\/secrets\/missing" \(env .*\): cannot read the file: ENOENT/,
  ],
  [
    'an empty file',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.ClientSecretFile': '/secrets/empty' },
    /the file is empty/,
  ],
  [
    'a certificate without its key',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.CertificateFile': '/certs/app.pem' },
    /Connection\.a\.PrivateKeyFile \(unset\): required with a certificate credential/,
  ],
  [
    'a file that is no certificate',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.CertificateFile': '/certs/garbage.pem',
      'Connection.a.PrivateKeyFile': '/certs/app.key',
    },
    /Connection\.a\.CertificateFile="\/certs\/garbage\.pem".*not a PEM certificate/,
  ],
  [
    'the key of another certificate',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.CertificateFile': '/certs/app.pem',
      'Connection.a.PrivateKeyFile': '/certs/other.key',
    },
    /Connection\.a\.PrivateKeyFile=.*not the private key of the certificate/,
  ],
  [
    'an http authority',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.ClientSecret': SECRET,
      'Connection.a.AuthorityHost': 'http://login.example',
    },
    /Connection\.a\.AuthorityHost="http:\/\/login\.example".*scheme must be one of https:/,
  ],
  [
    'an ews connection without url',
    {
      ExchangeConnections: 'a',
      'Connection.a.Kind': 'ews',
      'Connection.a.EwsUsername': 'u',
      'Connection.a.EwsPassword': SECRET,
    },
    /Connection\.a\.EwsUrl \(unset\): required/,
  ],
  [
    'an ews connection without password',
    {
      ExchangeConnections: 'a',
      'Connection.a.Kind': 'ews',
      'Connection.a.EwsUrl': 'https://x.example/EWS/Exchange.asmx',
      'Connection.a.EwsUsername': 'u',
    },
    /Connection\.a\.EwsPassword \(unset\): required when EwsAuth=basic/,
  ],
  [
    'a key of the other kind',
    {
      ExchangeConnections: 'a',
      ...graph('a'),
      'Connection.a.ClientSecret': SECRET,
      'Connection.a.EwsUrl': 'https://x.example/',
    },
    /Connection\.a\.EwsUrl \(env Connection\.a\.EwsUrl\): not a setting of a graph connection/,
  ],
  [
    'a connection that is not listed',
    { ExchangeConnections: 'a', ...graph('a'), 'Connection.a.ClientSecret': SECRET, 'Connection.b.Kind': 'graph' },
    /Connection\.b\.Kind.*connection "b" is not listed in ExchangeConnections/,
  ],
];

for (const [what, entries, expected] of refusals) {
  test(`refused: ${what}`, () => {
    const messages = errors(readConnections(raw(entries), readFile));
    assert.ok(
      messages.some((m) => expected.test(m)),
      `${expected.source}\nnot among\n${messages.join('\n')}`,
    );
  });
}

test('every error of every connection comes back at once, without a secret', () => {
  const messages = errors(
    readConnections(
      raw({
        ExchangeConnections: 'a,b',
        'Connection.a.Kind': 'graph',
        'Connection.a.ClientSecret!': SECRET,
        'Connection.b.Kind': 'ews',
      }),
      readFile,
    ),
  );
  assert.deepEqual(
    messages.map((m) => m.split(' ')[0]),
    [
      'Connection.a.TenantId',
      'Connection.a.ClientId',
      'Connection.a.ClientSecret',
      'Connection.b.EwsUrl',
      'Connection.b.EwsUsername',
      'Connection.b.EwsPassword',
    ],
  );
});
