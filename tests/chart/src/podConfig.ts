// What a container of a rendered workload would see at start: its command line, its environment
// (Secret references resolved from a given table) and the files its volumes mount: ConfigMap keys,
// and the Secret keys of `secret` and `projected` volumes (values from the same table). The files
// are written under a temp directory, and every mount path in an env value or a mounted ConfigMap
// file (the `…File` keys of RoomsAppSettings.config) is pointed at the written copy.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Manifest } from '@rooms-sync/testing';

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
interface SecretItems {
  name?: string;
  secretName?: string;
  items?: { key: string; path: string }[];
}
interface Volume {
  name: string;
  configMap?: { name: string };
  secret?: SecretItems;
  projected?: { sources: { secret?: SecretItems }[] };
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

/** The Secret-backed items a volume mounts: a `secret` volume's, or those of a projected volume's Secret sources. */
function secretItemsOf(volume: Volume): { secret: string; key: string; path: string }[] {
  const sources =
    volume.secret !== undefined ? [volume.secret] : (volume.projected?.sources ?? []).map((s) => s.secret);
  return sources.flatMap((s) =>
    (s?.items ?? []).map((item) => ({ secret: s?.secretName ?? s?.name ?? '', key: item.key, path: item.path })),
  );
}

/** `text` with every path under a mount (`<mountPath>/…`) pointed at its local copy. */
function relocate(text: string, dirs: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [mountPath, local] of dirs) out = out.split(`${mountPath}/`).join(`${local}/`);
  return out;
}

/**
 * Every container of every Deployment and Job, with its mounted ConfigMap and Secret files written
 * to a temp directory and every mount path in its env and ConfigMap files pointed at the copy.
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
      const dirs = new Map<string, string>(); // mountPath of a Secret volume -> local directory
      for (const mount of c.volumeMounts ?? []) {
        const volume = pod.volumes?.find((v) => v.name === mount.name);
        const items = volume === undefined ? [] : secretItemsOf(volume);
        if (items.length === 0) continue;
        const local = join(dir, `${String(starts.length)}-${mount.name}`);
        for (const item of items) {
          const value = secrets[item.key];
          if (value === undefined) {
            problems.push(`volume ${mount.name}: no sample value for Secret key ${item.key} (of ${item.secret})`);
            continue;
          }
          mkdirSync(dirname(join(local, item.path)), { recursive: true });
          writeFileSync(join(local, item.path), value);
        }
        dirs.set(mount.mountPath, local);
      }
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
        writeFileSync(local, relocate(content, dirs));
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
          env[e.name] = files.get(e.value ?? '') ?? relocate(e.value ?? '', dirs);
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
