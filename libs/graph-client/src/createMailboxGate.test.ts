import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createMailboxGate } from './createMailboxGate.ts';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

test('at most maxConcurrent requests per mailbox run at once; other mailboxes are not held up', async () => {
  const gate = createMailboxGate({ maxConcurrent: 2 });
  let running = 0;
  let peak = 0;
  const release = deferred();
  const task = () =>
    gate.run('room-1@x', async () => {
      running += 1;
      peak = Math.max(peak, running);
      await release.promise;
      running -= 1;
    });
  const all = [task(), task(), task(), task(), task()];
  let otherRan = false;
  await gate.run('room-2@x', () => Promise.resolve((otherRan = true)));
  assert.equal(otherRan, true);
  assert.equal(running, 2);
  release.resolve();
  await Promise.all(all);
  assert.equal(peak, 2);
});

test('after a hold-off no request starts until it has passed, including those already queued', async () => {
  let clock = 1_000;
  const waits: number[] = [];
  const gate = createMailboxGate({
    maxConcurrent: 4,
    now: () => clock,
    wait: (ms) => {
      waits.push(ms);
      clock += ms;
      return Promise.resolve();
    },
  });
  gate.holdOff('Room-1@x', 5_000);
  const startedAt: number[] = [];
  await Promise.all([1, 2, 3].map(() => gate.run('room-1@x', () => Promise.resolve(startedAt.push(clock)))));
  assert.ok(
    startedAt.every((t) => t >= 6_000),
    `started at ${startedAt.join(', ')}`,
  );
  assert.ok(waits.length >= 1);
  await gate.run('room-2@x', () => Promise.resolve(startedAt.push(clock)));
  assert.equal(waits.length, 1, 'another mailbox does not wait');
});
