import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CommandConnection } from './commandConnections.ts';
import { clientIdOf, describeConnection, describeCredential } from './describeConnection.ts';

const SECRET = 'never-printed-4c1f';
const ews = {
  name: 'onprem',
  kind: 'ews',
  url: 'https://mail.example/EWS/Exchange.asmx',
  timeoutMs: 1000,
  allowUntrustedCertificate: false,
} as const;
const graph: CommandConnection = {
  name: 'cloud',
  kind: 'graph',
  tenantId: 'contoso-tenant',
  clientId: 'app-1',
  credential: { kind: 'secret', secret: SECRET },
  authorityHost: 'https://login.example',
  graphUrl: 'https://graph.example',
};

test('each credential by its kind and whose it is, never the secret', () => {
  const described: [CommandConnection, string][] = [
    [{ ...ews, auth: { kind: 'basic', username: 'svc', password: SECRET } }, 'basic as svc'],
    [{ ...ews, auth: { kind: 'ntlm', username: 'svc', password: SECRET, domain: 'CONTOSO' } }, 'ntlm as CONTOSO\\svc'],
    [{ ...ews, auth: { kind: 'ntlm', username: 'svc', password: SECRET } }, 'ntlm as svc'],
    [{ ...ews, auth: { kind: 'bearer', token: () => Promise.resolve(SECRET) } }, 'fixed bearer token'],
    [
      {
        ...ews,
        auth: { kind: 'oauth-client-credentials', tenantId: 'contoso-tenant', clientId: 'app-2', clientSecret: SECRET },
      },
      'oauth secret of app app-2 in tenant contoso-tenant',
    ],
    [graph, 'secret of app app-1 in tenant contoso-tenant'],
  ];
  for (const [connection, expected] of described) {
    assert.equal(describeCredential(connection), expected);
    assert.ok(!describeConnection(connection).includes(SECRET));
  }
  assert.equal(
    describeConnection(graph),
    'cloud (graph, https://graph.example, secret of app app-1 in tenant contoso-tenant)',
  );
});

test("the app's client id where there is an app; none for an EWS user account", () => {
  assert.equal(clientIdOf(graph), 'app-1');
  assert.equal(
    clientIdOf({
      ...ews,
      auth: { kind: 'oauth-client-credentials', tenantId: 't', clientId: 'app-2', clientSecret: SECRET },
    }),
    'app-2',
  );
  assert.equal(clientIdOf({ ...ews, auth: { kind: 'basic', username: 'svc', password: SECRET } }), undefined);
});
