import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientStateHash, encodeEvent, EventTypes } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import type { GraphCommand } from './decideGraph.ts';
import type { AttemptFailed } from './evolve.ts';
import { executeGraphCommand } from './executeGraphCommand.ts';
import type { GraphExecuteDeps } from './executeGraphCommand.ts';
import type { ManagerState } from './ManagerState.ts';
import { emptyState } from './ManagerState.ts';
import {
  fakeGraph,
  fold,
  GRAPH_CONNECTION,
  GRAPH_URL,
  graphCreated,
  graphExecuteConfig,
  graphFailure,
  ROOM,
  T0,
} from './testing/testFixtures.ts';

const CLIENT_STATE = 'cs-Q2xpZW50U3RhdGUtdGVzdC12YWx1ZS0zMi1ieXRlcw';

function harness(graph = fakeGraph(), state: ManagerState = emptyState) {
  const published: RoomsEvent[] = [];
  const local: AttemptFailed[] = [];
  const calls: [string, string][] = [];
  const deps: GraphExecuteDeps = {
    graph,
    publish: (events) => {
      // Encoding validates each event against its schema, as the real producer does.
      for (const e of events) encodeEvent(e);
      published.push(...events);
      return Promise.resolve();
    },
    applyLocal: (fact) => {
      local.push(fact);
    },
    room: (mailbox) => state.rooms.get(mailbox),
    now: () => T0,
    random: () => 0.5,
    clientState: () => CLIENT_STATE,
    onCall: (operation, outcome) => {
      calls.push([operation, outcome]);
    },
    config: graphExecuteConfig,
  };
  return { graph, deps, published, local, calls };
}

const target = { mailbox: ROOM, connection: GRAPH_CONNECTION, attempts: 0 };
const create: GraphCommand = {
  ...target,
  kind: 'graphCreate',
  tenant: 'contoso',
  reason: 'new',
  replaces: undefined,
  deleteReplaced: false,
};
const types = (events: RoomsEvent[]) => events.map((e) => e.type.replace('rooms.exchange.', ''));

test('create: both URLs and the clientState go to Graph; only the hash goes on SubscriptionCreated', async () => {
  const h = harness();
  const outcome = await executeGraphCommand(create, h.deps);
  assert.deepEqual(outcome, { kind: 'created', subscriptionId: 'G-NEW-1', replaced: undefined });
  assert.deepEqual(h.graph.calls[0]?.args[0], {
    mailbox: ROOM,
    notificationUrl: GRAPH_URL,
    lifecycleNotificationUrl: `${GRAPH_URL}/lifecycle`,
    clientState: CLIENT_STATE,
    expiresInMinutes: graphExecuteConfig.subscriptionMinutes,
  });
  const [event] = h.published;
  assert.equal(event?.type, EventTypes.SubscriptionCreatedV1);
  assert.deepEqual(event.data, {
    owner: graphExecuteConfig.owner,
    subscriptionId: 'G-NEW-1',
    mailbox: ROOM,
    tenant: 'contoso',
    folder: 'calendar',
    callbackUrl: GRAPH_URL,
    callbackRule: 'default',
    statusFrequencyMinutes: 1,
    source: 'graph',
    clientStateHash: clientStateHash(CLIENT_STATE),
    connection: GRAPH_CONNECTION,
    expiresAt: new Date(T0 + 7 * 24 * 3_600_000).toISOString(),
  });
  assert.equal(JSON.stringify(h.published).includes(CLIENT_STATE), false);
  assert.deepEqual(h.calls, [['CreateSubscription', 'ok']]);
});

test('the default clientState is fresh each time: 32 random bytes, base64url', async () => {
  const graph = fakeGraph();
  const h = harness(graph);
  const deps: GraphExecuteDeps = { ...h.deps, clientState: undefined };
  await executeGraphCommand(create, deps);
  await executeGraphCommand(create, deps);
  const states = graph.calls.map((c) => (c.args[0] as { clientState: string }).clientState);
  assert.notEqual(states[0], states[1]);
  for (const s of states) assert.match(s, /^[A-Za-z0-9_-]{43}$/);
});

test('a replacement deletes the old one at Graph when asked, then records Created and Superseded', async () => {
  const h = harness();
  await executeGraphCommand({ ...create, reason: 'callback-changed', replaces: 'G1', deleteReplaced: true }, h.deps);
  assert.deepEqual(
    h.graph.calls.map((c) => c.operation),
    ['create', 'delete'],
  );
  assert.deepEqual(types(h.published), ['SubscriptionCreated.v1', 'SubscriptionSuperseded.v1']);
  const superseded = h.published[1];
  assert.deepEqual(superseded?.data, {
    mailbox: ROOM,
    oldSubscriptionId: 'G1',
    newSubscriptionId: 'G-NEW-1',
    reason: 'callback-changed',
  });
});

test('renew, reauthorize and check record SubscriptionRenewed with their reason and Graph’s expiry', async () => {
  for (const [kind, reason, expiry] of [
    ['graphRenew', 'renewed', true],
    ['graphReauthorize', 'reauthorized', false],
    ['graphCheck', 'checked', true],
  ] as const) {
    const h = harness();
    assert.deepEqual(await executeGraphCommand({ ...target, kind, subscriptionId: 'G1' }, h.deps), { kind: 'done' });
    assert.deepEqual(h.published[0]?.data, {
      subscriptionId: 'G1',
      mailbox: ROOM,
      reason,
      ...(expiry ? { expiresAt: new Date(T0 + 7 * 24 * 3_600_000).toISOString() } : {}),
    });
  }
});

test('not_found on renew, reauthorize or check: a new subscription at once, superseding the one Graph lost', async () => {
  for (const kind of ['graphRenew', 'graphReauthorize', 'graphCheck'] as const) {
    const h = harness(fakeGraph([{ ok: false, error: graphFailure('not_found', 'ResourceNotFound') }]));
    const outcome = await executeGraphCommand({ ...target, kind, subscriptionId: 'G1' }, h.deps);
    assert.deepEqual(outcome, { kind: 'created', subscriptionId: 'G-NEW-1', replaced: 'G1' });
    assert.deepEqual(types(h.published), ['SubscriptionCreated.v1', 'SubscriptionSuperseded.v1']);
    assert.equal(
      h.published[1]?.type === EventTypes.SubscriptionSupersededV1 && h.published[1].data.reason,
      'not-found',
    );
    assert.equal(h.graph.calls.length, 2, 'no DELETE for what Graph no longer has');
  }
});

test('delete: Removed, or Superseded by the current one for a duplicate', async () => {
  const h = harness();
  await executeGraphCommand(
    { ...target, kind: 'graphDelete', subscriptionId: 'G1', reason: 'room-removed', replacedBy: undefined },
    h.deps,
  );
  await executeGraphCommand(
    { ...target, kind: 'graphDelete', subscriptionId: 'G0', reason: 'duplicate', replacedBy: 'G1' },
    h.deps,
  );
  assert.deepEqual(types(h.published), ['SubscriptionRemoved.v1', 'SubscriptionSuperseded.v1']);
  assert.deepEqual(h.calls, [
    ['DeleteSubscription', 'ok'],
    ['DeleteSubscription', 'ok'],
  ]);
});

test('throttled: SubscriptionFailed whose next attempt honours Retry-After', async () => {
  const h = harness(fakeGraph([{ ok: false, error: graphFailure('throttled', 'ApplicationThrottled', 90_000) }]));
  const outcome = await executeGraphCommand(create, h.deps);
  assert.equal(outcome.kind, 'failed');
  const [event] = h.published;
  assert.equal(event?.type, EventTypes.SubscriptionFailedV1);
  assert.equal(event.data.kind, 'throttled');
  assert.equal(event.data.retriable, true);
  assert.ok(Date.parse(event.data.nextAttemptAt ?? '') >= T0 + 90_000);
  assert.deepEqual(h.calls, [['CreateSubscription', 'throttled']]);
});

test('a permanent failure (not a REST mailbox) is reported with a clear message once, then only moves the back-off', async () => {
  const error = graphFailure('permanent', 'MailboxNotEnabledForRESTAPI');
  const h = harness(fakeGraph([{ ok: false, error }]));
  await executeGraphCommand(create, h.deps);
  const [event] = h.published;
  assert.equal(event?.type === EventTypes.SubscriptionFailedV1 && event.data.kind, 'permanent');
  assert.match(
    event?.type === EventTypes.SubscriptionFailedV1 ? event.data.errorMessage : '',
    /^Graph CreateSubscription failed: MailboxNotEnabledForRESTAPI/,
  );
  const after = fold(h.published);
  const again = harness(fakeGraph([{ ok: false, error }]), after);
  await executeGraphCommand({ ...create, attempts: 1 }, again.deps);
  assert.equal(again.published.length, 0);
  assert.equal(again.local.length, 1);
  assert.ok(
    Date.parse(again.local[0]?.data.nextAttemptAt ?? '') >= T0 + graphExecuteConfig.backoff.permanentRetryMs,
    'retried seldom',
  );
});

test('a failure on an existing subscription names it', async () => {
  const state = fold([graphCreated('G1')]);
  const h = harness(fakeGraph([{ ok: false, error: graphFailure('transient', 'Timeout') }]), state);
  await executeGraphCommand({ ...target, kind: 'graphRenew', subscriptionId: 'G1' }, h.deps);
  const [event] = h.published;
  assert.equal(event?.type === EventTypes.SubscriptionFailedV1 && event.data.subscriptionId, 'G1');
});
