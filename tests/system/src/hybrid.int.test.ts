// One deployment, both kinds of Exchange: on-premises rooms on the default EWS connection and
// Exchange Online rooms on a Graph connection, all four services as processes against the
// simulator (EWS face over HTTP, Graph face and its token endpoint over HTTPS). Both kinds must
// converge on the same read model, through Graph's lifecycle troubles too; and no configured
// secret (the EWS password, the Graph client secret, the clientStates the manager made) may
// appear in any log line, Kafka record or table of the run.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { dlqTopicFor } from '@rooms-sync/kafka';
import type { ReservationView } from '@rooms-sync/projection';
import { waitFor } from '@rooms-sync/testing';
import { scanRunRecords } from './scanRunRecords.ts';
import { HYBRID_TOPICS, startHybridSystem } from './startHybridSystem.ts';
import type { HybridSystem } from './startHybridSystem.ts';

const DAY = 86_400_000;
const TAG = randomBytes(4).toString('hex');
const ONPREM = [`onprem-a-${TAG}@contoso.example`, `onprem-b-${TAG}@contoso.example`] as const;
const ONLINE = [`online-c-${TAG}@contoso.example`, `online-d-${TAG}@contoso.example`] as const;

interface Slot {
  subject: string | null;
  start: string;
  end: string;
}

let system: HybridSystem;

const TODAY = Math.floor(Date.now() / DAY) * DAY;
const at = (days: number, hour: number) => new Date(TODAY + days * DAY + hour * 3_600_000).toISOString();
const from = new Date(Date.now() + DAY).toISOString();
const to = new Date(Date.now() + 20 * DAY).toISOString();

before(async () => {
  system = await startHybridSystem({
    tag: TAG,
    onprem: ONPREM,
    online: ONLINE,
    timeScale: '0.05',
    managerEnv: {
      StatusFrequencyMinutes: '40',
      HeartbeatGraceSeconds: '2',
      // 10 min × 0.05: each Graph room is read back (and caught up) every 30 s, so the other
      // lifecycle cases converge through their own path first, and a silently dropped subscription
      // is found within 30 s.
      GraphReconcileIntervalMinutes: '10',
    },
  });
});

after(async () => {
  await system?.close();
});

test('on-premises and online rooms at once: bookings, a moved and a deleted occurrence, a cancellation', async () => {
  const [a, b] = ONPREM;
  const [c, d] = ONLINE;
  const singles = await Promise.all(
    [a, c].map((room) =>
      book(room, { subject: 'Planning', start: at(2, 9), end: at(2, 10), organizer: 'ada@contoso.example' }),
    ),
  );
  const series = await Promise.all(
    [b, d].map((room) =>
      book(room, {
        subject: 'Standup',
        start: at(3, 8),
        end: at(3, 9),
        organizer: 'bob@contoso.example',
        recurrence: { pattern: 'daily', interval: 1, numberOfOccurrences: 5 },
      }),
    ),
  );
  await convergedAll('booked');
  assert.equal((await model(d)).length, 5, 'one row per occurrence of the online series');

  for (const [i, room] of [b, d].entries()) {
    const path = `/admin/mailboxes/${room}/items/${encodeURIComponent(series[i] ?? '')}/occurrences`;
    await simAdmin('PATCH', `${path}/${at(4, 8)}`, { subject: 'Standup (late)', start: at(4, 11), end: at(4, 12) });
    await simAdmin('DELETE', `${path}/${at(5, 8)}`);
  }
  for (const [i, room] of [a, c].entries())
    await simAdmin('PATCH', `/admin/mailboxes/${room}/items/${encodeURIComponent(singles[i] ?? '')}`, {
      start: at(2, 14),
      end: at(2, 15),
    });
  await convergedAll('an occurrence moved and one deleted, the single moved');
  assert.equal((await model(d)).length, 4);

  await simAdmin('POST', `/admin/mailboxes/${c}/items/${encodeURIComponent(singles[1] ?? '')}/cancel`, {});
  await convergedAll('the online single cancelled');
  assert.deepEqual(await model(c), []);
});

test('a meeting moved from an on-premises room to an online room and back', async () => {
  const [a] = ONPREM;
  const [c] = ONLINE;
  const id = await book(a, { subject: 'Board', start: at(6, 13), end: at(6, 14), organizer: 'eve@contoso.example' });
  await convergedAll('booked on-premises');
  const moved = await simAdmin('POST', `/admin/mailboxes/${a}/items/${encodeURIComponent(id)}/move`, { toMailbox: c });
  await convergedAll('moved online');
  assert.ok((await model(c)).some((r) => r.subject === 'Board'));
  await simAdmin('POST', `/admin/mailboxes/${c}/items/${encodeURIComponent((moved as { id: string }).id)}/move`, {
    toMailbox: a,
  });
  await convergedAll('moved back on-premises');
  assert.ok((await model(a)).some((r) => r.subject === 'Board'));
});

const LIFECYCLE: { fault: Record<string, unknown>; hint: string }[] = [
  { fault: { type: 'graphReauthorizationRequired' }, hint: 'reauthorizationRequired answered' },
  { fault: { type: 'graphRemoveSubscription' }, hint: 'subscriptionRemoved: re-created, caught up' },
  // Graph loses the booking's notification and then says `missed`.
  { fault: { type: 'graphMissed', lose: 1 }, hint: 'a lost notification, then missed: caught up' },
  { fault: { type: 'graphExpireDeltaTokens' }, hint: 'an expired delta token: a full round' },
  { fault: { type: 'graphDropSubscription' }, hint: 'silently dropped: found by the periodic check' },
];
for (const { fault, hint } of LIFECYCLE) {
  test(`Graph lifecycle: ${hint}; nothing lost`, async () => {
    const [, d] = ONLINE;
    await simAdmin('POST', '/admin/faults', { ...fault, mailbox: d });
    // A change right after the fault: whatever Graph no longer tells, the catch-up must find.
    await book(d, { subject: `After ${hint}`, start: at(8, 9), end: at(8, 10), organizer: 'ada@contoso.example' });
    await converged(d, hint, 45_000);
    await waitFor(
      `one active subscription for ${d}, none waiting for reauthorization`,
      async () => {
        const subs = (await simAdmin('GET', '/admin/graph/subscriptions')) as {
          mailbox: string;
          state: string;
          reauthorizationRequired: boolean;
        }[];
        const live = subs.filter((x) => x.mailbox === d && x.state === 'active');
        return live.length === 1 && live.every((x) => !x.reauthorizationRequired);
      },
      15_000,
    );
  });
}

test('no secret in any log line, Kafka record or table of the run', async () => {
  const clientStates = new Set<string>();
  for (const s of (await simAdmin('GET', '/admin/graph/subscriptions')) as { clientState?: string }[])
    if (typeof s.clientState === 'string') clientStates.add(s.clientState);
  assert.ok(clientStates.size >= ONLINE.length, 'the simulator tells which clientStates it was given');
  const named = [...system.services];
  await Promise.all(named.map(([, s]) => s.stop()));
  const secrets = [system.secrets.ewsPassword, system.secrets.graphClientSecret, ...clientStates];
  const leaks = (where: string, text: string) =>
    secrets.filter((s) => text.includes(s)).map((s) => `${where}: …${s.slice(-6)}`);

  const found: string[] = [];
  for (const [name, service] of named) found.push(...leaks(`log of ${name}`, service.output()));
  for (const record of await recordsOfTheRun()) found.push(...leaks(`Kafka ${record.where}`, record.text));
  for (const table of await tables()) found.push(...leaks(`table ${table.name}`, table.text));
  assert.deepEqual(found, []);
  assert.ok(
    named.every(([, s]) => s.output().length > 0),
    'the logs were captured',
  );
});

const simAdmin = (method: string, path: string, body?: unknown) => system.simAdmin(method, path, body);

async function book(room: string, meeting: Record<string, unknown>): Promise<string> {
  return ((await simAdmin('POST', `/admin/mailboxes/${room}/items`, meeting)) as { id: string }).id;
}

const bySlot = (x: Slot, y: Slot) => `${x.start}${x.subject ?? ''}`.localeCompare(`${y.start}${y.subject ?? ''}`);

/** The simulator's truth, occurrences expanded. Ids differ between EWS and Graph; slots do not. */
async function truth(room: string): Promise<Slot[]> {
  const items = (await simAdmin('GET', `/admin/mailboxes/${room}/items?start=${from}&end=${to}`)) as (Slot & {
    isCancelled: boolean;
  })[];
  return items
    .filter((i) => !i.isCancelled)
    .map((i) => ({ subject: i.subject, start: i.start, end: i.end }))
    .sort(bySlot);
}

async function model(room: string): Promise<ReservationView[]> {
  const res = await fetch(`${system.projectorUrl}/api/reservations?room=${room}&from=${from}&to=${to}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { reservations: ReservationView[] }).reservations;
}

async function converged(room: string, step: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [want, rows] = await Promise.all([truth(room), model(room)]);
    const got = rows.map((r) => ({ subject: r.subject, start: r.start, end: r.end })).sort(bySlot);
    if (JSON.stringify(got) === JSON.stringify(want) || Date.now() > deadline) {
      assert.deepEqual(got, want, `${room}: ${step}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function convergedAll(step: string): Promise<void> {
  await Promise.all([...ONPREM, ...ONLINE].map((room) => converged(room, step)));
}

/** Every record our run put on the topics (and their dead-letter topics), values and headers. */
async function recordsOfTheRun(): Promise<{ where: string; text: string }[]> {
  const out: { where: string; text: string }[] = [];
  const topics = [...HYBRID_TOPICS, ...HYBRID_TOPICS.map(dlqTopicFor)];
  await scanRunRecords(system, `hybrid-scan-${TAG}`, topics, (r) => {
    const headers = Object.entries(r.headers).map(([k, v]) => `${k}=${String(v)}`);
    out.push({
      where: `${r.topic}:${String(r.partition)}@${r.offset}`,
      text: `${r.value?.toString() ?? ''} ${headers.join(' ')}`,
    });
  });
  return out;
}

/** Every row of every table of the run's database, as JSON text. */
async function tables(): Promise<{ name: string; text: string }[]> {
  const names = (
    await system.db.db.raw<{ rows: { table_name: string }[] }>(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    )
  ).rows.map((r) => r.table_name);
  assert.ok(names.includes('reservations') && names.includes('rooms'));
  return Promise.all(
    names.map(async (name) => ({
      name,
      text: (
        await system.db.db.raw<{ rows: { j: string }[] }>(`select row_to_json(t)::text as j from "${name}" t`)
      ).rows
        .map((r) => r.j)
        .join('\n'),
    })),
  );
}
