import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureIo } from '../testing/captureIo.ts';
import { demo } from './demo.ts';

test('demo takes options only: a positional or an unknown option prints the usage, EX_USAGE', async () => {
  for (const argv of [['now'], ['--speed', 'fast']]) {
    const c = captureIo();
    assert.equal(await demo.run(argv, c.io), 64, argv.join(' '));
    assert.match(c.err(), /\nusage: demo \[--simulator URL\] \[--projector URL\] \[--timeout ms\]\n$/);
  }
});

test('--help prints the usage on stdout', async () => {
  const c = captureIo();
  assert.equal(await demo.run(['demo', '--help'], c.io), 0);
  assert.equal(c.out(), 'usage: demo [--simulator URL] [--projector URL] [--timeout ms]\n');
});
