import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { createClientCredentialsTokenProvider } from './createClientCredentialsTokenProvider.ts';
import { TokenRequestError } from './TokenRequestError.ts';

interface Seen {
  url: string;
  contentType: string | undefined;
  form: URLSearchParams;
}

async function startTokenEndpoint(
  answer: (seen: Seen, n: number) => { status: number; body: unknown; delayMs?: number },
) {
  const seen: Seen[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s: Seen = {
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        form: new URLSearchParams(Buffer.concat(chunks).toString()),
      };
      seen.push(s);
      const a = answer(s, seen.length);
      setTimeout(() => {
        res.writeHead(a.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(a.body));
      }, a.delayMs ?? 0).unref();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    authorityHost: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

const base = { tenantId: 'contoso-tenant', clientId: 'app-123', clientSecret: 's3cret' };

test('posts the client-credentials grant to <authority>/<tenant>/oauth2/v2.0/token with the EWS scope', async (t) => {
  const endpoint = await startTokenEndpoint((_, n) => ({
    status: 200,
    body: { token_type: 'Bearer', access_token: `token-${n}`, expires_in: 3599 },
  }));
  t.after(endpoint.close);
  const token = createClientCredentialsTokenProvider({ ...base, authorityHost: `${endpoint.authorityHost}/` });
  assert.equal(await token(), 'token-1');
  const req = endpoint.seen[0]!;
  assert.equal(req.url, '/contoso-tenant/oauth2/v2.0/token');
  assert.equal(req.contentType, 'application/x-www-form-urlencoded');
  assert.deepEqual(Object.fromEntries(req.form), {
    grant_type: 'client_credentials',
    client_id: 'app-123',
    client_secret: 's3cret',
    scope: 'https://outlook.office365.com/.default',
  });
});

test('caches the token until shortly before expiry, then fetches a new one', async (t) => {
  const endpoint = await startTokenEndpoint((_, n) => ({
    status: 200,
    body: { access_token: `token-${n}`, expires_in: 3600 },
  }));
  t.after(endpoint.close);
  let now = 1_000_000;
  const token = createClientCredentialsTokenProvider({
    ...base,
    authorityHost: endpoint.authorityHost,
    now: () => now,
    refreshBeforeExpiryMs: 300_000,
  });
  assert.equal(await token(), 'token-1');
  now += 3_299_000; // 1 s before the refresh point (3600 s − 300 s)
  assert.equal(await token(), 'token-1');
  now += 1_000;
  assert.equal(await token(), 'token-2');
  assert.equal(endpoint.seen.length, 2);
});

test('concurrent callers share one token request', async (t) => {
  const endpoint = await startTokenEndpoint(() => ({
    status: 200,
    body: { access_token: 'shared', expires_in: 3600 },
    delayMs: 50,
  }));
  t.after(endpoint.close);
  const token = createClientCredentialsTokenProvider({ ...base, authorityHost: endpoint.authorityHost });
  const tokens = await Promise.all([token(), token(), token()]);
  assert.deepEqual(tokens, ['shared', 'shared', 'shared']);
  assert.equal(endpoint.seen.length, 1);
});

test('an error answer becomes a TokenRequestError with the status and OAuth error; the next call retries', async (t) => {
  const endpoint = await startTokenEndpoint((_, n) =>
    n === 1
      ? {
          status: 401,
          body: { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' },
        }
      : { status: 200, body: { access_token: 'after-fix', expires_in: 3600 } },
  );
  t.after(endpoint.close);
  const token = createClientCredentialsTokenProvider({ ...base, authorityHost: endpoint.authorityHost });
  await assert.rejects(token(), (err: unknown) => {
    assert.ok(err instanceof TokenRequestError);
    assert.equal(err.status, 401);
    assert.equal(err.oauthError, 'invalid_client');
    assert.equal(err.retriable, false);
    assert.doesNotMatch(err.message, /s3cret/);
    return true;
  });
  assert.equal(await token(), 'after-fix');
});

test('a slow token endpoint times out as a retriable TokenRequestError', async (t) => {
  const endpoint = await startTokenEndpoint(() => ({
    status: 200,
    body: { access_token: 'late', expires_in: 3600 },
    delayMs: 2_000,
  }));
  t.after(endpoint.close);
  const token = createClientCredentialsTokenProvider({
    ...base,
    authorityHost: endpoint.authorityHost,
    timeoutMs: 100,
  });
  await assert.rejects(token(), (err: unknown) => err instanceof TokenRequestError && err.timedOut && err.retriable);
});

test('a response without access_token or expires_in is rejected', async (t) => {
  const endpoint = await startTokenEndpoint(() => ({ status: 200, body: { token_type: 'Bearer' } }));
  t.after(endpoint.close);
  const token = createClientCredentialsTokenProvider({ ...base, authorityHost: endpoint.authorityHost });
  await assert.rejects(token(), TokenRequestError);
});
