import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import { BodyTooLargeError, readBody } from './readBody.ts';

function request(
  chunks: readonly string[],
  headers: Record<string, string> = {},
): IncomingMessage & { pulled: () => boolean } {
  let pulled = false;
  const rest = [...chunks];
  const stream = new Readable({
    read() {
      pulled = true;
      this.push(rest.length > 0 ? Buffer.from(rest.shift() ?? '') : null);
    },
  });
  return Object.assign(stream, { headers, pulled: () => pulled }) as unknown as IncomingMessage & {
    pulled: () => boolean;
  };
}

test('returns the whole body as bytes when it stays within the limit', async () => {
  const body = await readBody(request(['<a>', 'é</a>'], { 'content-length': '9' }), 9);
  assert.equal(body.toString('utf8'), '<a>é</a>');
});

test('a declared Content-Length over the limit is refused before a byte is read', async () => {
  const req = request(['x'.repeat(100)], { 'content-length': String(10 * 1024 * 1024) });
  await assert.rejects(
    readBody(req, 1024),
    (err: unknown) => err instanceof BodyTooLargeError && err.status === 413 && !err.retriable,
  );
  assert.equal(req.pulled(), false);
});

test('an undeclared (chunked) body is cut off once it passes the limit', async () => {
  await assert.rejects(readBody(request(['x'.repeat(600), 'x'.repeat(600)]), 1024), BodyTooLargeError);
});

test('other stream failures reach the caller as they are', async () => {
  const failing = new Readable({
    read() {
      this.destroy(new Error('socket hang up'));
    },
  });
  const req = Object.assign(failing, { headers: {} }) as unknown as IncomingMessage;
  await assert.rejects(
    readBody(req, 1024),
    (err: unknown) => !(err instanceof BodyTooLargeError) && err instanceof Error && err.message === 'socket hang up',
  );
});

test('an infinite limit reads everything', async () => {
  const body = await readBody(request(['x'.repeat(5000)]), Number.POSITIVE_INFINITY);
  assert.equal(body.length, 5000);
});
