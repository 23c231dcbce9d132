import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CatchUp } from './createCatchUp.ts';
import { createTakeover } from './createTakeover.ts';

/** A catch-up that finishes (or fails) when the test says so. */
function manualCatchUp() {
  const pending: { resolve: (complete: boolean) => void; reject: (error: unknown) => void }[] = [];
  const catchUp: CatchUp = {
    observe: () => undefined,
    wait: () =>
      new Promise<boolean>((resolve, reject) => {
        pending.push({ resolve, reject });
      }),
  };
  return { catchUp, next: () => pending.shift() };
}

test('a new leader may act only after catching up; losing leadership revokes it at once', async () => {
  const { catchUp, next } = manualCatchUp();
  const takeover = createTakeover({ catchUp });
  assert.equal(takeover.canAct(), false);
  const ready = takeover.onLeadership(true);
  assert.equal(takeover.canAct(), false);
  next()?.resolve(true);
  assert.equal(await ready, true);
  assert.equal(takeover.canAct(), true);
  assert.equal(await takeover.onLeadership(false), false);
  assert.equal(takeover.canAct(), false);
});

test('leadership lost before the catch-up ends: that takeover never acts, even when the catch-up finishes later', async () => {
  const { catchUp, next } = manualCatchUp();
  const timeouts: string[] = [];
  const takeover = createTakeover({ catchUp, onCatchUpTimeout: () => timeouts.push('timeout') });
  const ready = takeover.onLeadership(true);
  const first = next();
  void takeover.onLeadership(false);
  first?.resolve(false);
  assert.equal(await ready, false);
  assert.equal(takeover.canAct(), false);
  assert.deepEqual(timeouts, [], 'a stale catch-up reports nothing');
});

test('a catch-up that fails is asked again; one that times out still lets the leader act, and says so', async () => {
  const { catchUp, next } = manualCatchUp();
  const seen: unknown[] = [];
  const takeover = createTakeover({
    catchUp,
    retryMs: 1,
    onError: (error) => seen.push(error),
    onCatchUpTimeout: () => seen.push('timeout'),
  });
  const ready = takeover.onLeadership(true);
  next()?.reject(new Error('no end offsets'));
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(takeover.canAct(), false);
  next()?.resolve(false);
  assert.equal(await ready, true);
  assert.equal(takeover.canAct(), true);
  assert.deepEqual(
    seen.map((s) => (s instanceof Error ? s.message : s)),
    ['no end offsets', 'timeout'],
  );
});
