// .jscpd.json run on a small tree: a block of six lines copied between two modules fails, the
// same block in tests, test helpers and fixtures does not; shell scripts and Dockerfiles count.
import assert from 'node:assert/strict';
import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runProcess } from '@rooms-sync/testing';
import { writeTree } from './writeTree.ts';

const BLOCK = `export function settle(order: { total: number; paid: number; fee?: number }, rate: number): number {
  const fee = order.fee ?? Math.round(order.total * rate * 100) / 100;
  const due = order.total + fee - order.paid;
  if (due < 0) throw new RangeError(\`overpaid by \${-due} on a total of \${order.total}\`);
  return Math.max(0, Math.round(due * 100) / 100);
}
`;

const SCRIPT = `for service in alpha beta gamma; do
  if [ -f "services/$service/Dockerfile" ] && [ -d "services/$service/src" ]; then
    echo "building $service from services/$service/Dockerfile" >&2
    buildah bud --layers --tag "rooms/$service:latest" --file "services/$service/Dockerfile" . || exit 1
    podman run --rm "rooms/$service:latest" node --version >/dev/null || { echo "$service does not start" >&2; exit 1; }
  fi
done
`;

const DOCKER = `FROM docker.io/library/node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && npm cache clean --force
COPY libs ./libs
RUN find /app -name '*.test.ts' -delete && chown -R node:node /app
`;

async function jscpd(files: Record<string, string>) {
  const root = await writeTree(files);
  await copyFile(join(REPO_ROOT, '.jscpd.json'), join(root, '.jscpd.json'));
  try {
    return await runProcess(
      join(REPO_ROOT, 'node_modules/.bin/jscpd'),
      ['--config', '.jscpd.json', '--no-tips', '--no-colors', '.'],
      {
        cwd: root,
      },
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

test('six copied lines in two modules fail the check and are named', async () => {
  const run = await jscpd({ 'libs/a/src/settle.ts': BLOCK, 'services/b/src/pay.ts': `// pay\n${BLOCK}` });
  assert.equal(run.code, 1, run.stdout);
  assert.match(run.stdout, /settle\.ts:1-6/);
  assert.match(run.stdout, /pay\.ts:2-7/);
});

test('copies between tests, test helpers, fixtures and tests/ are left alone', async () => {
  const run = await jscpd({
    'libs/a/src/settle.ts': BLOCK,
    'libs/a/src/settle.test.ts': BLOCK,
    'libs/a/src/testing/fakeSettle.ts': BLOCK,
    'libs/a/src/fixtures/settle.ts': BLOCK,
    'tests/system/src/settle.ts': BLOCK,
  });
  assert.equal(run.code, 0, run.stdout);
});

test('shell scripts and Dockerfiles are checked too', async () => {
  const scripts = await jscpd({
    '.dev/one.sh': `#!/usr/bin/env bash\n${SCRIPT}`,
    '.ci/run': `#!/usr/bin/env bash\n${SCRIPT}`,
  });
  assert.equal(scripts.code, 1, scripts.stdout);
  assert.match(scripts.stdout, /\.ci\/run.*\.dev\/one\.sh/);
  const images = await jscpd({ 'services/a/Dockerfile': DOCKER, 'services/b/Dockerfile': DOCKER });
  assert.equal(images.code, 1, images.stdout);
  assert.match(images.stdout, /Dockerfile/);
});
