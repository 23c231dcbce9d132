// `make bench-scale` (and, small, part of `make bench`): N on-premises rooms, all four services as
// processes, the simulator answering EWS with an injected latency, real Kafka and PostgreSQL.
// Phases: the rooms imported in bulk and subscribed; an idle period on compressed time (EWS calls
// and pushes per room-hour); a nine-o'clock burst; a soak. Each figure is printed beside its
// baseline measured in the same run, and written as JSON and an SVG chart under .run/bench/.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, runCli } from '@rooms-sync/testing';
import { scanRunRecords } from '../scanRunRecords.ts';
import { startHybridSystem } from '../startHybridSystem.ts';
import type { HybridSystem } from '../startHybridSystem.ts';
import { blockTrend } from './benchStats.ts';
import { INSPECTABLE, liveHeapMb } from './liveHeap.ts';
import { timeManagerRestart } from './managerRestart.ts';
import { podNode } from './podNode.ts';
import type { RestartTiming } from './managerRestart.ts';
import type { ProcSample } from './procSample.ts';
import { countersSince, readConsumerLag, readCounters, readServiceSamples } from './scaleProbes.ts';
import type { Counters } from './scaleProbes.ts';
import { freshnessOf, makeChanges } from './scaleLoad.ts';
import type { Change } from './scaleLoad.ts';
import { printScaleReport } from './scaleReport.ts';
import type { ScaleReport } from './scaleReport.ts';
import { svgChart } from './svgChart.ts';

const env = (key: string, fallback: number) => Number(process.env[key] ?? fallback);
const ROOMS = env('BENCH_SCALE_ROOMS', 100);
const LATENCY_MS = env('BENCH_SCALE_EWS_LATENCY_MS', 20);
const SUBSCRIBE_RATE = env('BENCH_SCALE_SUBSCRIBE_RATE', 20);
// Heartbeats come every StatusFrequency (1 min) × scale: keep them near 170/s whatever N is.
const TIME_SCALE = env('BENCH_SCALE_TIME_SCALE', Math.min(1, Math.max(0.01, ROOMS / 10_000)));
const IDLE_MINUTES = env('BENCH_SCALE_IDLE_MINUTES', 60);
const BURST_S = env('BENCH_SCALE_BURST_S', 10);
const SUSTAIN_S = env('BENCH_SCALE_SUSTAIN_S', 20);
const RATE = env('BENCH_SCALE_RATE', 100);
const SOAK_S = env('BENCH_SCALE_SOAK_S', 60);
const SOAK_RATE = env('BENCH_SCALE_SOAK_RATE', 10);
const BASELINE_CHANGES = 20;
// A soak longer than this also gets the RSS slope of its last this many seconds: what the RSS
// does once it has settled from the burst, beside the slope over the whole soak.
const SOAK_TAIL_S = 600;

const tag = `scale${randomBytes(3).toString('hex')}`;
const rooms = Array.from({ length: ROOMS }, (_, i) => `${tag}-room-${String(i)}@contoso.example`);
const topics = { notifications: `bench.${tag}-n.v1`, subscriptions: `bench.${tag}-s.v1` };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const say = (line: string) => process.stderr.write(`[bench-scale] ${line}\n`);

/** Polls every half second until `done` holds: what it waits for is timed, to that half second. */
async function pollUntil(what: string, done: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(500);
  }
}

say(`${String(ROOMS)} rooms, time scale ${String(TIME_SCALE)}, EWS latency ${String(LATENCY_MS)} ms`);
const SERVICES = ['webhook-ingress', 'subscription-manager', 'sync-projector'] as const;
const nodeOfPod = podNode();
const nodeOfPods = Object.fromEntries(SERVICES.map((name) => [name, nodeOfPod(name)] as const));
const system = await startHybridSystem({
  tag,
  onprem: rooms,
  online: [],
  timeScale: String(TIME_SCALE),
  topics,
  addRooms: false,
  simEnv: { SIM_EWS_LATENCY_MS: String(LATENCY_MS) },
  managerEnv: { SubscribeRatePerSecond: String(SUBSCRIBE_RATE) },
  node: {
    'exchange-simulator': { options: INSPECTABLE, flags: [] },
    ...Object.fromEntries(
      Object.entries(nodeOfPods).map(([name, pod]) => [name, { ...pod, options: `${INSPECTABLE} ${pod.options}` }]),
    ),
  },
});
// Interrupted (Ctrl-C, a CI timeout): the services, database and topics go with the bench.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    void system.close().finally(() => process.exit(130));
  });
const t0 = Date.now();
const since = () => (Date.now() - t0) / 1000;
const samples: { t: number; services: Record<string, ProcSample>; lag: number }[] = [];
const marks: { x: number; label: string }[] = [];
const sampling = new AbortController();
const sampler = (async () => {
  while (!sampling.signal.aborted) {
    samples.push({ t: since(), services: readServiceSamples(system), lag: await readConsumerLag(system) });
    await sleep(2000);
  }
})();
const phases: Record<string, { seconds: number; counters: Counters; maxLag: number }> = {};
const phase = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
  say(`phase ${name}`);
  marks.push({ x: since(), label: name });
  const [from, before] = [since(), await readCounters(system)];
  const result = await run();
  const to = since();
  const lags = samples.filter((s) => s.t >= from && s.t <= to).map((s) => s.lag);
  phases[name] = {
    seconds: to - from,
    counters: countersSince(before, await readCounters(system)),
    maxLag: Math.max(0, ...lags),
  };
  return result;
};

try {
  const startSamples = readServiceSamples(system);
  const dir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const file = join(dir, 'rooms.txt');
  writeFileSync(file, `${rooms.join('\n')}\n`);
  let importSeconds = 0;
  await phase('subscribe', async () => {
    const run = await runCli(['rooms', 'import', file], system.cliEnv);
    importSeconds = since() - (marks.at(-1)?.x ?? 0);
    rmSync(dir, { recursive: true, force: true });
    if (run.code !== 0) throw new Error(`rooms import: ${run.stdout}${run.stderr}`);
    await pollUntil(
      'every room subscribed',
      async () => (await readCounters(system)).liveRooms >= ROOMS,
      120_000 + (ROOMS / SUBSCRIBE_RATE) * 3000,
    );
  });
  // Each new subscription's first push has the projector catch its room up: the idle period
  // starts once those syncs have stopped (heartbeats keep the consumer lag above 0 on its own).
  let firstSyncs = -1;
  await phase('settle', () =>
    pollUntil(
      'the first syncs done',
      async () => {
        await sleep(2500);
        const calls = Object.entries((await readCounters(system)).projectorCalls);
        const count = calls.filter(([k]) => !k.endsWith('/reconcile')).reduce((s, [, v]) => s + v, 0);
        const settled = count === firstSyncs;
        firstSyncs = count;
        return settled;
      },
      300_000,
    ),
  );
  await phase('idle', () => sleep(IDLE_MINUTES * 60_000 * TIME_SCALE));
  // Measured before the load, not as the soak starts: the full collection shrinks the heap, and its
  // regrowth would pass for a trend in the soak's RSS.
  const heapAfterIdle = await liveHeaps(system);
  const changes: Change[] = [];
  const pick = (i: number) => rooms[(i * 7919) % ROOMS] ?? '';
  await phase('baseline', async () => {
    changes.push(
      ...(await makeChanges(system, tag, { phase: 'baseline', count: BASELINE_CHANGES, perSecond: 2, room: pick })),
    );
  });
  const burstCount = Math.ceil(ROOMS * 0.2);
  await phase('burst', async () => {
    changes.push(
      ...(await makeChanges(system, tag, {
        phase: 'burst',
        count: burstCount,
        perSecond: burstCount / BURST_S,
        room: (i) => rooms[i] ?? '',
      })),
      ...(await makeChanges(system, tag, { phase: 'sustained', count: RATE * SUSTAIN_S, perSecond: RATE, room: pick })),
    );
  });
  const soakFrom = since();
  await phase('soak', async () => {
    changes.push(
      ...(await makeChanges(system, tag, {
        phase: 'soak',
        count: SOAK_RATE * SOAK_S,
        perSecond: SOAK_RATE,
        room: pick,
      })),
    );
  });
  const soakTo = since();
  const fresh = await freshnessOf(system, tag, changes, 120_000);
  sampling.abort();
  await sampler;
  const endSamples = readServiceSamples(system);
  // After the RSS samples, which the full collection would lower.
  const heapAfterSoak = await liveHeaps(system);

  const kafka = { records: 0, bytes: 0, idleRecords: 0, idleBytes: 0 };
  const idle = marks.find((m) => m.label === 'idle');
  const idleEnd = marks.find((m) => m.label === 'baseline');
  await scanRunRecords(system, `${tag}-scan`, [topics.notifications, topics.subscriptions], (r) => {
    const headers = Object.entries(r.headers).reduce((s, [k, v]) => s + k.length + String(v).length, 0);
    const bytes = (r.key?.length ?? 0) + (r.value?.length ?? 0) + headers;
    kafka.records += 1;
    kafka.bytes += bytes;
    const t = (r.timestamp - t0) / 1000;
    if (idle && idleEnd && t >= idle.x && t < idleEnd.x) {
      kafka.idleRecords += 1;
      kafka.idleBytes += bytes;
    }
  });

  // Last, as it replaces the manager: the baseline (no snapshot) first, then the two restarts
  // that find one.
  const restarts: RestartTiming[] = [];
  /** The RSS trend (MB per minute, over minute means) of one service from `from` to the end of the soak. */
  const rssSlope = (name: string, from: number) =>
    blockTrend(
      samples
        .filter((s) => s.t >= from && s.t <= soakTo)
        .flatMap((s) => {
          const x = s.services[name];
          return x ? [[s.t / 60, x.rssMb] as const] : [];
        }),
      1,
    );
  for (const kind of ['no snapshot', 'stopped', 'killed'] as const) {
    say(`manager restart: ${kind}`);
    restarts.push(await timeManagerRestart(system, kind));
    await sleep(5000);
  }

  const report: ScaleReport = {
    at: new Date(t0).toISOString(),
    settings: {
      rooms: ROOMS,
      ewsLatencyMs: LATENCY_MS,
      subscribeRatePerSecond: SUBSCRIBE_RATE,
      timeScale: TIME_SCALE,
      idleSimulatedMinutes: IDLE_MINUTES,
      burst: { rooms: burstCount, seconds: BURST_S, thenPerSecond: RATE, forSeconds: SUSTAIN_S },
      soak: { perSecond: SOAK_RATE, seconds: SOAK_S },
      podNode: nodeOfPods,
    },
    importSeconds,
    phases,
    freshness: Object.fromEntries(
      ['baseline', 'burst', 'sustained', 'soak'].map((p) => {
        const of = changes.filter((c) => c.phase === p);
        return [p, { changes: of.length, ms: of.flatMap((c) => fresh.get(c.subject) ?? []) }];
      }),
    ),
    services: Object.fromEntries(
      Object.keys(startSamples).map((name) => [
        name,
        {
          start: startSamples[name],
          end: endSamples[name],
          liveHeapMb: { afterIdle: heapAfterIdle[name] ?? Number.NaN, afterSoak: heapAfterSoak[name] ?? Number.NaN },
          soakRss: rssSlope(name, soakFrom),
          soakTailRss: SOAK_S > SOAK_TAIL_S ? rssSlope(name, soakTo - SOAK_TAIL_S) : undefined,
        },
      ]),
    ),
    kafka,
    restarts,
  };
  const stamp = report.at.replace(/[:.]/g, '-');
  const out = join(REPO_ROOT, '.run', 'bench');
  mkdirSync(out, { recursive: true });
  const json = join(out, `scale-${stamp}.json`);
  const svg = join(out, `scale-${stamp}.svg`);
  writeFileSync(json, `${JSON.stringify({ ...report, samples }, null, 2)}\n`);
  writeFileSync(
    svg,
    svgChart({
      title: `rooms-sync at ${String(ROOMS)} rooms (EWS latency ${String(LATENCY_MS)} ms), ${report.at}`,
      xLabel: 'seconds since the services started',
      marks,
      panels: [
        {
          title: 'freshness of each change (ms, Exchange change → row written), at the time of the change',
          series: ['baseline', 'burst', 'sustained', 'soak'].map((p) => ({
            name: p,
            dots: true,
            points: changes
              .filter((c) => c.phase === p)
              .flatMap((c) => {
                const ms = fresh.get(c.subject);
                return ms === undefined ? [] : [[(c.at - t0) / 1000, ms] as const];
              }),
          })),
        },
        {
          title: 'RSS of each service (MB)',
          series: Object.keys(startSamples).map((name) => ({
            name,
            points: samples.flatMap((s) => {
              const x = s.services[name];
              return x ? [[s.t, x.rssMb] as const] : [];
            }),
          })),
        },
      ],
    }),
  );
  printScaleReport(report, process.stdout);
  process.stdout.write(`  written: ${json}\n           ${svg}\n`);
} finally {
  sampling.abort();
  await sampler.catch(() => undefined);
  await system.close();
}

async function liveHeaps(system: HybridSystem): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, service] of system.services) out[name] = await liveHeapMb(service);
  return out;
}
