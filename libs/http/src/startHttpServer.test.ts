import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHttpServer } from './startHttpServer.ts';

test('close waits for an in-flight request, then resolves', async () => {
  let release: () => void = () => undefined;
  const srv = await startHttpServer(
    (_req, res) => {
      release = () => res.end('done');
    },
    { port: 0 },
  );
  const pending = fetch(srv.url).then((r) => r.text());
  await new Promise((r) => setTimeout(r, 50));
  let closed = false;
  const closing = srv.close(2000).then(() => {
    closed = true;
  });
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(closed, false, 'must not close under an in-flight request');
  release();
  assert.equal(await pending, 'done');
  await closing;
  assert.equal(closed, true);
});

test('close cuts a request that outlives the grace period', async () => {
  const srv = await startHttpServer(() => undefined, { port: 0 });
  const pending = fetch(srv.url).catch((e: unknown) => e);
  await new Promise((r) => setTimeout(r, 50));
  await srv.close(100);
  assert.ok((await pending) instanceof Error);
});
