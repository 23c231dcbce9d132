// `make bench` part: freshness of on-premises rooms (EWS push) and Exchange Online rooms (Graph
// change notifications) side by side, measured in the same run on the same deployment: the
// simulator, ingress, manager and projector as processes, real Kafka and PostgreSQL. A booking
// made at the simulator → its row committed in the read model, per kind of room. The EWS figure is
// the baseline the Graph one stands beside.
import { randomBytes } from 'node:crypto';
import { startHybridSystem } from '../startHybridSystem.ts';

const ROOMS = Number(process.env.BENCH_HYBRID_ROOMS ?? 4);
const RATE = Number(process.env.BENCH_HYBRID_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_HYBRID_SECONDS ?? 15);

const tag = randomBytes(4).toString('hex');
const rooms = (kind: string) =>
  Array.from({ length: ROOMS }, (_, i) => `bench-${kind}-${String(i)}-${tag}@contoso.example`);
const onprem = rooms('onprem');
const online = rooms('online');
const system = await startHybridSystem({ tag, onprem, online, timeScale: '1' });
try {
  const booked = new Map<string, { kind: 'ews' | 'graph'; at: number }>();
  const day = Date.now() + 2 * 86_400_000;
  const total = RATE * SECONDS;
  const t0 = performance.now();
  const pending: Promise<unknown>[] = [];
  for (let i = 0; i < total; i++) {
    const kind = i % 2 === 0 ? 'ews' : 'graph';
    const list = kind === 'ews' ? onprem : online;
    const room = list[Math.floor(i / 2) % list.length] ?? '';
    const subject = `fresh-${tag}-${String(i)}`;
    const start = day + (i % 40) * 1_800_000;
    booked.set(subject, { kind, at: Date.now() });
    pending.push(
      system.simAdmin('POST', `/admin/mailboxes/${room}/items`, {
        subject,
        start: new Date(start).toISOString(),
        end: new Date(start + 1_800_000).toISOString(),
        organizer: 'bench@contoso.example',
      }),
    );
    const wait = t0 + ((i + 1) * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  await Promise.all(pending);

  const committed = new Map<string, number>();
  const deadline = Date.now() + 60_000;
  while (committed.size < booked.size && Date.now() < deadline) {
    const rows = await system.db.db.raw<{ rows: { subject: string; at: Date }[] }>(
      `select subject, created_at as at from reservations where subject like ?`,
      [`fresh-${tag}-%`],
    );
    for (const r of rows.rows) committed.set(r.subject, r.at.getTime());
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  const figures = (kind: 'ews' | 'graph') => {
    const ms = [...booked]
      .filter(([, b]) => b.kind === kind)
      .flatMap(([subject, b]) => {
        const at = committed.get(subject);
        return at === undefined ? [] : [Math.max(0, at - b.at)];
      })
      .sort((a, b) => a - b);
    const pct = (p: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(p * ms.length))] ?? Number.NaN);
    const of = [...booked.values()].filter((b) => b.kind === kind).length;
    return `p50 ${String(pct(0.5))} ms, p95 ${String(pct(0.95))} ms, max ${String(ms.at(-1) ?? Number.NaN)} ms (${String(ms.length)}/${String(of)} bookings)`;
  };
  const load = `${String(RATE)} bookings/s for ${String(SECONDS)} s over ${String(ROOMS)}+${String(ROOMS)} rooms`;
  process.stdout.write(`freshness, booking at the simulator → row committed, ${load}:\n`);
  process.stdout.write(`  on-premises rooms, EWS push (the baseline):   ${figures('ews')}\n`);
  process.stdout.write(`  Exchange Online rooms, Graph notifications:   ${figures('graph')}\n`);
} finally {
  await system.close();
}
