import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../clock.ts';
import { silentLogger } from '../logger.ts';
import { DeliveryQueue } from './DeliveryQueue.ts';
import type { JsonDelivery, PostJson } from './postJson.ts';

const flush = () => new Promise((resolve) => setImmediate(resolve));

function setup(answers: JsonDelivery[]) {
  const clock = createManualClock();
  const posts: { at: number; body: string }[] = [];
  const post: PostJson = (_url, body) => {
    posts.push({ at: clock.now(), body: body ?? '' });
    return Promise.resolve(answers.shift() ?? { kind: 'ok', status: 202, text: '', contentType: '' });
  };
  const givenUp: unknown[][] = [];
  const q = new DeliveryQueue<number>({
    url: 'http://receiver/notify',
    post,
    clock,
    logger: silentLogger,
    timeoutMs: 3000,
    coalesceMs: 10,
    maxBatch: 2,
    schedule: { initialMs: 1000, factor: 2, maxMs: 4000, jitter: 0, budgetMs: 10_000 },
    onGiveUp: (items) => givenUp.push([...items]),
  });
  return { clock, posts, q, givenUp };
}

const fail500: JsonDelivery = { kind: 'failed', reason: 'HTTP 500', retriable: true, status: 500 };

test('changes travel together in batches of at most maxBatch, as { value: [...] }', async () => {
  const { clock, posts, q } = setup([]);
  q.push(1);
  q.push(2);
  q.push(3);
  clock.advance(10);
  await flush();
  clock.advance(0);
  await flush();
  assert.deepEqual(
    posts.map((p) => JSON.parse(p.body) as unknown),
    [{ value: [1, 2] }, { value: [3] }],
  );
});

test('a 5xx is retried after 1 s, 2 s, 4 s… with the same batch, then delivered once', async () => {
  const { clock, posts, q, givenUp } = setup([fail500, fail500, fail500]);
  q.push(1);
  for (const step of [10, 1000, 2000, 4000]) {
    clock.advance(step);
    await flush();
  }
  assert.deepEqual(
    posts.map((p) => p.at - (posts[0]?.at ?? 0)),
    [0, 1000, 3000, 7000],
  );
  assert.ok(posts.every((p) => p.body === '{"value":[1]}'));
  assert.deepEqual([q.stats.deliveries, q.stats.failures, givenUp.length], [1, 3, 0]);
});

test('past the retry budget the batch is given up; a 4xx is given up at once; later changes still go', async () => {
  const { clock, posts, q, givenUp } = setup([
    fail500,
    fail500,
    fail500,
    fail500,
    { kind: 'failed', reason: 'HTTP 400', retriable: false, status: 400 },
  ]);
  q.push(1);
  for (const step of [10, 1000, 2000, 4000]) {
    clock.advance(step);
    await flush();
  }
  // The next wait (4 s) would pass the 10 s budget: given up.
  assert.deepEqual(givenUp, [[1]]);
  q.push(2);
  clock.advance(10);
  await flush();
  assert.deepEqual(givenUp, [[1], [2]]);
  q.push(3);
  clock.advance(10);
  await flush();
  assert.equal(posts.at(-1)?.body, '{"value":[3]}');
  assert.equal(q.pending, 0);
});
