// .dependency-cruiser.mjs run on a small workspace shaped like ours (libs/, services/, packages
// linked by name from node_modules) that breaks each rule once, plus imports the rules allow.
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT, runProcess } from '@rooms-sync/testing';
import { writeTree } from './writeTree.ts';

const pkg = (name: string) =>
  JSON.stringify({
    name: `@fx/${name}`,
    type: 'module',
    exports: { '.': './src/index.ts', './testing': './src/testing/index.ts' },
  });

const TREE = {
  'package.json': JSON.stringify({
    name: 'fixture',
    private: true,
    type: 'module',
    workspaces: ['libs/*', 'services/*'],
  }),
  'node_modules/@fx/core': { link: '../../libs/core' },
  'node_modules/@fx/bridge': { link: '../../libs/bridge' },
  'node_modules/@fx/exchange-sim': { link: '../../libs/exchange-sim' },
  'node_modules/@fx/testing': { link: '../../libs/testing' },
  'node_modules/@fx/api': { link: '../../services/api' },
  'libs/core/package.json': pkg('core'),
  'libs/core/src/index.ts': "export { a } from './a.ts';\n",
  // a type-only cycle
  'libs/core/src/a.ts': "import type { B } from './b.ts';\nexport const a = 1;\nexport type A = { b?: B };\n",
  'libs/core/src/b.ts': "import type { A } from './a.ts';\nexport type B = { a?: A };\n",
  'libs/core/src/usesService.ts': "import { api } from '@fx/api';\nexport const x = api;\n",
  'libs/core/src/usesTest.ts': "import { y } from './usesTest.test.ts';\nexport const z = y;\n",
  'libs/core/src/usesTest.test.ts': "import { a } from './a.ts';\nexport const y = a;\n",
  'libs/core/src/unresolved.ts': "import { nothing } from './nothing.ts';\nexport const n = nothing;\n",
  'libs/core/src/testing/index.ts': 'export const fake = 1;\n',
  'libs/bridge/package.json': pkg('bridge'),
  'libs/bridge/src/index.ts': "import { sim } from '@fx/exchange-sim';\nexport const bridge = sim;\n",
  'libs/exchange-sim/package.json': pkg('exchange-sim'),
  'libs/exchange-sim/src/index.ts': 'export const sim = 1;\n',
  'libs/testing/package.json': pkg('testing'),
  'libs/testing/src/index.ts': 'export const helper = 1;\n',
  'services/api/package.json': pkg('api'),
  'services/api/src/index.ts': 'export const api = 1;\n',
  'services/web/src/main.ts': [
    "import { api } from '@fx/api';",
    "import { bridge } from '@fx/bridge';",
    "import { fake } from '@fx/core/testing';",
    "import { helper } from '@fx/testing';",
    'export const all = [api, bridge, fake, helper];',
    '',
  ].join('\n'),
  // allowed: tests use test helpers and the simulator; the simulator service ships its lib
  'services/web/src/main.test.ts': [
    "import { sim } from '@fx/exchange-sim';",
    "import { fake } from '@fx/core/testing';",
    "import { helper } from '@fx/testing';",
    'export const t = [sim, fake, helper];',
    '',
  ].join('\n'),
  'services/exchange-simulator/src/main.ts': "import { sim } from '@fx/exchange-sim';\nexport const s = sim;\n",
};

interface Violation {
  rule: { name: string };
  from: string;
  to: string;
}

const depcruise = (root: string, outputType: string) =>
  runProcess(
    join(REPO_ROOT, 'node_modules/.bin/depcruise'),
    ['--config', join(REPO_ROOT, '.dependency-cruiser.mjs'), '--output-type', outputType, 'libs', 'services'],
    { cwd: root },
  );

test('each architecture rule fails on the import that breaks it, and only there', async (t) => {
  const root = await writeTree(TREE);
  t.after(() => rm(root, { recursive: true, force: true }));
  const { stdout } = await depcruise(root, 'json');
  const { summary } = JSON.parse(stdout) as { summary: { violations: Violation[] } };
  const found = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
  assert.deepEqual(found, [
    'deployed-reaches-simulator: services/web/src/main.ts → libs/exchange-sim/src/index.ts',
    'deployed-reaches-test-helper: services/web/src/main.ts → libs/core/src/testing/index.ts',
    'deployed-reaches-test-helper: services/web/src/main.ts → libs/testing/src/index.ts',
    'import-cycle: libs/core/src/a.ts → libs/core/src/b.ts',
    'lib-imports-service: libs/core/src/usesService.ts → services/api/src/index.ts',
    'production-imports-test: libs/core/src/usesTest.ts → libs/core/src/usesTest.test.ts',
    'service-imports-service: services/web/src/main.ts → services/api/src/index.ts',
    'unresolvable-import: libs/core/src/unresolved.ts → ./nothing.ts',
  ]);
  // What make lint runs: the exit code is the number of errors, so the target fails.
  const err = await depcruise(root, 'err');
  assert.equal(err.code, found.length, err.stdout);
  assert.match(err.stdout, /error import-cycle: libs\/core\/src\/a\.ts → \n?\s*libs\/core\/src\/b\.ts/);
});
