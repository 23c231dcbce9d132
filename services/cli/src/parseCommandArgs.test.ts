import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandArgs, usageError } from './parseCommandArgs.ts';
import { captureIo } from './testing/captureIo.ts';

const SPEC = { name: 'thing', usage: 'usage: thing <verb>\n', options: { size: { type: 'string' } } } as const;

test('a leading command name is dropped; options and positionals come back parsed', () => {
  const c = captureIo();
  const parsed = parseCommandArgs(SPEC, ['thing', 'grow', '--size', '3'], c.io);
  assert.ok(parsed.ok);
  assert.deepEqual(parsed.args, ['grow', '--size', '3']);
  assert.deepEqual(parsed.positionals, ['grow']);
  assert.equal(parsed.values.size, '3');
  const bare = parseCommandArgs(SPEC, ['grow'], c.io);
  assert.ok(bare.ok);
  assert.deepEqual([bare.args, bare.positionals, { ...bare.values }], [['grow'], ['grow'], {}]);
  assert.equal(c.out() + c.err(), '');
});

test('--help and -h print the usage on stdout and exit 0', () => {
  for (const flag of ['--help', '-h']) {
    const c = captureIo();
    assert.deepEqual(parseCommandArgs(SPEC, ['grow', flag], c.io), { ok: false, exitCode: 0 });
    assert.equal(c.out(), SPEC.usage);
    assert.equal(c.err(), '');
  }
});

test('an option parseArgs refuses is reported with the usage, EX_USAGE', () => {
  const c = captureIo();
  assert.deepEqual(parseCommandArgs(SPEC, ['--colour', 'red'], c.io), { ok: false, exitCode: 64 });
  assert.match(c.err(), /--colour[\s\S]*\nusage: thing <verb>\n$/);
  assert.equal(c.out(), '');
});

test('a command without positionals refuses one', () => {
  const c = captureIo();
  assert.deepEqual(parseCommandArgs({ ...SPEC, positionals: false }, ['grow'], c.io), { ok: false, exitCode: 64 });
  assert.match(c.err(), /grow/);
});

test('usageError writes its text to stderr and returns EX_USAGE', () => {
  const c = captureIo();
  assert.equal(usageError(c.io, 'not a mailbox address: x\n'), 64);
  assert.equal(c.err(), 'not a mailbox address: x\n');
});
