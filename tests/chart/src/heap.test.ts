// Each service's V8 heap (and the migration Job's) sized from its container's memory limit (the chart's NODE_OPTIONS):
// the old generation at most half the limit, a semi-space the power of two at or below a sixteenth
// (at most 64 MB, V8's own maximum); a component's own
// NODE_OPTIONS replaces the chart's, and a container without a memory limit keeps Node's default.
// Beside it, the V8 flags Node refuses in NODE_OPTIONS (nodeFlags, shared or per service), which the image puts on the command line.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderChart } from '@rooms-sync/testing';

interface Container {
  name: string;
  env?: { name: string; value?: string }[];
  resources?: { limits?: { memory?: string } };
}

function containers(args: readonly string[]): Container[] {
  return renderChart(args)
    .filter((m) => m.kind === 'Deployment')
    .flatMap((m) => (m.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers);
}

const nodeOptions = (c: Container) => (c.env ?? []).filter((e) => e.name === 'NODE_OPTIONS').map((e) => e.value);
const projector = (args: readonly string[]) => containers(args).find((c) => c.name === 'sync-projector');

describe('the chart sizes each service heap from its memory limit', () => {
  it('gives every service of the default values half its limit as old generation, a power of two per semi-space', () => {
    const all = containers([]);
    assert.deepEqual(all.map((c) => c.name).sort(), ['subscription-manager', 'sync-projector', 'webhook-ingress']);
    for (const c of all) {
      const mi = Number(/^(\d+)Mi$/.exec(c.resources?.limits?.memory ?? '')?.[1]);
      assert.ok(mi > 0, `${c.name}: a memory limit in Mi`);
      assert.deepEqual(nodeOptions(c), [
        `--max-old-space-size=${String(mi / 2)} --max-semi-space-size=${String(Math.min(64, 2 ** Math.floor(Math.log2(mi / 16))))}`,
      ]);
    }
  });

  it('follows a limit written in other units', () => {
    for (const [limit, expected] of [
      ['1Gi', '--max-old-space-size=512 --max-semi-space-size=64'],
      ['500M', '--max-old-space-size=238 --max-semi-space-size=16'],
      ['4Gi', '--max-old-space-size=2048 --max-semi-space-size=64'],
    ] as const) {
      const c = projector(['--set-string', `syncProjector.resources.limits.memory=${limit}`]);
      assert.deepEqual(c && nodeOptions(c), [expected], limit);
    }
  });

  it("leaves a component's own NODE_OPTIONS alone, as its only NODE_OPTIONS", () => {
    const c = projector(['--set-string', 'syncProjector.env.NODE_OPTIONS=--max-old-space-size=300']);
    assert.deepEqual(c && nodeOptions(c), ['--max-old-space-size=300']);
  });

  it('sizes the migration Job the same way from its own limit', () => {
    const job = renderChart(['--set-string', 'migrations.resources.limits.memory=512Mi']).find((m) => m.kind === 'Job');
    const [migrate] = (job?.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
    assert.deepEqual(migrate && nodeOptions(migrate), ['--max-old-space-size=256 --max-semi-space-size=32']);
  });

  it('sets nothing for a container without a memory limit', () => {
    const c = projector(['--set', 'syncProjector.resources.limits=null']);
    assert.equal(c?.resources?.limits?.memory, undefined);
    assert.deepEqual(c && nodeOptions(c), []);
  });
});

const nodeFlags = (c: Container) => (c.env ?? []).filter((e) => e.name === 'ROOMS_SYNC_NODE_FLAGS').map((e) => e.value);
const flagsByService = (args: readonly string[]) =>
  Object.fromEntries(containers(args).map((c) => [c.name, nodeFlags(c)] as const));

describe("the chart gives each service its nodeFlags for node's command line", () => {
  it('gives the ingress memory saver mode by default, and the others nothing', () => {
    assert.deepEqual(flagsByService([]), {
      'subscription-manager': [],
      'sync-projector': [],
      'webhook-ingress': ['--memory-saver-mode'],
    });
  });

  it("gives the shared nodeFlags to the services without their own; a service's own, even empty, wins", () => {
    assert.deepEqual(
      flagsByService([
        '--set-string',
        'nodeFlags=--optimize-for-size --stack-size=2000',
        '--set-string',
        'webhookIngress.nodeFlags=',
      ]),
      {
        'subscription-manager': ['--optimize-for-size --stack-size=2000'],
        'sync-projector': ['--optimize-for-size --stack-size=2000'],
        'webhook-ingress': [],
      },
    );
  });

  it("leaves a component's own env.ROOMS_SYNC_NODE_FLAGS alone, as its only one", () => {
    const ingress = containers([
      '--set-string',
      'webhookIngress.env.ROOMS_SYNC_NODE_FLAGS=--no-memory-saver-mode',
    ]).find((c) => c.name === 'webhook-ingress');
    assert.deepEqual(ingress && nodeFlags(ingress), ['--no-memory-saver-mode']);
  });
});
