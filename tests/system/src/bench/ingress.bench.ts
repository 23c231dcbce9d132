// `make bench` part 1: the webhook ingress (parse + produce with acks=all to the
// local broker + SOAP reply) against a bare Koa server answering the same reply,
// both driven by autocannon over loopback in the same run. Each server's RSS is sampled through
// its run: with a long BENCH_SECONDS it shows where the memory of each levels off. The ingress
// writes to topics of the run's own, removed at the end.
import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { buildSendNotification } from '@rooms-sync/ews';
import { createKafka } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { LOCAL_KAFKA_BROKERS, REPO_ROOT, spawnService } from '@rooms-sync/testing';
import { deleteRunTopics } from '../deleteRunTopics.ts';
import { blockTrend, type BlockTrend } from './benchStats.ts';
import { podNode } from './podNode.ts';
import { readProcSample } from './procSample.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
// Both run as the ingress pod runs node (from the chart), so their RSS is the pod's.
const POD = podNode()('webhook-ingress');
const NODE_OPTIONS = POD.options;

// A realistic push: one subscription, three calendar events.
const body = buildSendNotification([
  {
    responseClass: 'Success',
    subscriptionId: 'JwBkYjVwcjA2bWIxMzUzLm5hbXByZDA2LnByb2Qub3V0bG9vay5jb20QAAAA',
    previousWatermark: 'AQAAAHFmA1b8W4pMl0y+7dBYxdYkNQAAAAAAAAE=',
    moreEvents: false,
    events: ['Created', 'Modified', 'Deleted'].map((kind, i) => ({
      kind: kind as 'Created' | 'Modified' | 'Deleted',
      watermark: `AQAAAHFmA1b8W4pMl0y+7dBYxdYkNQAAAAAAAA${i}=`,
      timestamp: '2026-11-25T09:00:00Z',
      itemId: {
        id: `AAMkADk0ZTIyNTVjLWI2YjAtNDk2Ni05ZjI5LTE1ZTkyNDFmNmY5NQBGAAAAAAC${i}`,
        changeKey: 'DwAAABYAAAB8W4pMl0y+7dBYxdYkNQAAAAAGqw==',
      },
      parentFolderId: { id: 'AAMkADk0ZTIyNTVjLWI2YjAtNDk2Ni05ZjI5LTE1ZTkyNDFmNmY5NQAuAAAAAAB', changeKey: 'AQAAAA==' },
    })),
  },
]);

interface Figures {
  rps: number;
  requests: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  rssMb: { start: number; end: number; trend: BlockTrend };
}

async function load(url: string, pid: number): Promise<Figures> {
  const rss: [number, number][] = [];
  const t0 = Date.now();
  const sample = () => rss.push([(Date.now() - t0) / 1000, readProcSample(pid).rssMb]);
  sample();
  const sampler = setInterval(sample, 1000);
  const result = await autocannon({
    url: `${url}/api/webhooks/exchange`,
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body,
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  clearInterval(sampler);
  sample();
  return {
    rps: result.requests.average,
    requests: result.requests.total,
    rssMb: {
      start: rss[0]?.[1] ?? Number.NaN,
      end: rss.at(-1)?.[1] ?? Number.NaN,
      trend: blockTrend(rss, SECONDS / 10),
    },
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

async function startBareKoa(): Promise<{ url: string; pid: number; stop: () => void }> {
  const child = spawn(process.execPath, [...POD.flags, 'tests/system/src/bench/bareKoaServer.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_OPTIONS },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      resolve((JSON.parse(line) as { public: string }).public);
    });
  });
  return { url, pid: child.pid ?? Number.NaN, stop: () => child.kill('SIGTERM') };
}

const tag = `ingress${randomBytes(3).toString('hex')}`;
const topics = { notifications: `bench.${tag}-n.v1`, subscriptions: `bench.${tag}-s.v1` };
const kafka = createKafka({
  brokers: [LOCAL_KAFKA_BROKERS],
  clientId: `bench-${tag}`,
  logger: createLogger({ service: 'ingress-bench', level: 'error' }),
});
const admin = kafka.engine.admin();
const ingress = await spawnService({
  name: 'webhook-ingress',
  env: {
    KafkaBrokers: LOCAL_KAFKA_BROKERS,
    NotificationsTopic: topics.notifications,
    SubscriptionsTopic: topics.subscriptions,
    HttpPort: '0',
    OpsPort: '0',
    LogLevel: 'info',
    NODE_OPTIONS,
  },
  nodeFlags: POD.flags,
  readyMessage: 'webhook ingress listening',
});
const bare = await startBareKoa();
try {
  // Warm both up (JIT, broker connections) before measuring.
  await Promise.all([
    autocannon({
      url: `${String(ingress.ready.public)}/api/webhooks/exchange`,
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body,
      connections: 8,
      duration: 2,
    }),
    autocannon({ url: bare.url, method: 'POST', body, connections: 8, duration: 2 }),
  ]);
  const a = await load(String(ingress.ready.public), ingress.process.pid ?? Number.NaN);
  const b = await load(bare.url, bare.pid);
  const row = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.rps.toFixed(0).padStart(9)} ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)} ${String(f.non2xx + f.errors).padStart(7)}`;
  console.log(
    `\nwebhook ingress vs bare Koa — ${CONNECTIONS} connections, ${SECONDS} s each, ${body.length}-byte SendNotification, loopback, node as in the pod: ${[NODE_OPTIONS, ...POD.flags].join(' ') || '(defaults)'}`,
  );
  console.log(
    `${'server'.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'non-2xx'.padStart(7)}`,
  );
  console.log(row('ingress (parse + Kafka acks=all)', a));
  console.log(row('bare Koa (static reply)', b));
  console.log(
    `ratio ingress/bare: throughput ${(a.rps / b.rps).toFixed(3)}; p99 ${a.p99.toFixed(1)} ms vs ${b.p99.toFixed(1)} ms`,
  );
  const memory = (name: string, f: Figures) =>
    `${name.padEnd(34)} ${f.rssMb.start.toFixed(1)} → ${f.rssMb.end.toFixed(1)} MB over ${String(f.requests)} requests; first half of the run ${f.rssMb.trend.rise[0].toFixed(1)} MB, second half ${f.rssMb.trend.rise[1].toFixed(1)} MB`;
  console.log(`RSS (sampled every second)\n${memory('ingress', a)}\n${memory('bare Koa', b)}`);
  const metrics = await (await fetch(`${String(ingress.ready.ops)}/metrics`)).text();
  const sample = (name: string) => Number(new RegExp(`^${name}\\{[^}]*\\} (\\S+)$`, 'm').exec(metrics)?.[1]);
  const batches = sample('rooms_ingress_batch_size_count');
  const pushes = sample('rooms_ingress_batch_size_sum');
  console.log(`ingress produce calls: ${batches}, pushes per call: ${(pushes / batches).toFixed(1)}`);
} finally {
  bare.stop();
  await ingress.stop();
  await deleteRunTopics(admin, topics);
  await admin.disconnect();
}
