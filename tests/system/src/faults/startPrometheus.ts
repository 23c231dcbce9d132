// A Prometheus of one fault scenario: Debian's binary (.dev/prometheus.sh bin), the chart's alert
// rules rendered with the fault suite's short windows (.dev/prometheus.sh rules), scraping the
// scenario's services every second on 127.0.0.1 only, its data in a temporary directory. Targets
// are a file Prometheus watches, so a replica started on ports of its own is scraped too.
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, REPO_ROOT, runProcess, waitFor } from '@rooms-sync/testing';

export interface ActiveAlert {
  name: string;
  state: 'pending' | 'firing';
  labels: Record<string, string>;
}

export interface PrivatePrometheus {
  url: string;
  /** Scrape one more service (a replica on ports of its own); a restart on the same ports needs nothing. */
  addTarget(job: string, opsUrl: string): void;
  /**
   * Resolves once every target is scraped, the rules are loaded and no alert is pending or firing:
   * the first evaluations, before the first scrapes, see nothing, and absent() says so.
   */
  ready(): Promise<void>;
  alerts(): Promise<ActiveAlert[]>;
  /** SIGTERM (SIGKILL after 10 s) and the directory removed. */
  stop(): Promise<void>;
}

export interface PrometheusOptions {
  /** job (the service's name) → its ops URL, whose /metrics is scraped. */
  targets: readonly { job: string; opsUrl: string }[];
  /** Extra chart values for the rules (`-f file`, `--set key=value`). */
  helmArgs: readonly string[];
}

const SCRIPT = join(REPO_ROOT, '.dev/prometheus.sh');

async function script(args: string[]): Promise<string> {
  const run = await runProcess(SCRIPT, args, { env: { ...process.env } as Record<string, string> });
  if (run.code !== 0) throw new Error(`.dev/prometheus.sh ${args.join(' ')}: exit ${String(run.code)}\n${run.stderr}`);
  return run.stdout.trim();
}

export async function startPrometheus(options: PrometheusOptions): Promise<PrivatePrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'faults-prometheus-'));
  const binary = await script(['bin', 'prometheus']);
  await script(['rules', join(dir, 'rules.yaml'), ...options.helmArgs]);
  const targets = [...options.targets];
  const writeTargets = () => {
    // The namespace every rule selects on, as the chart's ServiceMonitor would carry it.
    const groups = targets.map((t) => ({
      targets: [new URL(t.opsUrl).host],
      labels: { job: t.job, namespace: 'rooms' },
    }));
    writeFileSync(join(dir, 'targets.json.tmp'), JSON.stringify(groups));
    renameSync(join(dir, 'targets.json.tmp'), join(dir, 'targets.json'));
  };
  writeTargets();
  writeFileSync(
    join(dir, 'prometheus.yml'),
    [
      'global: { scrape_interval: 1s, scrape_timeout: 1s, evaluation_interval: 1s }',
      'rule_files: [rules.yaml]',
      'scrape_configs:',
      '  - job_name: rooms-sync',
      // honor_labels keeps the service's own `service` label, as the local Prometheus does
      '    honor_labels: true',
      '    file_sd_configs: [{ files: [targets.json], refresh_interval: 1s }]',
      '',
    ].join('\n'),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${String(port)}`;
  const log = openSync(join(dir, 'prometheus.log'), 'a');
  const child = spawn(
    binary,
    [
      `--config.file=${join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${String(port)}`,
    ],
    { cwd: dir, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const api = async (path: string): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, { signal: AbortSignal.timeout(2_000) });
    if (!res.ok) throw new Error(`Prometheus ${path}: ${String(res.status)}`);
    return ((await res.json()) as { data: unknown }).data;
  };
  const alerts = async (): Promise<ActiveAlert[]> => {
    const data = (await api('/api/v1/alerts')) as {
      alerts: { labels: Record<string, string>; state: string }[];
    };
    return data.alerts
      .filter((a) => a.state === 'pending' || a.state === 'firing')
      .map((a) => ({
        name: a.labels.alertname ?? '',
        state: a.state as ActiveAlert['state'],
        labels: a.labels,
      }));
  };
  const tail = () => readFileSync(join(dir, 'prometheus.log'), 'utf8').split('\n').slice(-15).join('\n');
  try {
    await waitFor(
      'Prometheus ready',
      async () => {
        if (child.exitCode !== null) throw new Error(`Prometheus exited during start:\n${tail()}`);
        return (await fetch(`${url}/-/ready`).catch(() => undefined))?.ok === true;
      },
      30_000,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    addTarget(job, opsUrl) {
      targets.push({ job, opsUrl });
      writeTargets();
    },
    async ready() {
      await waitFor(
        `Prometheus scraping ${String(targets.length)} targets with the rules loaded`,
        async () => {
          const [scraped, rules] = await Promise.all([
            api('/api/v1/targets').catch(() => undefined),
            api('/api/v1/rules?type=alert').catch(() => undefined),
          ]);
          const active = (scraped as { activeTargets: { health: string }[] } | undefined)?.activeTargets ?? [];
          const groups = (rules as { groups: unknown[] } | undefined)?.groups ?? [];
          return active.length === targets.length && active.every((t) => t.health === 'up') && groups.length > 0;
        },
        20_000,
      );
      let active: ActiveAlert[] = [];
      await waitFor(
        'no alert pending or firing before the fault',
        async () => {
          active = await alerts().catch(() => active);
          return active.length === 0;
        },
        20_000,
      ).catch((error: unknown) => {
        throw new Error(`${String(error)}: ${active.map((a) => `${a.name} ${a.state}`).join(', ')}`);
      });
    },
    alerts,
    stop,
  };
}
