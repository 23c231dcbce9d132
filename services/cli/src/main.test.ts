// main.ts dispatches at import, so it runs here as the operator runs it: its own process.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));

function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [MAIN, ...argv], { env: { ROOMS_APPSETTINGS_PATH: '' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

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
