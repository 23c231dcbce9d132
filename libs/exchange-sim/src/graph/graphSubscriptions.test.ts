// Subscriptions and change notifications through the real @microsoft/microsoft-graph-client:
// the handshake on both URLs, Graph's limits, notifications with the clientState, retries on
// 5xx, renewal, deletion, and the lifecycle faults.
import assert from 'node:assert/strict';
import { after, afterEach, beforeEach, test } from 'node:test';
import type { Client, GraphError as ClientGraphError } from '@microsoft/microsoft-graph-client';
import { createTestTls, trustInThisProcess } from '@rooms-sync/testing';
import { acquireToken, createGraphClient, createMsalClient } from '../testing/graphClients.ts';
import type { GraphReceiver } from '../testing/graphReceiver.ts';
import { startGraphReceiver } from '../testing/graphReceiver.ts';
import type { RunningSimulator } from '../testing/startSimulator.ts';
import { startSimulator } from '../testing/startSimulator.ts';
import { createManualClock } from '../clock.ts';
import { silentLogger } from '../logger.ts';
import { createMailboxStore } from '../mailboxStore.ts';
import { GraphError } from './GraphError.ts';
import { createGraphSubscriptions } from './graphSubscriptions.ts';
import type { PostJson } from './postJson.ts';
import { toRestId } from './restIds.ts';
import type { ChangeType } from './subscriptionRequest.ts';

const TENANT = 'contoso-tenant';
const CLIENT = 'rooms-sync-app';
const ROOM = 'cloud-room@contoso.example';
const tls = createTestTls();
// As in graphToken.test.ts: the test CA joins Node's default list (NODE_EXTRA_CA_CERTS in-process).
trustInThisProcess(tls.caPem);
after(() => {
  tls.cleanup();
});

let sim: RunningSimulator;
let rx: GraphReceiver;
let graph: Client;
beforeEach(async () => {
  sim = await startSimulator({
    tls,
    mailboxes: [{ address: ROOM, kind: 'online' }, { address: 'onprem@contoso.example' }],
    coalesceMs: 5,
    graph: {
      apps: [{ tenantId: TENANT, clientId: CLIENT, clientSecret: 'pw' }],
      allowHttpNotificationUrls: true,
      coalesceMs: 5,
      retry: { initialMs: 40, factor: 2, maxMs: 200, jitter: 0, budgetMs: 600 },
    },
  });
  rx = await startGraphReceiver();
  const msal = createMsalClient({
    graphUrl: sim.graphUrl,
    tenantId: TENANT,
    clientId: CLIENT,
    credential: { clientSecret: 'pw' },
  });
  graph = createGraphClient(sim.graphUrl, () => acquireToken(msal));
});
afterEach(async () => {
  await rx.close();
  await sim.close();
});

interface Sub {
  id: string;
  expirationDateTime: string;
  clientState: string | null;
  lifecycleNotificationUrl: string | null;
}
const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const subscribe = (body: Record<string, unknown> = {}) =>
  graph.api('/subscriptions').post({
    changeType: 'created,updated,deleted',
    notificationUrl: `${rx.url}/notify`,
    lifecycleNotificationUrl: `${rx.url}/lifecycle`,
    resource: `users/${ROOM}/events`,
    expirationDateTime: inMinutes(4000),
    clientState: 'secret-client-state',
    ...body,
  }) as Promise<Sub>;
const book = async (subject: string) =>
  (
    (await sim.admin('POST', `/admin/mailboxes/${ROOM}/items`, {
      subject,
      start: '2026-12-01T09:00:00Z',
      end: '2026-12-01T10:00:00Z',
    })) as { body: { id: string } }
  ).body.id;
const graphError = async (p: Promise<unknown>): Promise<ClientGraphError> => {
  try {
    await p;
  } catch (err) {
    return err as ClientGraphError;
  }
  throw new Error('expected a Graph error');
};

test('create runs the handshake on both URLs, keeps clientState, and notifications carry it', async () => {
  const sub = await subscribe();
  assert.deepEqual(
    rx.validations.map((v) => v.path),
    ['/notify', '/lifecycle'],
  );
  assert.match(rx.validations[0]?.token ?? '', /^Validation: Testing client application reachability/);
  assert.equal(sub.clientState, 'secret-client-state');
  assert.equal(sub.lifecycleNotificationUrl, `${rx.url}/lifecycle`);

  const id = await book('Standup');
  await rx.waitFor((r) => r.received('/notify').length >= 1);
  const [n] = rx.received('/notify');
  assert.equal(n?.subscriptionId, sub.id);
  assert.equal(n?.clientState, 'secret-client-state');
  assert.equal(n?.changeType, 'created');
  assert.equal(n?.tenantId, TENANT);
  assert.equal(typeof n?.subscriptionExpirationDateTime, 'string');
  const data = n?.resourceData as Record<string, string>;
  assert.equal(data['@odata.type'], '#Microsoft.Graph.Event');
  assert.equal(data.id, toRestId(id));
  assert.match(String(n?.resource), new RegExp(`^Users/[0-9a-f-]{36}/Events/${toRestId(id).replace(/[-_]/g, '.')}$`));

  // The id in the notification is one the Graph face resolves.
  const event = (await graph.api(`/users/${ROOM}/events/${data.id}`).get()) as { subject: string };
  assert.equal(event.subject, 'Standup');

  await sim.admin('PATCH', `/admin/mailboxes/${ROOM}/items/${encodeURIComponent(id)}`, { subject: 'Standup (moved)' });
  await sim.admin('DELETE', `/admin/mailboxes/${ROOM}/items/${encodeURIComponent(id)}`);
  await rx.waitFor((r) => r.received('/notify').length >= 3);
  assert.deepEqual(
    rx.received('/notify').map((x) => x.changeType),
    ['created', 'updated', 'deleted'],
  );
});

test('the duplicate fault sends the next change notifications twice (Graph delivers at least once)', async () => {
  const sub = await subscribe();
  const res = await sim.admin('POST', '/admin/faults', {
    type: 'graphDuplicateNotifications',
    mailbox: ROOM,
    count: 1,
  });
  assert.deepEqual(res.body, { subscriptions: [sub.id] });
  await book('Twice');
  await book('Once');
  await rx.waitFor((r) => r.received('/notify').length >= 3);
  const ids = rx.received('/notify').map((n) => (n.resourceData as { id: string }).id);
  assert.equal(ids[0], ids[1]);
  assert.equal(new Set(ids).size, 2);
});

test('graphMissed with lose: the next change notifications are lost, then the lifecycle URL hears "missed"', async () => {
  const sub = await subscribe();
  const res = await sim.admin('POST', '/admin/faults', { type: 'graphMissed', mailbox: ROOM, lose: 2 });
  assert.deepEqual(res.body, { subscriptions: [sub.id] });
  await book('Lost 1');
  assert.equal(rx.received('/lifecycle').length, 0, 'nothing said while notifications are still being lost');
  await book('Lost 2');
  await rx.waitFor((r) => r.received('/lifecycle').length >= 1);
  assert.equal(rx.received('/lifecycle')[0]?.lifecycleEvent, 'missed');
  const kept = await book('Delivered');
  await rx.waitFor((r) => r.received('/notify').length >= 1);
  assert.deepEqual(
    rx.received('/notify').map((n) => (n.resourceData as { id: string }).id),
    [toRestId(kept)],
  );
});

test('a failed handshake answers 400 ValidationError and creates nothing', async () => {
  rx.validation = 'wrong';
  const err = await graphError(subscribe());
  assert.equal(err.statusCode, 400);
  assert.equal(err.code, 'ValidationError');
  rx.validation = 'json';
  assert.equal((await graphError(subscribe())).code, 'ValidationError');
  assert.deepEqual((await sim.admin('GET', '/admin/graph/subscriptions')).body, []);
});

test("Graph's limits: expiry over 10,080 minutes → 400, under 45 raised to 45, clientState ≤ 128, resource and change types", async () => {
  assert.equal((await graphError(subscribe({ expirationDateTime: inMinutes(10_081) }))).statusCode, 400);
  const short = await subscribe({ expirationDateTime: inMinutes(10) });
  assert.ok(Date.parse(short.expirationDateTime) >= Date.now() + 44 * 60_000);
  assert.equal((await graphError(subscribe({ clientState: 'x'.repeat(129) }))).statusCode, 400);
  assert.equal((await graphError(subscribe({ resource: 'me/events' }))).statusCode, 400);
  assert.equal((await graphError(subscribe({ changeType: 'created,moved' }))).statusCode, 400);
  const onprem = await graphError(subscribe({ resource: 'users/onprem@contoso.example/events' }));
  assert.equal(onprem.code, 'MailboxNotEnabledForRESTAPI');
  // The object id and the leading-slash form name the same mailbox.
  const user = (await graph.api(`/users/${ROOM}`).get()) as { id: string };
  await subscribe({ resource: `/users/${user.id}/events` });
  assert.equal(((await sim.admin('GET', '/admin/graph/subscriptions')).body as unknown[]).length, 2);
});

test('renew with PATCH, reauthorize, delete; lifecycleNotificationUrl cannot be changed; an expired one is 404', async () => {
  const sub = await subscribe();
  const renewed = (await graph.api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: inMinutes(5000) })) as Sub;
  assert.ok(Date.parse(renewed.expirationDateTime) > Date.parse(sub.expirationDateTime));
  assert.equal(
    (await graphError(graph.api(`/subscriptions/${sub.id}`).patch({ lifecycleNotificationUrl: `${rx.url}/x` })))
      .statusCode,
    400,
  );
  await graph.api(`/subscriptions/${sub.id}/reauthorize`).post({});
  assert.equal(((await graph.api(`/subscriptions/${sub.id}`).get()) as Sub).id, sub.id);

  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'graphExpireSubscription', subscriptionId: sub.id })).status,
    200,
  );
  const expired = await graphError(
    graph.api(`/subscriptions/${sub.id}`).patch({ expirationDateTime: inMinutes(5000) }),
  );
  assert.equal(expired.statusCode, 404);

  const other = await subscribe();
  await graph.api(`/subscriptions/${other.id}`).delete();
  assert.equal((await graphError(graph.api(`/subscriptions/${other.id}`).get())).statusCode, 404);
});

test('a 5xx answer is retried with back-off until accepted; the same notification arrives', async () => {
  await subscribe();
  rx.reply = 'http500';
  await book('Retry me');
  await rx.waitFor((r) => r.attempts >= 3);
  rx.reply = 'accept';
  await rx.waitFor((r) => r.received('/notify').length >= 1);
  assert.equal(rx.received('/notify')[0]?.changeType, 'created');
  const [state] = (await sim.admin('GET', '/admin/graph/subscriptions')).body as {
    failures: number;
    deliveries: number;
  }[];
  assert.ok((state?.failures ?? 0) >= 2);
  assert.equal(state?.deliveries, 1);
});

test('once the retry budget is spent the batch is dropped and the lifecycle URL hears "missed"', async () => {
  const sub = await subscribe();
  rx.reply = 'http500';
  await book('Lost');
  await rx.waitFor((r) => r.attempts >= 1);
  // The lifecycle notification goes to the same receiver, so let it through while /notify still fails.
  await new Promise((resolve) => setTimeout(resolve, 700));
  rx.reply = 'accept';
  await rx.waitFor((r) => r.received('/lifecycle').some((x) => x.lifecycleEvent === 'missed'));
  const missed = rx.received('/lifecycle').find((x) => x.lifecycleEvent === 'missed');
  assert.equal(missed?.subscriptionId, sub.id);
  assert.equal(missed?.clientState, 'secret-client-state');
});

test('lifecycle faults: reauthorizationRequired, missed, subscriptionRemoved; a dropped one goes silently', async () => {
  const sub = await subscribe();
  for (const type of ['graphReauthorizationRequired', 'graphMissed']) {
    assert.equal((await sim.admin('POST', '/admin/faults', { type, subscriptionId: sub.id })).status, 200);
  }
  await rx.waitFor((r) => r.received('/lifecycle').length >= 2);
  assert.deepEqual(
    rx.received('/lifecycle').map((x) => x.lifecycleEvent),
    ['reauthorizationRequired', 'missed'],
  );
  assert.equal(
    (await sim.admin('POST', '/admin/faults', { type: 'graphRemoveSubscription', mailbox: ROOM })).status,
    200,
  );
  await rx.waitFor((r) => r.received('/lifecycle').length >= 3);
  assert.equal(rx.received('/lifecycle')[2]?.lifecycleEvent, 'subscriptionRemoved');
  assert.equal((await graphError(graph.api(`/subscriptions/${sub.id}`).get())).statusCode, 404);

  const quiet = await subscribe();
  await sim.admin('POST', '/admin/faults', { type: 'graphDropSubscription', subscriptionId: quiet.id });
  await book('Nobody hears this');
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(rx.received('/notify').length, 0);
  assert.equal(rx.received('/lifecycle').length, 3);
  assert.equal((await graphError(graph.api(`/subscriptions/${quiet.id}`).get())).statusCode, 404);
});

// The registry on its own, on a manual clock, with a post that echoes validation tokens.
function registry(maxPerMailbox: number) {
  const clock = createManualClock();
  const store = createMailboxStore({ clock });
  const mb = store.createMailbox({ address: ROOM, kind: 'online' });
  const posts: string[] = [];
  const post: PostJson = (url, body) => {
    const token = new URL(url).searchParams.get('validationToken');
    if (body !== undefined) posts.push(body);
    return Promise.resolve({
      kind: 'ok',
      status: token === null ? 202 : 200,
      text: token ?? '',
      contentType: 'text/plain',
    });
  };
  const subs = createGraphSubscriptions({
    store,
    clock,
    logger: silentLogger,
    post,
    limits: { maxExpirationMinutes: 10_080, minExpirationMinutes: 45, allowHttp: true },
    maxPerMailbox,
    validationTimeoutMs: 10_000,
    notificationTimeoutMs: 3000,
    coalesceMs: 0,
    maxBatch: 10,
    schedule: { initialMs: 1000, factor: 2, maxMs: 4000, jitter: 0, budgetMs: 10_000 },
  });
  const request = {
    user: ROOM,
    resource: `users/${ROOM}/events`,
    changeTypes: ['created', 'deleted'] as ChangeType[],
    notificationUrl: 'http://127.0.0.1:9/notify',
    expiresAt: clock.now() + 3_600_000,
  };
  return { clock, store, mb, subs, posts, request, caller: { tenantId: 't', clientId: 'c' } };
}

test('registry: the per-mailbox limit, expiry on the clock (then 404), and which store events notify', async () => {
  const { clock, store, mb, subs, posts, request, caller } = registry(2);
  const s1 = await subs.create(request, mb, caller);
  await subs.create(request, mb, caller);
  await assert.rejects(subs.create(request, mb, caller), (e: unknown) => e instanceof GraphError && e.status === 403);

  const item = store.book(ROOM, {
    subject: 'x',
    start: clock.now(),
    end: clock.now() + 60_000,
    organizer: { address: 'a@b.c' },
  });
  store.update(ROOM, item.id, { subject: 'y' }); // 'updated' is not subscribed
  store.cancel(ROOM, item.id, 'move'); // leaves the calendar: 'deleted' for the old id
  clock.advance(0);
  await new Promise((resolve) => setImmediate(resolve));
  const sent = posts.flatMap(
    (p) => (JSON.parse(p) as { value: { changeType: string; subscriptionId: string }[] }).value,
  );
  assert.deepEqual(
    sent.filter((n) => n.subscriptionId === s1.id).map((n) => n.changeType),
    ['created', 'deleted'],
  );

  clock.advance(3_600_000);
  assert.throws(
    () => subs.get(s1.id, caller),
    (e: unknown) => e instanceof GraphError && e.status === 404,
  );
  assert.ok(subs.snapshot().every((s) => s.state === 'expired'));
  // Another app does not see these subscriptions at all.
  assert.deepEqual(subs.list({ tenantId: 't', clientId: 'other' }), []);
  subs.close();
});
