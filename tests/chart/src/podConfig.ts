// What a container of a rendered workload would see at start: its command line, its environment
// (Secret references resolved from a given table) and the files its ConfigMap volumes mount.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Manifest } from './renderChart.ts';

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}
interface Mount {
  name: string;
  mountPath: string;
  subPath?: string;
}
interface Volume {
  name: string;
  configMap?: { name: string };
}
interface Container {
  name: string;
  args?: string[];
  env?: EnvVar[];
  volumeMounts?: Mount[];
}
interface PodSpec {
  containers: Container[];
  volumes?: Volume[];
}

export interface ContainerStart {
  /** `Deployment/rooms-sync-webhook-ingress (webhook-ingress)` */
  readonly label: string;
  /** The script node runs: the container's args, else the image's CMD (`services/<container>/src/main.ts`). */
  readonly entry: string;
  readonly argv: readonly string[];
  readonly env: Record<string, string>;
  /** Problems found before any service code runs (a missing Secret key, an unmounted path). */
  readonly problems: readonly string[];
}

function podSpecOf(m: Manifest): PodSpec | undefined {
  if (m.kind !== 'Deployment' && m.kind !== 'Job') return undefined;
  const spec = m.spec as { template: { spec: PodSpec } };
  return spec.template.spec;
}

/**
 * Every container of every Deployment and Job, with its ConfigMap-mounted files written to a temp
 * directory and every env value naming such a mount path pointed at the written copy.
 */
export function containerStarts(
  manifests: readonly Manifest[],
  secrets: Readonly<Record<string, string>>,
): ContainerStart[] {
  const configMaps = new Map(
    manifests
      .filter((m) => m.kind === 'ConfigMap')
      .map((m) => [m.metadata.name, (m.data ?? {}) as Record<string, string>]),
  );
  const dir = mkdtempSync(join(tmpdir(), 'rooms-chart-'));
  const starts: ContainerStart[] = [];
  for (const m of manifests) {
    const pod = podSpecOf(m);
    if (pod === undefined) continue;
    for (const c of pod.containers) {
      const problems: string[] = [];
      const files = new Map<string, string>(); // mountPath -> local copy
      for (const mount of c.volumeMounts ?? []) {
        const cmName = pod.volumes?.find((v) => v.name === mount.name)?.configMap?.name;
        if (cmName === undefined) continue;
        const data = configMaps.get(cmName);
        if (data === undefined) {
          problems.push(`volume ${mount.name}: ConfigMap ${cmName} is not in the chart`);
          continue;
        }
        if (mount.subPath === undefined) continue;
        const content = data[mount.subPath];
        if (content === undefined) {
          problems.push(`volume ${mount.name}: ConfigMap ${cmName} has no key ${mount.subPath}`);
          continue;
        }
        const local = join(dir, `${String(starts.length)}-${mount.subPath}`);
        writeFileSync(local, content);
        files.set(mount.mountPath, local);
      }
      const env: Record<string, string> = {};
      for (const e of c.env ?? []) {
        const ref = e.valueFrom?.secretKeyRef;
        if (ref !== undefined) {
          const value = secrets[ref.key];
          if (value === undefined) problems.push(`env ${e.name}: no sample value for Secret key ${ref.key}`);
          else env[e.name] = value;
        } else {
          env[e.name] = files.get(e.value ?? '') ?? e.value ?? '';
        }
      }
      const args = c.args ?? [];
      starts.push({
        label: `${m.kind}/${m.metadata.name} (${c.name})`,
        entry: args[0] === 'node' && args[1] !== undefined ? args[1] : `services/${c.name}/src/main.ts`,
        argv: args.slice(2),
        env,
        problems,
      });
    }
  }
  return starts;
}
