// The scale bench's figures as a table, each beside the baseline measured in the same run.
import { percentile, type BlockTrend } from './benchStats.ts';
import type { ProcSample } from './procSample.ts';
import type { Counters } from './scaleProbes.ts';
import type { RestartTiming } from './managerRestart.ts';
import type { NodeRun } from '../startHybridSystem.ts';

export interface ScaleReport {
  at: string;
  settings: {
    rooms: number;
    ewsLatencyMs: number;
    subscribeRatePerSecond: number;
    timeScale: number;
    idleSimulatedMinutes: number;
    burst: { rooms: number; seconds: number; thenPerSecond: number; forSeconds: number };
    soak: { perSecond: number; seconds: number };
    /** How node runs each service's pod in the chart (its heap sized from the memory limit, its V8 flags), as the bench runs it. */
    podNode: Record<string, NodeRun>;
  };
  importSeconds: number;
  phases: Record<string, { seconds: number; counters: Counters; maxLag: number }>;
  freshness: Record<string, { changes: number; ms: number[] }>;
  services: Record<
    string,
    {
      start?: ProcSample | undefined;
      end?: ProcSample | undefined;
      /** RSS MB per minute over the soak, its noise from minute means, and its rise in each half. */
      soakRss: BlockTrend;
      /** The same over the soak's last 10 minutes, when it lasts longer. */
      soakTailRss?: BlockTrend | undefined;
      /**
       * What the heap holds after a full garbage collection (liveHeap.ts): at the end of the idle
       * hour, and after the burst and the soak. Growth between them is what a leak looks like.
       */
      liveHeapMb: { afterIdle: number; afterSoak: number };
    }
  >;
  kafka: { records: number; bytes: number; idleRecords: number; idleBytes: number };
  restarts: RestartTiming[];
}

/** Design figures the idle costs are compared with (the manager's defaults, which the bench keeps). */
const RECONCILE_ROOMS_INTERVAL_MINUTES = 60;
const STATUS_FREQUENCY_MINUTES = 1;

const n = (x: number, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '–');
const sum = (o: Record<string, number>) => Object.values(o).reduce((s, x) => s + x, 0);

function freshness(f: { changes: number; ms: number[] } | undefined): string {
  if (!f || f.changes === 0) return '–';
  const p = (q: number) => n(percentile(f.ms, q), 0);
  return `p50 ${p(0.5)}, p95 ${p(0.95)}, p99 ${p(0.99)}, max ${p(1)} ms (${String(f.ms.length)}/${String(f.changes)})`;
}

/**
 * A slope within two standard errors of 0 is noise, not growth. Growth is told apart by its halves:
 * a leak rises as much in the second as in the first, a warm-up less.
 */
function rssTrend(f: BlockTrend): string {
  const slope = `${n(f.slope, 3)} ± ${n(2 * f.standardError, 3)} MB/min`;
  if (!Number.isFinite(f.standardError)) return `${n(f.slope, 3)} MB/min (too few minutes to tell noise)`;
  if (Math.abs(f.slope) <= 2 * f.standardError) return `${slope} (flat: within noise)`;
  const halves = `${n(f.rise[0], 2)} then ${n(f.rise[1], 2)} MB`;
  const levelling = Math.abs(f.rise[1]) < Math.abs(f.rise[0]) / 2;
  return `${slope} (${f.slope > 0 ? 'rising' : 'falling'}${levelling ? ', levelling off' : ''}: ${halves})`;
}

export function printScaleReport(r: ScaleReport, out: { write(s: string): unknown }): void {
  const s = r.settings;
  const line = (what: string, measured: string, baseline = '') =>
    out.write(`  ${what.padEnd(44)} ${measured.padEnd(52)} ${baseline}\n`);
  out.write(
    `scale bench: ${String(s.rooms)} on-premises rooms, all four services as processes, EWS latency ${String(s.ewsLatencyMs)} ms injected at the simulator, time scale ${String(s.timeScale)}\n`,
  );
  out.write(
    `  each service's node as in its pod (the chart's NODE_OPTIONS and nodeFlags): ${Object.entries(s.podNode)
      .map(([name, pod]) => `${name} ${[pod.options, ...pod.flags].join(' ') || '(none)'}`)
      .join(', ')}\n`,
  );
  line('figure', 'measured', 'baseline (same run)');
  const sub = r.phases.subscribe;
  line('rooms import (one process, mailboxes checked)', `${n(r.importSeconds)} s`);
  line(
    'import → every room subscribed',
    `${n(sub?.seconds ?? Number.NaN)} s (${String(sub?.counters.liveRooms ?? 0)} rooms)`,
    `${n(s.rooms / s.subscribeRatePerSecond)} s = rooms / SubscribeRatePerSecond ${String(s.subscribeRatePerSecond)}`,
  );
  const settle = r.phases.settle;
  line(
    '  then every room caught up once (first syncs)',
    `${n(settle?.seconds ?? Number.NaN)} s more: ${JSON.stringify(settle?.counters.projectorCalls ?? {})}`,
  );
  const idle = r.phases.idle;
  const roomHours = idle ? (s.rooms * idle.seconds) / s.timeScale / 3600 : Number.NaN;
  if (idle) {
    line(
      `idle (${String(s.idleSimulatedMinutes)} simulated min): EWS calls / room-hour`,
      `${n(sum(idle.counters.ewsCalls) / roomHours, 2)} (${JSON.stringify(idle.counters.ewsCalls)})`,
      `${n(60 / RECONCILE_ROOMS_INTERVAL_MINUTES, 2)} = one SyncFolderItems per reconcile period`,
    );
    line('  projector calls by source/operation/reason', JSON.stringify(idle.counters.projectorCalls));
    line(
      '  pushes / room-hour',
      n(idle.counters.pushes / roomHours, 1),
      `${n(60 / STATUS_FREQUENCY_MINUTES, 0)} = one heartbeat per StatusFrequency`,
    );
    line('  syncs skipped (heartbeats, no call)', String(idle.counters.syncsSkipped));
    line(
      '  Kafka bytes / room-day',
      `${n((r.kafka.idleBytes / roomHours) * 24, 0)} B (${n((r.kafka.idleRecords / roomHours) * 24, 0)} records)`,
      `whole run: ${String(r.kafka.records)} records, ${n(r.kafka.bytes / 1e6, 2)} MB`,
    );
  }
  const floor = r.phases.baseline;
  const baselineChanges = r.freshness.baseline?.changes ?? 0;
  const callsPerChange = floor && baselineChanges > 0 ? sum(floor.counters.ewsCalls) / baselineChanges : Number.NaN;
  line(
    'freshness, Exchange change → row written',
    '',
    `single changes on the idle deployment: ${freshness(r.freshness.baseline)}`,
  );
  line(`  burst: ${String(s.burst.rooms)} rooms in ${String(s.burst.seconds)} s`, freshness(r.freshness.burst));
  line(
    `  then ${String(s.burst.thenPerSecond)} changes/s for ${String(s.burst.forSeconds)} s`,
    freshness(r.freshness.sustained),
  );
  line(`  soak: ${String(s.soak.perSecond)} changes/s for ${String(s.soak.seconds)} s`, freshness(r.freshness.soak));
  line(
    '  injected latency floor',
    `${n(callsPerChange * s.ewsLatencyMs, 0)} ms = ${String(s.ewsLatencyMs)} ms × ${n(callsPerChange, 2)} EWS calls per single change`,
  );
  line(
    'consumer lag, max (messages)',
    ['burst', 'soak'].map((p) => `${p} ${String(r.phases[p]?.maxLag ?? '–')}`).join(', '),
    `idle ${String(r.phases.idle?.maxLag ?? '–')}`,
  );
  for (const p of ['burst', 'soak'])
    line(`EWS calls in ${p} (projector, by reason)`, JSON.stringify(r.phases[p]?.counters.projectorCalls ?? {}));
  const none = r.restarts.find((x) => x.kind === 'no snapshot');
  const fromScratch = none
    ? `no snapshot: ${n(none.msToAct / 1000, 2)} s (${String(none.inWindow ?? '?')} notifications of the lookback window read)`
    : '';
  for (const x of r.restarts.filter((y) => y.kind !== 'no snapshot'))
    line(
      `manager restart → acting (${x.kind === 'killed' ? 'killed' : 'clean stop'})`,
      `${n(x.msToAct / 1000, 2)} s, ${String(x.rooms)} rooms, snapshot ${String(x.snapshotAgeSeconds ?? '?')} s old`,
      fromScratch,
    );
  out.write(
    `  ${'service'.padEnd(22)} ${'CPU s start → end'.padEnd(22)} ${'RSS MB start → end'.padEnd(22)} ${'live heap MB (idle → soak end)'.padEnd(32)} RSS slope over the soak\n`,
  );
  for (const [name, x] of Object.entries(r.services))
    out.write(
      `  ${name.padEnd(22)} ${`${n(x.start?.cpuSeconds ?? Number.NaN)} → ${n(x.end?.cpuSeconds ?? Number.NaN)}`.padEnd(22)} ${`${n(x.start?.rssMb ?? Number.NaN)} → ${n(x.end?.rssMb ?? Number.NaN)}`.padEnd(22)} ${`${n(x.liveHeapMb.afterIdle)} → ${n(x.liveHeapMb.afterSoak)}`.padEnd(32)} ${rssTrend(x.soakRss)}${x.soakTailRss ? `; last 10 min ${rssTrend(x.soakTailRss)}` : ''}\n`,
    );
}
