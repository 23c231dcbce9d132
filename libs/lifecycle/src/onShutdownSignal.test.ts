import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { onShutdownSignal } from './onShutdownSignal.ts';

function fakeProcess() {
  const exits: number[] = [];
  const proc = Object.assign(new EventEmitter(), {
    exit: (code: number) => {
      exits.push(code);
    },
  });
  return { proc, exits };
}
const quiet = { info: () => undefined, error: () => undefined };

test('SIGTERM runs stop once, even when signalled twice, and exits 0', async () => {
  const { proc, exits } = fakeProcess();
  let stops = 0;
  const shutdown = onShutdownSignal({
    stop: () => {
      stops++;
      return Promise.resolve();
    },
    logger: quiet,
    processLike: proc,
  });
  proc.emit('SIGTERM');
  proc.emit('SIGTERM');
  await shutdown();
  assert.equal(stops, 1);
  assert.deepEqual(exits, [0]);
});

test('a stop that fails exits 1', async () => {
  const { proc, exits } = fakeProcess();
  const shutdown = onShutdownSignal({
    stop: () => Promise.reject(new Error('broker gone')),
    logger: quiet,
    processLike: proc,
  });
  await shutdown();
  assert.deepEqual(exits, [1]);
});

test('a stop that hangs past the timeout exits 1', async () => {
  const { proc, exits } = fakeProcess();
  onShutdownSignal({ stop: () => new Promise(() => undefined), logger: quiet, processLike: proc, timeoutMs: 30 });
  proc.emit('SIGINT');
  await new Promise((r) => setTimeout(r, 80));
  assert.deepEqual(exits, [1]);
});
