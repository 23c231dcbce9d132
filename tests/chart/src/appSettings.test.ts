// The chart's ConfigMap and env, rendered from every values file, read by the services' own
// start-up code: what helm lint and schema validation cannot see (a config file the service
// cannot parse, a key it rejects, an env var or a `…File` key pointing at a path nothing mounts) fails here,
// without a cluster.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { ConfigError, Env } from '@rooms-sync/config';
import { readManagerConfig } from '@rooms-sync/subscription-manager/settings';
import { readMigrationConfig, readProjectorConfig } from '@rooms-sync/sync-projector/settings';
import { readIngressConfig } from '@rooms-sync/webhook-ingress/settings';
import { CHART_DIR, createTestTls, renderChart, valuesFiles } from '@rooms-sync/testing';
import { containerStarts } from './podConfig.ts';
import { sampleSecrets } from './sampleSecrets.ts';

type ReadConfig = (env: Env, argv: readonly string[]) => { ok: true } | { ok: false; errors: readonly ConfigError[] };

/** Each script a chart container runs, and the function it calls first. */
const READERS: Readonly<Record<string, ReadConfig>> = {
  'services/webhook-ingress/src/main.ts': readIngressConfig,
  'services/subscription-manager/src/main.ts': readManagerConfig,
  'services/sync-projector/src/main.ts': readProjectorConfig,
  'services/sync-projector/src/migrate.ts': readMigrationConfig,
};

const tls = createTestTls();
after(() => {
  tls.cleanup();
});
const SECRETS = sampleSecrets(tls);

const VARIANTS = [
  ...valuesFiles(),
  {
    name: 'values-prod.yaml, every feature on',
    args: ['-f', join(CHART_DIR, 'values-prod.yaml'), '-f', join(CHART_DIR, 'tests/every-feature-on.yaml')],
  },
];

for (const variant of VARIANTS) {
  describe(`chart rendered with ${variant.name}`, () => {
    const starts = containerStarts(renderChart(variant.args), SECRETS);

    it('has a container for each service', () => {
      const entries = new Set(starts.map((s) => s.entry));
      for (const service of ['webhook-ingress', 'subscription-manager', 'sync-projector']) {
        assert.ok(entries.has(`services/${service}/src/main.ts`), `no container runs ${service}`);
      }
    });

    for (const start of starts) {
      it(`${start.label} starts with the settings the chart gives it`, () => {
        assert.deepEqual(start.problems, []);
        const read = READERS[start.entry];
        assert.ok(read, `${start.label} runs ${start.entry}, which this test does not know`);
        const result = read(start.env, start.argv);
        assert.ok(
          result.ok,
          `${start.label} would stop at start: ${result.ok ? '' : result.errors.map((e) => e.message).join('; ')}`,
        );
      });
    }
  });
}
