#!/usr/bin/env node
// Patches kafkajs 2.2.4 at install time (root package.json "postinstall").
//
// Why: on Node 22+/24 every kafkajs client prints `TimeoutNegativeWarning` once it
// connects. RequestQueue#scheduleCheckPendingRequests computes
// `this.throttledUntil - Date.now()` with `throttledUntil` still at its initial -1 (no
// broker throttling yet) and passes the negative number to setTimeout; Node clamps it to
// 1 ms and warns. Upstream: tulios/kafkajs#1751 (open), fixes in PRs #1755/#1756, never
// released; kafkajs is unmaintained (#1603).
//
// What: clamp the delay at 0. Behaviour is unchanged: a non-positive delay already falls
// back to CHECK_PENDING_REQUESTS_INTERVAL when requests are pending, and otherwise Node
// used 1 ms anyway.
//
// How: an exact-line replacement. Idempotent (a patched file is left alone); if the
// original line is not found exactly once (another kafkajs version or a changed file), it
// refuses loudly with exit code 1 instead of guessing. Remove this patch when kafkajs is
// replaced or ships the fix. `node apply.mjs [--file <path>]` patches another copy (tests).
import console from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import process from 'node:process';

const EXPECTED_VERSION = '2.2.4';
const RELATIVE_FILE = 'src/network/requestQueue/index.js';
const ORIGINAL = '    let scheduleAt = this.throttledUntil - Date.now()\n';
const PATCHED =
  '    // rooms-sync patch (libs/kafka/patches/apply.mjs, tulios/kafkajs#1751): never a negative timeout\n' +
  '    let scheduleAt = Math.max(0, this.throttledUntil - Date.now())\n';

function fail(message) {
  console.error(`[rooms-sync] kafkajs patch REFUSED: ${message}`);
  console.error('[rooms-sync] review libs/kafka/patches/apply.mjs against this kafkajs version before going on.');
  process.exit(1);
}

function locate() {
  const fileArg = process.argv.indexOf('--file');
  if (fileArg !== -1) {
    const file = process.argv[fileArg + 1];
    if (!file) fail('--file needs a path');
    return { file, version: EXPECTED_VERSION };
  }
  const require = createRequire(import.meta.url);
  let pkgPath;
  try {
    pkgPath = require.resolve('kafkajs/package.json');
  } catch {
    console.log('[rooms-sync] kafkajs not installed here; nothing to patch');
    process.exit(0);
  }
  const { version } = JSON.parse(readFileSync(pkgPath, 'utf8'));
  return { file: join(dirname(pkgPath), RELATIVE_FILE), version };
}

const { file, version } = locate();
if (version !== EXPECTED_VERSION) fail(`kafkajs is ${version}, the patch was written for ${EXPECTED_VERSION}`);

let source;
try {
  source = readFileSync(file, 'utf8');
} catch (err) {
  fail(`cannot read ${file}: ${err.message}`);
}
const count = (needle) => source.split(needle).length - 1;

if (count(PATCHED) === 1 && count(ORIGINAL) === 0) {
  console.log(`[rooms-sync] kafkajs TimeoutNegativeWarning patch already applied (${file})`);
} else if (count(ORIGINAL) === 1 && count(PATCHED) === 0) {
  writeFileSync(file, source.replace(ORIGINAL, PATCHED));
  console.log(`[rooms-sync] kafkajs TimeoutNegativeWarning patch applied (${file})`);
} else {
  fail(`${file} does not contain the expected line exactly once:\n${ORIGINAL}`);
}
