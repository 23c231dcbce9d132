import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createCommandWindow } from './createCommandWindow.ts';
import type { CommandWindow } from './createCommandWindow.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** How the reconciler uses it: wait for a slot, then start. */
async function start(window: CommandWindow, room: string, task: () => Promise<boolean>): Promise<boolean> {
  if (!(await window.slot(room))) return false;
  window.start(room, task);
  return true;
}

function tracker() {
  let inFlight = 0;
  let most = 0;
  const order: string[] = [];
  return {
    task:
      (label: string, fine = true) =>
      async () => {
        inFlight++;
        most = Math.max(most, inFlight);
        order.push(`start ${label}`);
        await tick();
        order.push(`end ${label}`);
        inFlight--;
        return fine;
      },
    most: () => most,
    order,
  };
}

test('at most the limit in flight; drain waits for them all', async () => {
  const t = tracker();
  const window = createCommandWindow(3);
  for (let i = 0; i < 10; i++) assert.equal(await start(window, `room-${String(i)}`, t.task(String(i))), true);
  assert.equal(await window.drain(), true);
  assert.equal(t.most(), 3);
  assert.equal(t.order.filter((o) => o.startsWith('end')).length, 10);
});

test("a room's second command waits for its first", async () => {
  const t = tracker();
  const window = createCommandWindow(4);
  await start(window, 'a', t.task('a1'));
  await start(window, 'b', t.task('b1'));
  await start(window, 'a', t.task('a2'));
  await window.drain();
  assert.ok(t.order.indexOf('end a1') < t.order.indexOf('start a2'), t.order.join(', '));
});

test('a failure closes the window: nothing new starts, drain says so', async () => {
  const t = tracker();
  const window = createCommandWindow(2);
  await start(window, 'a', t.task('a', false));
  await start(window, 'b', () => Promise.reject(new Error('broker down')));
  assert.equal(await start(window, 'c', t.task('c')), false);
  assert.equal(await window.drain(), false);
  assert.ok(!t.order.includes('start c'));
});

test('a limit of 1 runs the commands one after another', async () => {
  const t = tracker();
  const window = createCommandWindow(1);
  for (const label of ['a', 'b', 'c']) await start(window, label, t.task(label));
  await window.drain();
  assert.deepEqual(t.order, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
});
