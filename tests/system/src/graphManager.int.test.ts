// The manager's Graph path as it runs in production (its own process), against the simulator's
// Graph face over HTTPS (a test CA the processes trust through NODE_EXTRA_CA_CERTS), the real
// ingress (which answers Graph's validation handshake and records the lifecycle notices), Kafka
// and PostgreSQL. Graph's subscription lifetimes are real time at the simulator (45 minutes at
// least); the manager's own durations (renew-before, check period) are scaled to make them come.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { TestContext } from 'node:test';
import { clientStateHash, EventTypes } from '@rooms-sync/events';
import { startSimulator } from '@rooms-sync/exchange-sim/testing';
import type { RunningSimulator } from '@rooms-sync/exchange-sim/testing';
import { createRoomsRepository } from '@rooms-sync/subscriptions';
import { createTestTls } from '@rooms-sync/testing';
import type { SpawnedService } from '@rooms-sync/testing';
import {
  freshDatabase,
  recordTopics,
  startIngress,
  startManager,
  uniqueRooms,
  waitFor,
} from './subscriptionManagerSupport.ts';

const TENANT = 'contoso-tenant';
const APP = 'rooms-sync-app';
const SECRET = 'graph-Secret-91c4d7e2';
const CONNECTION = 'online';

interface SimGraphSubscription {
  id: string;
  mailbox: string;
  notificationUrl: string;
  lifecycleNotificationUrl: string;
  state: string;
  reauthorizationRequired: boolean;
  expirationDateTime: string;
}

interface SeenRequest {
  at: string;
  mailbox: string;
  request: string;
  admitted: boolean;
}

const tls = createTestTls();
const dir = mkdtempSync(join(tmpdir(), 'rooms-graph-manager-'));
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, tls.caPem);

let ingress: { service: SpawnedService; url: string };
before(async () => {
  ingress = await startIngress();
});
after(async () => {
  await ingress.service.stop();
  tls.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** One online room, its own simulator, database and manager (started with `env` on top of the Graph connection). */
async function graphRoom(t: TestContext, env: Record<string, string>) {
  const [room] = uniqueRooms(1) as [string];
  const sim = await startSimulator({
    tls: { certPem: tls.certPem, keyPem: tls.keyPem },
    auth: { mode: 'basic', users: new Map([['svc-rooms', 'secret']]), tokens: [] },
    mailboxes: [{ address: room, kind: 'online' }],
    // The ingress listens on plain http on loopback; Graph itself would insist on https.
    graph: { apps: [{ tenantId: TENANT, clientId: APP, clientSecret: SECRET }], allowHttpNotificationUrls: true },
  });
  const db = await freshDatabase();
  const topics = await recordTopics();
  const manager = await startManager({
    db,
    sim,
    env: {
      NODE_EXTRA_CA_CERTS: caFile,
      IdpRootUrl: ingress.url,
      GraphAllowInsecureCallback: 'true',
      ExchangeConnections: CONNECTION,
      [`Connection.${CONNECTION}.Kind`]: 'graph',
      [`Connection.${CONNECTION}.TenantId`]: TENANT,
      [`Connection.${CONNECTION}.ClientId`]: APP,
      [`Connection.${CONNECTION}.ClientSecret`]: SECRET,
      [`Connection.${CONNECTION}.AuthorityHost`]: sim.graphUrl,
      [`Connection.${CONNECTION}.GraphUrl`]: sim.graphUrl,
      SubscriptionTimeScale: '0.01',
      GraphSubscriptionMinutes: '45',
      ...env,
    },
  });
  t.after(async () => {
    await manager.stop();
    await topics.stop();
    await sim.close();
    await db.drop();
  });
  // The manager has run the migrations by now.
  await createRoomsRepository(db.db).add(room, { connection: CONNECTION });

  const clientStates = new Set<string>();
  const seen = new Set<string>();
  const subscriptions = async () =>
    ((await sim.admin('GET', '/admin/graph/subscriptions')).body as SimGraphSubscription[]).filter(
      (s) => s.mailbox === room,
    );
  /** The room's next subscription created after `previous` (if given), recorded and active at the simulator. */
  const created = async (what: string, previous?: string, timeoutMs?: number) => {
    const event = await waitFor(
      what,
      () =>
        topics
          .of(EventTypes.SubscriptionCreatedV1, room)
          .find((e) => e.data.subscriptionId !== previous && !seen.has(e.data.subscriptionId)),
      timeoutMs,
    );
    const id = event.data.subscriptionId;
    seen.add(id);
    const clientState = clientStateOf(sim, id);
    if (clientState !== undefined) clientStates.add(clientState);
    return { event, id, clientState };
  };
  /** Graph confirmed `id` to a periodic check (so the ingress, too, has long known it). */
  const checked = (id: string) =>
    waitFor('a check', () =>
      topics
        .of(EventTypes.SubscriptionRenewedV1, room)
        .find((e) => e.data.subscriptionId === id && e.data.reason === 'checked'),
    );
  const fault = async (body: Record<string, unknown>) => {
    const res = await sim.admin('POST', '/admin/faults', body);
    assert.equal(res.status < 300, true, `fault ${JSON.stringify(body)}: ${JSON.stringify(res.body)}`);
  };
  /** The clientState reached Graph and nothing else: no line the manager logged carries it. */
  const assertNoClientStateLogged = () => {
    const logs = JSON.stringify(manager.logs);
    assert.ok(clientStates.size > 0);
    for (const state of clientStates) assert.equal(logs.includes(state), false, 'a clientState in the manager log');
  };
  return { room, sim, topics, manager, subscriptions, created, checked, fault, assertNoClientStateLogged };
}

/** The simulator keeps what Graph was sent; only the test reads it, to look for leaks and check the hash. */
function clientStateOf(sim: RunningSimulator, id: string): string | undefined {
  try {
    return sim.sim.graph.subscriptions.get(id, { tenantId: TENANT, clientId: APP }).request.clientState;
  } catch {
    return undefined;
  }
}

test('a Graph room gets one subscription with both callback URLs and a recorded clientState hash; it is renewed before it lapses', async (t) => {
  // Renew once less than 44.9 minutes are left of a 45-minute subscription: some 6 s after each renewal.
  const r = await graphRoom(t, { GraphRenewBeforeMinutes: '4490', GraphReconcileIntervalMinutes: '1440' });
  const first = await r.created('the Graph subscription');
  const { data } = first.event;
  assert.equal(data.source, 'graph');
  assert.equal(data.connection, CONNECTION);
  assert.equal(data.callbackUrl, `${ingress.url}/api/webhooks/graph`);
  assert.ok(first.clientState !== undefined && first.clientState.length >= 43, 'a fresh 32-byte clientState');
  assert.equal(data.clientStateHash, clientStateHash(first.clientState));
  assert.ok(data.expiresAt !== undefined);
  const [atSim] = await r.subscriptions();
  assert.equal(atSim?.id, first.id);
  assert.equal(atSim.state, 'active');
  assert.equal(atSim.notificationUrl, `${ingress.url}/api/webhooks/graph`);
  assert.equal(atSim.lifecycleNotificationUrl, `${ingress.url}/api/webhooks/graph/lifecycle`);

  const renewed = await waitFor('a renewal', () =>
    r.topics
      .of(EventTypes.SubscriptionRenewedV1, r.room)
      .find((e) => e.data.subscriptionId === first.id && e.data.reason === 'renewed'),
  );
  assert.ok(Date.parse(renewed.data.expiresAt ?? '') > Date.parse(data.expiresAt));
  const [later] = await r.subscriptions();
  assert.ok(Date.parse(later?.expirationDateTime ?? '') > Date.parse(atSim.expirationDateTime), 'renewed at Graph');
  assert.equal(r.topics.of(EventTypes.SubscriptionCreatedV1, r.room).length, 1, 'renewed in place, never re-created');
  r.assertNoClientStateLogged();
});

test('lifecycle notices, a silently dropped subscription and throttling', async (t) => {
  // No renewal due in this test; every subscription is confirmed with Graph once per 6 s.
  const r = await graphRoom(t, { GraphRenewBeforeMinutes: '1', GraphReconcileIntervalMinutes: '10' });
  const first = await r.created('the Graph subscription');

  await t.test('the periodic check confirms a live subscription', async () => {
    await r.checked(first.id);
  });

  await t.test('reauthorizationRequired: reauthorized at Graph', async () => {
    await r.fault({ type: 'graphReauthorizationRequired', subscriptionId: first.id });
    await waitFor('a reauthorization', () =>
      r.topics
        .of(EventTypes.SubscriptionRenewedV1, r.room)
        .find((e) => e.data.subscriptionId === first.id && e.data.reason === 'reauthorized'),
    );
    const [atSim] = await r.subscriptions();
    assert.equal(atSim?.reauthorizationRequired, false);
  });

  let current = first.id;
  await t.test('subscriptionRemoved: a new subscription replaces it', async () => {
    await r.fault({ type: 'graphRemoveSubscription', subscriptionId: current });
    const next = await r.created('a new subscription after the removal', current);
    const superseded = r.topics
      .of(EventTypes.SubscriptionSupersededV1, r.room)
      .find((e) => e.data.oldSubscriptionId === current);
    assert.equal(superseded?.data.newSubscriptionId, next.id);
    assert.equal(superseded.data.reason, 'removed-at-graph');
    const active = (await r.subscriptions()).filter((s) => s.state === 'active');
    assert.deepEqual(
      active.map((s) => s.id),
      [next.id],
    );
    current = next.id;
  });

  await t.test(
    'a subscription Graph dropped without a word is found by the periodic check and created again',
    async () => {
      await r.fault({ type: 'graphDropSubscription', subscriptionId: current });
      const next = await r.created('a new subscription after the drop', current, 30_000);
      const superseded = r.topics
        .of(EventTypes.SubscriptionSupersededV1, r.room)
        .find((e) => e.data.oldSubscriptionId === current);
      assert.equal(superseded?.data.reason, 'not-found');
      current = next.id;
    },
  );

  await t.test('throttled: no request to the mailbox while Retry-After runs', async () => {
    await r.checked(current);
    const since = Date.now();
    await r.fault({ type: 'graphThrottle', mailbox: r.room, seconds: 5 });
    await r.fault({ type: 'graphRemoveSubscription', subscriptionId: current });
    const next = await r.created('a new subscription once the throttling is over', current, 30_000);
    const requests = (
      (await r.sim.admin('GET', `/admin/graph/requests?mailbox=${r.room}`)).body as SeenRequest[]
    ).filter((s) => Date.parse(s.at) >= since);
    const refused = requests.filter((s) => !s.admitted);
    assert.equal(refused.length, 1, `one refused request, then none until Retry-After: ${JSON.stringify(requests)}`);
    const admitted = requests.filter((s) => s.admitted && s.request === 'POST /v1.0/subscriptions');
    assert.ok(admitted.length >= 1);
    assert.ok(
      Date.parse(admitted[0]?.at ?? '') - since >= 4_000,
      `the create waited for Retry-After: ${JSON.stringify(requests)}`,
    );
    assert.ok(
      r.topics.of(EventTypes.SubscriptionFailedV1, r.room).some((e) => e.data.kind === 'throttled'),
      'the throttling is recorded',
    );
    current = next.id;
  });

  r.assertNoClientStateLogged();
});
