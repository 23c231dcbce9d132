// The architecture rules `make lint` checks (CONTRIBUTING.md "Layout"). Packages import each other
// by name through the npm workspace links in node_modules; preserveSymlinks: false resolves those
// links to the real libs/… and services/… paths, so the rules see which folder an import reaches.
/** Deployed code: what the service images run (services/*\/src without tests and test helpers). */
const DEPLOYED = '^services/[^/]+/src/';
const NOT_DEPLOYED = ['\\.test\\.ts$', '/testing/'];
const TEST_HELPERS = ['^libs/testing/', '^(libs|services)/[^/]+/src/testing/', '^tests/'];

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'lib-imports-service',
      comment:
        'libs hold the logic; services compose them. A lib that needs a service needs its code moved into a lib.',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^services/' },
    },
    {
      name: 'service-imports-service',
      comment: 'Each service is its own image; what two services share belongs in a lib.',
      severity: 'error',
      from: { path: '^services/([^/]+)/' },
      to: { path: '^services/', pathNot: '^services/$1/' },
    },
    {
      name: 'deployed-reaches-simulator',
      comment: 'Only the exchange-simulator service may ship libs/exchange-sim; no other image contains it.',
      severity: 'error',
      from: { path: DEPLOYED, pathNot: ['^services/exchange-simulator/', ...NOT_DEPLOYED] },
      to: { path: '^libs/exchange-sim/', reachable: true },
    },
    {
      name: 'deployed-reaches-test-helper',
      comment: 'Test helpers are left out of the images (.dockerignore); deployed code must not need them.',
      severity: 'error',
      from: { path: DEPLOYED, pathNot: NOT_DEPLOYED },
      to: { path: TEST_HELPERS, reachable: true },
    },
    {
      name: 'import-cycle',
      comment: 'Modules form a tree; type-only imports count too (a shared type gets a module of its own).',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'production-imports-test',
      comment: 'A test file is nobody’s dependency; what tests share goes into a testing/ helper.',
      severity: 'error',
      from: { pathNot: '\\.test\\.ts$' },
      to: { path: '\\.test\\.ts$' },
    },
    {
      name: 'unresolvable-import',
      comment: 'An import the cruiser cannot resolve escapes every rule above, so it fails the check itself.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    // Type-only imports are edges too: they tie modules together just the same (and make cycles).
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'node', 'default'],
      extensions: ['.ts', '.js', '.mjs', '.json'],
    },
    preserveSymlinks: false,
  },
};
