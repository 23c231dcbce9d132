// The token endpoint and the Graph face's token checks, driven by the real @azure/msal-node and
// @microsoft/microsoft-graph-client against the simulator over HTTPS.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import { acquireToken, createGraphClient, createMsalClient } from '../testing/graphClients.ts';
import type { RunningSimulator } from '../testing/startSimulator.ts';
import { startSimulator } from '../testing/startSimulator.ts';

const TENANT = '7a1c3e52-0d4b-4f6e-9a21-5c8d2b7e4f10';
const CLIENT = 'b3f2e1d0-1111-4c2b-8e3f-222233334444';
const tls = createTestTls();
// Trust the test CA the way NODE_EXTRA_CA_CERTS would, but in this process: MSAL's https agent
// and the Graph client's fetch both read Node's default CA list, so neither needs a custom
// agent and both run exactly as they would in a service started with NODE_EXTRA_CA_CERTS.
trustInThisProcess(tls.caPem);

let sim: RunningSimulator;
before(async () => {
  sim = await startSimulator({
    tls,
    mailboxes: [
      { address: 'cloud-room@contoso.example', displayName: 'Cloud room', kind: 'online' },
      { address: 'onprem-room@contoso.example', displayName: 'On-prem room' },
    ],
    graph: {
      apps: [
        { tenantId: TENANT, clientId: CLIENT, clientSecret: 's3cret~value' },
        { tenantId: TENANT, clientId: CLIENT, certificatePem: tls.certPem },
      ],
    },
  });
});
after(async () => {
  await sim.close();
  tls.cleanup();
});

const target = (credential: Parameters<typeof createMsalClient>[0]['credential']) => ({
  graphUrl: sim.graphUrl,
  tenantId: TENANT,
  clientId: CLIENT,
  credential,
});

test('MSAL gets a token with the client secret and Graph accepts it', async () => {
  const token = await acquireToken(createMsalClient(target({ clientSecret: 's3cret~value' })));
  const graph = createGraphClient(sim.graphUrl, () => Promise.resolve(token));
  const user = (await graph.api('/users/cloud-room@contoso.example').get()) as { mail: string; id: string };
  assert.equal(user.mail, 'cloud-room@contoso.example');
  assert.match(user.id, /^[0-9a-f-]{36}$/);
});

test('MSAL gets a token with a certificate (PS256 assertion, x5t#S256) verified against the registered one', async () => {
  const token = await acquireToken(
    createMsalClient(target({ thumbprintSha256: tls.thumbprintSha256, privateKey: tls.keyPem })),
  );
  const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
  assert.deepEqual([claims.tid, claims.appid, claims.aud], [TENANT, CLIENT, 'https://graph.microsoft.com']);
});

test('a wrong secret is refused with 401 invalid_client and an AADSTS code, which MSAL surfaces', async () => {
  await assert.rejects(acquireToken(createMsalClient(target({ clientSecret: 'wrong' }))), (err: unknown) => {
    const e = err as { errorCode?: string; errorMessage?: string };
    assert.equal(e.errorCode, 'invalid_client');
    assert.match(e.errorMessage ?? '', /AADSTS7000215/);
    return true;
  });
  const res = await fetch(`${sim.graphUrl}/${TENANT}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: CLIENT,
      client_secret: 'wrong',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  assert.equal(res.status, 401);
  const body = (await res.json()) as { error: string; error_codes: number[] };
  assert.deepEqual([body.error, body.error_codes], ['invalid_client', [7000215]]);
});

test('the metadata MSAL reads points back at the simulator; unknown tenants get AADSTS90002', async () => {
  const cfg = (await (await fetch(`${sim.graphUrl}/${TENANT}/v2.0/.well-known/openid-configuration`)).json()) as {
    token_endpoint: string;
  };
  assert.equal(cfg.token_endpoint, `${sim.graphUrl}/${TENANT}/oauth2/v2.0/token`);
  const discovery = (await (await fetch(`${sim.graphUrl}/common/discovery/instance?api-version=1.1`)).json()) as {
    metadata: { aliases: string[] }[];
  };
  assert.deepEqual(discovery.metadata[0]?.aliases, [new URL(sim.graphUrl).host]);
  const unknown = await fetch(`${sim.graphUrl}/other-tenant/v2.0/.well-known/openid-configuration`);
  assert.equal(unknown.status, 400);
  assert.match(((await unknown.json()) as { error_description: string }).error_description, /^AADSTS90002/);
});

test('Graph refuses missing, forged and foreign-audience tokens with 401 InvalidAuthenticationToken', async () => {
  const call = async (token: string) => {
    const graph = createGraphClient(sim.graphUrl, () => Promise.resolve(token));
    try {
      await graph.api('/users/cloud-room@contoso.example').get();
      return undefined;
    } catch (err) {
      return err as ClientGraphError;
    }
  };
  const good = await acquireToken(createMsalClient(target({ clientSecret: 's3cret~value' })));
  const [h, p] = good.split('.');
  for (const bad of ['', 'not-a-jwt', `${h}.${p}.${Buffer.from('forged').toString('base64url')}`]) {
    const err = await call(bad);
    assert.equal(err?.statusCode, 401, bad);
    assert.equal(err.code, 'InvalidAuthenticationToken');
  }
  const outlook = (await (
    await fetch(`${sim.graphUrl}/${TENANT}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: CLIENT,
        client_secret: 's3cret~value',
        scope: 'https://outlook.office365.com/.default',
      }),
    })
  ).json()) as { access_token: string };
  assert.match((await call(outlook.access_token))?.message ?? '', /Invalid audience/);
});

test('an on-premises mailbox answers Graph with MailboxNotEnabledForRESTAPI; an online one is refused by EWS', async () => {
  const token = await acquireToken(createMsalClient(target({ clientSecret: 's3cret~value' })));
  const graph = createGraphClient(sim.graphUrl, () => Promise.resolve(token));
  await assert.rejects(
    graph
      .api('/users/onprem-room@contoso.example/calendarView/delta')
      .query({ startDateTime: '2026-12-01T00:00:00Z', endDateTime: '2026-12-31T00:00:00Z' })
      .get(),
    (err: ClientGraphError) => err.statusCode === 404 && err.code === 'MailboxNotEnabledForRESTAPI',
  );
  const ews = await fetch(sim.ewsUrl, {
    method: 'POST',
    headers: { 'content-type': 'text/xml', 'x-anchormailbox': 'cloud-room@contoso.example' },
    body: '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:GetItem xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"/></s:Body></s:Envelope>',
  });
  assert.equal(ews.status, 403);
  assert.equal(
    (await sim.admin('PATCH', '/admin/mailboxes/cloud-room@contoso.example', { kind: 'onprem' })).status,
    200,
  );
  await assert.rejects(
    graph.api('/users/cloud-room@contoso.example/events/AAMkAAAA').get(),
    (err: ClientGraphError) => err.code === 'MailboxNotEnabledForRESTAPI',
  );
  await sim.admin('PATCH', '/admin/mailboxes/cloud-room@contoso.example', { kind: 'online' });
});
