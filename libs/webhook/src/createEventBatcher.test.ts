import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEventBatcher } from './createEventBatcher.ts';

function deferred() {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

test('the first record goes alone; records arriving during a send go together next', async () => {
  const sends: number[][] = [];
  const gates: ReturnType<typeof deferred>[] = [];
  const batcher = createEventBatcher<number>({
    send: (items) => {
      sends.push(items);
      const g = deferred();
      gates.push(g);
      return g.promise;
    },
  });
  const first = batcher.record(1);
  const later = [batcher.record(2), batcher.record(3), batcher.record(4)];
  assert.deepEqual(sends, [[1]]);
  gates[0]!.resolve();
  await first;
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(sends, [[1], [2, 3, 4]]);
  gates[1]!.resolve();
  await Promise.all(later);
});

test('a failed send rejects exactly the records of its batch', async () => {
  let call = 0;
  const batcher = createEventBatcher<string>({
    send: () => (++call === 1 ? Promise.reject(new Error('broker down')) : Promise.resolve()),
  });
  const a = batcher.record('a');
  const b = batcher.record('b');
  await assert.rejects(a, /broker down/);
  await b;
});

test('batches are capped at maxBatchSize', async () => {
  const sizes: number[] = [];
  const gate = deferred();
  const batcher = createEventBatcher<number>({
    maxBatchSize: 2,
    send: async (items) => {
      sizes.push(items.length);
      if (sizes.length === 1) await gate.promise;
    },
  });
  const all = [1, 2, 3, 4, 5].map((n) => batcher.record(n));
  gate.resolve();
  await Promise.all(all);
  assert.deepEqual(sizes, [1, 2, 2]);
});
