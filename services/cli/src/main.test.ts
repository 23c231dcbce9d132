// main.ts dispatches at import, so it runs here as the operator runs it: its own process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '@rooms-sync/testing';

const cli = (...argv: string[]) => runCli(argv, {});

test('without a command, main lists every command with its summary, EX_USAGE', async () => {
  const r = await cli();
  assert.equal(r.code, 64);
  assert.match(r.stderr, /^usage: npm run cli -- <command> \[args\]\n/);
  for (const name of ['rooms', 'dlq', 'projector', 'demo']) assert.match(r.stderr, new RegExp(`\\n  ${name} +\\S`));
});

test('an unknown command is named before the list', async () => {
  const r = await cli('frobnicate');
  assert.equal(r.code, 64);
  assert.match(r.stderr, /^unknown command: frobnicate\nusage: npm run cli/);
});

test('the rest of the arguments go to the command, whose exit code is the process exit code', async () => {
  const r = await cli('rooms', '--help');
  assert.equal(r.code, 0);
  assert.match(r.stdout, /^usage: rooms <command>/);
  assert.equal((await cli('rooms', 'add')).code, 64);
});
