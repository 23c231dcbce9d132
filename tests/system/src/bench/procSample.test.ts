import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcSample, readProcSample } from './procSample.ts';

test('parseProcSample adds user and system ticks and reads VmRSS, whatever the command name holds', () => {
  const stat = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 130 0 0 20 0 11 0 100 1000000 20000';
  const status = 'Name:\tnode\nVmPeak:\t 900000 kB\nVmRSS:\t   102400 kB\nThreads:\t11\n';
  assert.deepEqual(parseProcSample(stat, status), { cpuSeconds: 3.8, rssMb: 100 });
});

test('readProcSample reads this very process', () => {
  const sample = readProcSample(process.pid);
  assert.ok(sample.rssMb > 1);
  assert.ok(sample.cpuSeconds >= 0);
});
