import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'node:querystring';
import {
  changeNotification,
  checkGraphCallbacks,
  GRAPH_PATHS,
  handshakeProblems,
  handshakeUrl,
  validationToken,
} from './graphCallbacks.ts';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

async function serve(t: { after(fn: () => void): void }, handler: Handler): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      seen.push(`${req.method ?? ''} ${req.url ?? ''} ${req.headers['content-type'] ?? ''}`);
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** Answers as the webhook-ingress does (libs/webhook graphNotificationRoute). */
const likeTheIngress: Handler = (req, _body, res) => {
  const token = parse((req.url ?? '').split('?')[1] ?? '')['validationToken'];
  if (typeof token === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(token);
  } else {
    res.writeHead(202).end();
  }
};

test("the handshake URL is Graph's form encoding and decodes back to the token", () => {
  const token = validationToken('6d1f0c3a-2b4e-4f5a-8c7d-9e0a1b2c3d4e');
  assert.equal(
    token,
    'Validation: Testing client application reachability for subscription Request-Id: 6d1f0c3a-2b4e-4f5a-8c7d-9e0a1b2c3d4e',
  );
  const url = handshakeUrl('http://10.0.0.1:8080', '/api/webhooks/graph', token);
  assert.equal(
    url,
    'http://10.0.0.1:8080/api/webhooks/graph?validationToken=Validation%3a+Testing+client+application+reachability+for+subscription+Request-Id%3a+6d1f0c3a-2b4e-4f5a-8c7d-9e0a1b2c3d4e',
  );
  assert.equal(new URL(url).searchParams.get('validationToken'), token);
  assert.equal(parse(new URL(url).search.slice(1))['validationToken'], token);
});

test('a handshake reply must be 200, text/plain and exactly the token', () => {
  const token = validationToken();
  assert.deepEqual(
    handshakeProblems(token, { status: 200, contentType: 'text/plain; charset=utf-8', body: token }),
    [],
  );
  assert.deepEqual(handshakeProblems(token, { status: 200, contentType: 'text/plain', body: token }), []);
  assert.deepEqual(
    handshakeProblems(token, { status: 202, contentType: 'text/html', body: `<p>${token}</p>` }).length,
    3,
  );
  assert.equal(handshakeProblems(token, { status: 200, contentType: 'text/plainish', body: token }).length, 1);
  assert.equal(handshakeProblems(token, { status: 200, contentType: 'text/plain', body: `${token}\n` }).length, 1);
});

test("the notification has Graph's shape and a clientState nobody issued", () => {
  const body = JSON.parse(changeNotification('sub-x')) as { value: Record<string, unknown>[] };
  assert.equal(body.value.length, 1);
  const [item] = body.value;
  assert.equal(item?.['subscriptionId'], 'sub-x');
  assert.equal(item?.['changeType'], 'updated');
  assert.match(String(item?.['resource']), /^Users\/[0-9a-f-]{36}\/Events\/AAMkA/);
  assert.equal(typeof item?.['clientState'], 'string');
  assert.equal((item?.['resourceData'] as { id?: string }).id, String(item?.['resource']).split('/')[3]);
  const again = JSON.parse(changeNotification('sub-x')) as typeof body;
  assert.notEqual(again.value[0]?.['clientState'], item?.['clientState']);
});

test('an ingress that answers as Graph expects passes: both handshakes, then 202 and nothing recorded', async (t) => {
  const { url, seen } = await serve(t, likeTheIngress);
  const asked: string[] = [];
  const { problems, summary } = await checkGraphCallbacks(url, (id) => {
    asked.push(id);
    return Promise.resolve(false);
  });
  assert.deepEqual(problems, []);
  assert.match(summary, /HTTP 202/);
  assert.equal(seen.length, 3);
  for (const [i, path] of GRAPH_PATHS.entries()) {
    assert.match(seen[i] ?? '', new RegExp(`^POST ${path}\\?validationToken=Validation%3a\\+Testing\\+.* text/plain`));
  }
  assert.match(seen[2] ?? '', /^POST \/api\/webhooks\/graph application\/json/);
  assert.equal(asked.length, 1);
  assert.match(asked[0] ?? '', /^cluster-test-graph-/);
});

test('a wrong handshake answer, a non-202 or a recorded notification each fail the check', async (t) => {
  const wrong = await serve(t, (_req, _body, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
  const found = await checkGraphCallbacks(wrong.url, () => Promise.resolve(false));
  assert.equal(found.problems.filter((p) => p.startsWith('handshake on ')).length, 4);
  assert.match(found.problems.at(-1) ?? '', /unknown subscription: HTTP 200, not 202/);

  const recording = await serve(t, likeTheIngress);
  const recorded = await checkGraphCallbacks(recording.url, () => Promise.resolve(true));
  assert.equal(recorded.problems.length, 1);
  assert.match(recorded.problems[0] ?? '', /^unknown subscription cluster-test-graph-.* was recorded$/);

  const down = await checkGraphCallbacks('http://127.0.0.1:1', () => Promise.resolve(false));
  assert.equal(down.problems.length, 7);
});
