// Renders the chart with the project's pinned helm (.dev/helm.sh builds it once per machine) and
// parses the manifests, so tests can hand what Kubernetes would get to the services' own code.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { REPO_ROOT } from './repoRoot.ts';

export const CHART_DIR = join(REPO_ROOT, 'charts/rooms-sync');

/** A Kubernetes object as far as these tests read it. */
export interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string };
  readonly [field: string]: unknown;
}

/** The chart's own values.yaml (no -f) and every values-*.yaml beside it. */
export function valuesFiles(): { readonly name: string; readonly args: readonly string[] }[] {
  const extra = readdirSync(CHART_DIR)
    .filter((f) => /^values-.+\.yaml$/.test(f))
    .sort();
  return [{ name: 'values.yaml', args: [] }, ...extra.map((f) => ({ name: f, args: ['-f', join(CHART_DIR, f)] }))];
}

let helm: string | undefined;
function helmBinary(): string {
  helm ??= execFileSync(join(REPO_ROOT, '.dev/helm.sh'), { encoding: 'utf8' }).trim();
  return helm;
}

/** `helm template` of the chart, every object parsed (hooks included, as helm install would apply them). */
export function renderChart(args: readonly string[]): Manifest[] {
  const out = execFileSync(helmBinary(), ['template', 'rooms-sync', CHART_DIR, '-n', 'rooms', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return parseAllDocuments(out)
    .map((doc) => doc.toJS() as unknown)
    .filter((o): o is Manifest => typeof o === 'object' && o !== null && 'kind' in o);
}
