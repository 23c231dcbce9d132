// The live demo `make up` ends with: book, move and cancel meetings (single and recurring) in the
// simulator's demo rooms through its admin API, and watch the projector's read API follow, with
// how long each change took to show up. Everything travels the real path: simulator push →
// webhook-ingress → Kafka → sync-projector → PostgreSQL → GET /api/reservations.

export interface DemoOptions {
  simulatorUrl: string;
  projectorUrl: string;
  out: { write(chunk: string): unknown };
  rooms?: readonly [string, string];
  /** Per step. */
  timeoutMs?: number;
}

export interface DemoResult {
  ok: boolean;
  steps: { step: string; ms: number | null }[];
}

interface Reservation {
  key: string;
  itemId: string;
  subject: string | null;
  start: string;
  end: string;
  status: string;
  seriesId: string | null;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

export async function runDemo(o: DemoOptions): Promise<DemoResult> {
  const [roomA, roomB] = o.rooms ?? ['room-101@contoso.example', 'room-102@contoso.example'];
  const tag = new Date().toISOString().slice(11, 19);
  const base = Math.ceil(Date.now() / DAY) * DAY + DAY; // the day after tomorrow, 00:00 UTC
  const iso = (ms: number) => new Date(ms).toISOString();
  const steps: DemoResult['steps'] = [];
  const ids = { single: '', series: '' };
  const write = (line = '') => o.out.write(`${line}\n`);

  const admin = async (method: string, path: string, body?: unknown): Promise<{ id: string }> => {
    const res = await fetch(`${o.simulatorUrl}/admin${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`simulator ${method} ${path}: ${res.status} ${text}`);
    return JSON.parse(text) as { id: string };
  };
  const read = async (room: string): Promise<Reservation[]> => {
    const res = await fetch(
      `${o.projectorUrl}/api/reservations?room=${encodeURIComponent(room)}&from=${iso(base - DAY)}&to=${iso(base + 10 * DAY)}`,
    );
    if (!res.ok) throw new Error(`read API: ${res.status} ${await res.text()}`);
    return ((await res.json()) as { reservations: Reservation[] }).reservations.filter(
      (r) => r.subject?.includes(tag) ?? false,
    );
  };
  const show = async (room: string) => {
    const rows = await read(room);
    write(`    ${room}: ${rows.length === 0 ? '(no demo reservations)' : ''}`);
    for (const r of rows)
      write(
        `      ${r.start.slice(0, 16)}–${r.end.slice(11, 16)}  ${r.status.padEnd(9)} ${r.subject ?? '(private)'}${r.seriesId ? '  [series]' : ''}`,
      );
  };
  const step = async (
    name: string,
    change: () => Promise<unknown>,
    done: (a: Reservation[], b: Reservation[]) => boolean,
  ) => {
    write(`▶ ${name}`);
    const started = performance.now();
    await change();
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    for (;;) {
      const [a, b] = await Promise.all([read(roomA), read(roomB)]);
      if (done(a, b)) {
        const ms = Math.round(performance.now() - started);
        steps.push({ step: name, ms });
        write(`  ✓ visible in the read model after ${ms} ms`);
        break;
      }
      if (Date.now() > deadline) {
        steps.push({ step: name, ms: null });
        write(`  ✗ not visible after ${o.timeoutMs ?? 30_000} ms`);
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await show(roomA);
    await show(roomB);
  };
  const subject = (s: string) => `${s} (demo ${tag})`;
  const has = (rows: Reservation[], s: string, start?: number) =>
    rows.some((r) => r.subject === subject(s) && (start === undefined || r.start === iso(start)));

  write(`rooms-sync demo: simulator ${o.simulatorUrl}, read API ${o.projectorUrl}/api/reservations`);
  await step(
    'book "Design review" in room 101',
    () =>
      admin('POST', `/mailboxes/${roomA}/items`, {
        subject: subject('Design review'),
        start: iso(base + 9 * HOUR),
        end: iso(base + 10 * HOUR),
        organizer: { address: 'ada@contoso.example', name: 'Ada Lovelace' },
        requiredAttendees: ['grace@contoso.example', 'alan@contoso.example'],
      }).then((r) => {
        ids.single = r.id;
      }),
    (a) => has(a, 'Design review'),
  );
  await step(
    'move "Design review" two hours later',
    () =>
      admin('PATCH', `/mailboxes/${roomA}/items/${encodeURIComponent(ids.single)}`, {
        start: iso(base + 11 * HOUR),
        end: iso(base + 12 * HOUR),
      }),
    (a) => has(a, 'Design review', base + 11 * HOUR),
  );
  await step(
    'book a daily "Standup" (5 days) in room 102',
    () =>
      admin('POST', `/mailboxes/${roomB}/items`, {
        subject: subject('Standup'),
        start: iso(base + 8 * HOUR),
        end: iso(base + 8.25 * HOUR),
        organizer: 'bob@contoso.example',
        recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
      }).then((r) => {
        ids.series = r.id;
      }),
    (_a, b) => b.filter((r) => r.subject === subject('Standup')).length === 5,
  );
  await step(
    'move the 2nd standup to 10:00 (an exception)',
    () =>
      admin(
        'PATCH',
        `/mailboxes/${roomB}/items/${encodeURIComponent(ids.series)}/occurrences/${iso(base + DAY + 8 * HOUR)}`,
        {
          subject: subject('Standup (moved)'),
          start: iso(base + DAY + 10 * HOUR),
          end: iso(base + DAY + 10.25 * HOUR),
        },
      ),
    (_a, b) => has(b, 'Standup (moved)', base + DAY + 10 * HOUR),
  );
  await step(
    'cancel the 4th standup',
    () =>
      admin(
        'DELETE',
        `/mailboxes/${roomB}/items/${encodeURIComponent(ids.series)}/occurrences/${iso(base + 3 * DAY + 8 * HOUR)}`,
      ),
    (_a, b) => b.filter((r) => r.subject?.startsWith('Standup') ?? false).length === 4,
  );
  await step(
    'move "Design review" to room 102',
    () =>
      admin('POST', `/mailboxes/${roomA}/items/${encodeURIComponent(ids.single)}/move`, { toMailbox: roomB }).then(
        (r) => {
          ids.single = r.id;
        },
      ),
    (a, b) => !has(a, 'Design review') && has(b, 'Design review'),
  );
  await step(
    'cancel "Design review"',
    () => admin('POST', `/mailboxes/${roomB}/items/${encodeURIComponent(ids.single)}/cancel`, { mode: 'move' }),
    (_a, b) => !has(b, 'Design review'),
  );

  const timed = steps.flatMap((s) => (s.ms === null ? [] : [s.ms])).sort((x, y) => x - y);
  const ok = timed.length === steps.length;
  write();
  write(
    ok
      ? `all ${steps.length} changes reached the read model; median ${timed[Math.floor(timed.length / 2)] ?? 0} ms, slowest ${timed.at(-1) ?? 0} ms`
      : `${steps.length - timed.length} of ${steps.length} changes did not reach the read model in time`,
  );
  return { ok, steps };
}
