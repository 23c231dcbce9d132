import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { startInBackground } from './startInBackground.ts';
import type { BackgroundState, Stoppable } from './startInBackground.ts';

const fast = { initialMs: 5, maxMs: 20 };

function recorder() {
  const lines: { level: string; msg: string; obj: object }[] = [];
  return {
    lines,
    logger: {
      info: (obj: object, msg?: string) => lines.push({ level: 'info', msg: msg ?? '', obj }),
      warn: (obj: object, msg?: string) => lines.push({ level: 'warn', msg: msg ?? '', obj }),
    },
  };
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await delay(2);
  }
}

test('retries a failing start with one warning per back-off step, then runs', async () => {
  const { lines, logger } = recorder();
  const states: BackgroundState['phase'][] = [];
  let calls = 0;
  let stopped = 0;
  const task = startInBackground({
    name: 'consumer',
    logger,
    backoff: fast,
    onState: (s) => states.push(s.phase),
    start: () => {
      calls++;
      if (calls < 4) return Promise.reject(new Error(`broker down ${String(calls)}`));
      return Promise.resolve({
        stop: () => {
          stopped++;
          return Promise.resolve();
        },
      });
    },
  });
  assert.equal(task.state().phase, 'starting');
  await until(() => task.state().phase === 'running');
  assert.equal(calls, 4);
  const warnings = lines.filter((l) => l.level === 'warn');
  assert.equal(warnings.length, 3);
  assert.deepEqual(
    warnings.map((w) => (w.obj as { attempts: number }).attempts),
    [1, 2, 3],
  );
  assert.deepEqual(states, ['starting', 'starting', 'starting', 'running']);
  await task.stop();
  assert.equal(stopped, 1);
  assert.equal(task.state().phase, 'stopped');
});

test('the starting state names the attempts and the last error', async () => {
  const { logger } = recorder();
  const task = startInBackground({
    name: 'consumer',
    logger,
    backoff: { initialMs: 60_000, maxMs: 60_000 },
    start: () => Promise.reject(new Error('ECONNREFUSED')),
  });
  await until(() => {
    const s = task.state();
    return s.phase === 'starting' && s.attempts === 1;
  });
  const s = task.state();
  assert.ok(s.phase === 'starting');
  assert.equal(s.lastError, 'ECONNREFUSED');
  // Stopping ends the minute-long wait at once.
  await task.stop();
  assert.equal(task.state().phase, 'stopped');
});

test('a part that dies is stopped and started again', async () => {
  const { lines, logger } = recorder();
  const deaths: ((error: unknown) => void)[] = [];
  let stops = 0;
  const task = startInBackground({
    name: 'consumer',
    logger,
    backoff: fast,
    start: (died) => {
      deaths.push(died);
      return Promise.resolve({
        stop: () => {
          stops++;
          return Promise.resolve();
        },
      });
    },
  });
  await until(() => deaths.length === 1 && task.state().phase === 'running');
  deaths[0]?.(new Error('crashed for good'));
  await until(() => deaths.length === 2 && task.state().phase === 'running');
  assert.equal(stops, 1);
  assert.ok(lines.some((l) => l.msg === 'consumer stopped on its own; starting it again'));
  await task.stop();
  assert.equal(stops, 2);
});

test('stop does not wait for an attempt that hangs, and stops what it starts later', async () => {
  const { logger } = recorder();
  let finish: () => void = () => undefined;
  let stopped = false;
  const task = startInBackground({
    name: 'consumer',
    logger,
    start: () =>
      new Promise<Stoppable>((resolve) => {
        finish = () => {
          resolve({
            stop: () => {
              stopped = true;
              return Promise.resolve();
            },
          });
        };
      }),
  });
  await delay(5);
  await task.stop();
  assert.equal(task.state().phase, 'stopped');
  finish();
  await until(() => stopped);
});
