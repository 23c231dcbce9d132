// The install-time kafkajs patch (libs/kafka/patches/apply.mjs): applies once, is
// idempotent, refuses a file it does not recognise, and is in place in node_modules.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';

const script = join(import.meta.dirname, '../patches/apply.mjs');
const installed = join(
  dirname(createRequire(import.meta.url).resolve('kafkajs/package.json')),
  'src/network/requestQueue/index.js',
);
const ORIGINAL = '    let scheduleAt = this.throttledUntil - Date.now()\n';
const MARKER =
  /\n {4}\/\/ rooms-sync patch[^\n]*\n {4}let scheduleAt = Math\.max\(0, this\.throttledUntil - Date\.now\(\)\)\n/;

function run(file: string) {
  const result = spawnSync(process.execPath, [script, '--file', file], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout + result.stderr };
}

test('node_modules/kafkajs carries the patch (postinstall ran)', () => {
  const source = readFileSync(installed, 'utf8');
  assert.match(source, MARKER);
  assert.ok(!source.includes(ORIGINAL));
});

test('applies to the original file once, then leaves it alone', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkajs-patch-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'index.js');
  const original = readFileSync(installed, 'utf8').replace(MARKER, `\n${ORIGINAL}`);
  assert.ok(original.includes(ORIGINAL));
  writeFileSync(file, original);

  const first = run(file);
  assert.equal(first.status, 0, first.out);
  assert.match(first.out, /patch applied/);
  const patched = readFileSync(file, 'utf8');
  assert.match(patched, MARKER);

  const second = run(file);
  assert.equal(second.status, 0, second.out);
  assert.match(second.out, /already applied/);
  assert.equal(readFileSync(file, 'utf8'), patched);
});

test('refuses loudly when the line changed', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kafkajs-patch-'));
  t.after(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const file = join(dir, 'index.js');
  const changed =
    'class RequestQueue {\n  schedule() {\n    let scheduleAt = this.throttledUntil - Date.now() + 1\n  }\n}\n';
  writeFileSync(file, changed);
  const result = run(file);
  assert.equal(result.status, 1);
  assert.match(result.out, /REFUSED/);
  assert.equal(readFileSync(file, 'utf8'), changed);
});
