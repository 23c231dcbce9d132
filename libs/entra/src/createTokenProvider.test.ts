import { test } from 'node:test';
import assert from 'node:assert/strict';
import { constants, createPublicKey, createVerify } from 'node:crypto';
import { createTestTls } from '@rooms-sync/testing';
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { createTokenProvider } from './createTokenProvider.ts';
import { certificateCredential } from './credential.ts';
import { TokenRequestError } from './TokenRequestError.ts';

const HOST = 'https://login.sim.test';
const TENANT = 'contoso-tenant';
const CLIENT = 'app-1';
const SECRET = 'the-real-secret-value';

interface Seen {
  url: string;
  body: URLSearchParams;
}

/** Entra ID as MSAL sees it through its network module: authority metadata and the token endpoint. */
function fakeEntra(answer: (seen: Seen) => { status: number; body: object }) {
  const posts: Seen[] = [];
  const client: INetworkModule = {
    sendGetRequestAsync<T>(url: string): Promise<NetworkResponse<T>> {
      assert.equal(url, `${HOST}/${TENANT}/v2.0/.well-known/openid-configuration`);
      const base = `${HOST}/${TENANT}`;
      const body = {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        issuer: `${base}/v2.0`,
        jwks_uri: `${base}/discovery/v2.0/keys`,
      };
      return Promise.resolve({ headers: {}, status: 200, body: body as T });
    },
    sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
      const seen = { url, body: new URLSearchParams(options?.body ?? '') };
      posts.push(seen);
      const { status, body } = answer(seen);
      return Promise.resolve({ headers: {}, status, body: body as T });
    },
  };
  return { client, posts };
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return assert.fail('expected a failure');
}

const ok = { status: 200, body: { token_type: 'Bearer', expires_in: 3599, access_token: 'token-1' } };

test('a client secret buys a token, posted to the tenant token endpoint; later calls are served from the cache', async () => {
  const entra = fakeEntra(() => ok);
  const token = createTokenProvider({
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { kind: 'secret', secret: SECRET },
    scope: 'https://graph.microsoft.com/.default',
    authorityHost: HOST,
    networkClient: entra.client,
  });
  assert.equal(await token(), 'token-1');
  assert.equal(await token(), 'token-1');
  assert.equal(entra.posts.length, 1);
  const [post] = entra.posts;
  assert.equal(post?.url.split('?')[0], `${HOST}/${TENANT}/oauth2/v2.0/token`);
  assert.equal(post?.body.get('grant_type'), 'client_credentials');
  assert.equal(post?.body.get('client_id'), CLIENT);
  assert.equal(post?.body.get('client_secret'), SECRET);
  assert.match(post?.body.get('scope') ?? '', /https:\/\/graph\.microsoft\.com\/\.default/);
});

test('a wrong secret is a TokenRequestError naming invalid_client, not retriable, without the secret', async () => {
  const entra = fakeEntra(() => ({
    status: 401,
    body: {
      error: 'invalid_client',
      error_description:
        'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent is the client secret value.\r\nTrace ID: 1',
      error_codes: [7000215],
    },
  }));
  const token = createTokenProvider({
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { kind: 'secret', secret: SECRET },
    scope: 'https://graph.microsoft.com/.default',
    authorityHost: HOST,
    networkClient: entra.client,
  });
  const error = await failureOf(token());
  assert.ok(error instanceof TokenRequestError);
  assert.equal(error.oauthError, 'invalid_client');
  assert.equal(error.retriable, false);
  assert.match(error.message, /AADSTS7000215/);
  assert.doesNotMatch(`${error.message} ${JSON.stringify(error)}`, new RegExp(SECRET));
});

test('the endpoint unreachable is a retriable TokenRequestError', async () => {
  const entra = fakeEntra(() => ok);
  entra.client.sendPostRequestAsync = () => Promise.reject(new Error('connect ECONNREFUSED'));
  const token = createTokenProvider({
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { kind: 'secret', secret: SECRET },
    scope: 'https://graph.microsoft.com/.default',
    authorityHost: HOST,
    networkClient: entra.client,
  });
  const error = await failureOf(token());
  assert.ok(error instanceof TokenRequestError);
  assert.equal(error.retriable, true);
});

test('a certificate signs a client assertion that its public key verifies, with the SHA-256 thumbprint', async () => {
  const { certPem: certificatePem, keyPem: privateKeyPem } = createTestTls();
  const entra = fakeEntra(() => ok);
  const token = createTokenProvider({
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { kind: 'certificate', certificatePem, privateKeyPem },
    scope: 'https://graph.microsoft.com/.default',
    authorityHost: HOST,
    networkClient: entra.client,
  });
  assert.equal(await token(), 'token-1');
  const body = entra.posts[0]?.body;
  assert.equal(body?.get('client_secret'), null);
  assert.equal(body?.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
  const [header, payload, signature] = (body?.get('client_assertion') ?? '').split('.');
  assert.ok(header && payload && signature, 'a three-part JWT');
  const verifier = createVerify('RSA-SHA256').update(`${header}.${payload}`);
  const key = createPublicKey(certificatePem);
  const alg = (JSON.parse(Buffer.from(header, 'base64url').toString()) as { alg: string })['alg'];
  assert.ok(
    alg === 'PS256'
      ? verifier.verify(
          { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 },
          Buffer.from(signature, 'base64url'),
        )
      : verifier.verify(key, Buffer.from(signature, 'base64url')),
    `the assertion (${alg}) verifies with the certificate's key`,
  );
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
  assert.equal(claims['iss'], CLIENT);
  assert.equal(claims['sub'], CLIENT);
  assert.equal(claims['aud'], `${HOST}/${TENANT}/oauth2/v2.0/token`);
  const jose = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
  const thumbprint = Buffer.from(certificateCredential(certificatePem, privateKeyPem).thumbprintSha256, 'hex');
  assert.equal(jose['x5t#S256'], thumbprint.toString('base64url'));
});
