import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide } from './decide.ts';
import type { Room } from './decide.ts';
import { decideGraph } from './decideGraph.ts';
import { nextCheckAt } from './nextCheckAt.ts';
import { emptyState } from './ManagerState.ts';
import {
  config,
  created,
  failed,
  fold,
  GRAPH_CONNECTION,
  graphConfig,
  graphCreated,
  lifecycleNotice,
  MIN,
  renewed,
  ROOM,
  superseded,
  T0,
} from './testing/testFixtures.ts';

const HOUR = 60 * MIN;
const online: Room[] = [{ address: ROOM, tenant: 'contoso', enabled: true, connection: GRAPH_CONNECTION }];
const kinds = (commands: { kind: string }[]) => commands.map((c) => c.kind);
/** A moment just before the room's next periodic check, so a test sees only the rule it is about. */
const beforeCheck = (confirmedAt: number) => nextCheckAt(confirmedAt, ROOM, graphConfig) - 1;

test('a new enabled Graph room gets one subscription, on its connection', () => {
  assert.deepEqual(decideGraph(emptyState, online, T0, graphConfig), [
    {
      kind: 'graphCreate',
      mailbox: ROOM,
      connection: GRAPH_CONNECTION,
      attempts: 0,
      tenant: 'contoso',
      reason: 'new',
      replaces: undefined,
      deleteReplaced: false,
    },
  ]);
});

test('renewal: nothing while more than the renew-before time is left, a PATCH once less is', () => {
  const state = fold([graphCreated('G1', T0, { lifetimeMin: 7 * 24 * 60 })]);
  const expiresAt = T0 + 7 * 24 * HOUR;
  const early = Math.min(expiresAt - 24 * HOUR - 1, beforeCheck(T0));
  assert.deepEqual(decideGraph(state, online, early, graphConfig), []);
  const due = decideGraph(state, online, expiresAt - 24 * HOUR + 1, graphConfig);
  assert.deepEqual(due, [
    { kind: 'graphRenew', mailbox: ROOM, connection: GRAPH_CONNECTION, attempts: 0, subscriptionId: 'G1' },
  ]);
});

test('renew-before is scaled like every duration the manager decides', () => {
  const state = fold([graphCreated('G1', T0, { lifetimeMin: 60 })]);
  const scaled = { ...graphConfig, renewBeforeMinutes: 100, timeScale: 0.5 };
  // 50 scaled minutes before the expiry at T0 + 60 min: due from T0 + 10 min.
  assert.deepEqual(kinds(decideGraph(state, online, T0 + 9 * MIN, { ...scaled, reconcileIntervalMinutes: 1440 })), []);
  assert.deepEqual(kinds(decideGraph(state, online, T0 + 11 * MIN, scaled)), ['graphRenew']);
});

test('a renewal moves the expiry: no renewal due after it', () => {
  const state = fold([
    graphCreated('G1', T0, { lifetimeMin: 25 * 60 }),
    renewed('G1', T0 + MIN, 'renewed', T0 + 8 * 24 * HOUR),
  ]);
  assert.deepEqual(decideGraph(state, online, beforeCheck(T0 + MIN), graphConfig), []);
});

test('reauthorizationRequired for the current subscription: reauthorize it, once', () => {
  const asked = fold([graphCreated('G1'), lifecycleNotice('G1', 'reauthorizationRequired', T0 + MIN)]);
  assert.deepEqual(decideGraph(asked, online, T0 + 2 * MIN, graphConfig), [
    { kind: 'graphReauthorize', mailbox: ROOM, connection: GRAPH_CONNECTION, attempts: 0, subscriptionId: 'G1' },
  ]);
  const done = fold([renewed('G1', T0 + 2 * MIN, 'reauthorized')], asked);
  assert.deepEqual(decideGraph(done, online, beforeCheck(T0 + 2 * MIN), graphConfig), []);
});

test('a notice for another subscription, or `missed`, asks nothing of the manager', () => {
  const state = fold([
    graphCreated('G1'),
    lifecycleNotice('G0', 'reauthorizationRequired'),
    lifecycleNotice('G1', 'missed'),
  ]);
  assert.deepEqual(decideGraph(state, online, beforeCheck(T0), graphConfig), []);
});

test('subscriptionRemoved: a new subscription replaces it (no DELETE: Graph already ended it)', () => {
  const state = fold([graphCreated('G1'), lifecycleNotice('G1', 'subscriptionRemoved', T0 + MIN)]);
  const [command] = decideGraph(state, online, T0 + MIN, graphConfig);
  assert.deepEqual(command, {
    kind: 'graphCreate',
    mailbox: ROOM,
    connection: GRAPH_CONNECTION,
    attempts: 0,
    tenant: 'contoso',
    reason: 'removed-at-graph',
    replaces: 'G1',
    deleteReplaced: false,
  });
});

test('the periodic check comes once per period, in the room’s own slot; a confirmation restarts it', () => {
  const state = fold([graphCreated('G1')]);
  const at = nextCheckAt(T0, ROOM, graphConfig);
  assert.ok(at > T0 && at <= T0 + HOUR, 'within one period of the creation');
  assert.deepEqual(decideGraph(state, online, at - 1, graphConfig), []);
  assert.deepEqual(decideGraph(state, online, at, graphConfig), [
    { kind: 'graphCheck', mailbox: ROOM, connection: GRAPH_CONNECTION, attempts: 0, subscriptionId: 'G1' },
  ]);
  const checked = fold([renewed('G1', at, 'checked', T0 + 7 * 24 * HOUR)], state);
  assert.deepEqual(decideGraph(checked, online, at + 1, graphConfig), []);
  assert.equal(nextCheckAt(at, ROOM, graphConfig), at + HOUR, 'the same slot one period on');
});

test('the checks of many rooms spread over the period instead of falling due together', () => {
  const slots = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const at = nextCheckAt(T0, `room-${i}@contoso.example`, graphConfig);
    slots.add(Math.floor((at - T0) / (6 * MIN)));
  }
  assert.equal(slots.size, 10, 'every tenth of the hour has rooms to check');
});

test('the check period is scaled', () => {
  const scaled = { ...graphConfig, reconcileIntervalMinutes: 60, timeScale: 0.01 };
  const at = nextCheckAt(T0, ROOM, scaled);
  assert.ok(at > T0 && at <= T0 + 36_000);
});

test('during a back-off (throttled: Retry-After) nothing at all is asked of that mailbox', () => {
  const state = fold([
    graphCreated('G1'),
    lifecycleNotice('G1', 'reauthorizationRequired', T0 + MIN),
    failed('ApplicationThrottled', T0 + MIN, T0 + 3 * MIN, 'throttled'),
  ]);
  assert.deepEqual(decideGraph(state, online, T0 + 2 * MIN, graphConfig), []);
  assert.deepEqual(
    decideGraph(state, online, T0 + 3 * MIN, graphConfig).map((c) => [c.kind, c.attempts]),
    [['graphReauthorize', 1]],
  );
});

test('a disabled or removed room: its Graph subscription is deleted; another deployment’s is left alone', () => {
  const state = fold([graphCreated('G1')]);
  const disabled = decideGraph(state, [{ ...online[0]!, enabled: false }], T0, graphConfig);
  assert.deepEqual(disabled, [
    {
      kind: 'graphDelete',
      mailbox: ROOM,
      connection: GRAPH_CONNECTION,
      attempts: 0,
      subscriptionId: 'G1',
      reason: 'room-disabled',
      replacedBy: undefined,
    },
  ]);
  assert.deepEqual(
    decideGraph(state, [], T0, graphConfig).map((c) => [c.kind, 'reason' in c ? c.reason : '']),
    [['graphDelete', 'room-removed']],
  );
  const theirs = fold([graphCreated('G1', T0, { owner: 'someone-else' })]);
  assert.deepEqual(decideGraph(theirs, [], T0, graphConfig), []);
});

test('a duplicate Graph subscription of the room is deleted and recorded as superseded by the current one', () => {
  const state = fold([graphCreated('G1'), graphCreated('G2', T0 + 1)]);
  const [command] = decideGraph(state, online, T0 + 2, graphConfig);
  assert.deepEqual(command, {
    kind: 'graphDelete',
    mailbox: ROOM,
    connection: GRAPH_CONNECTION,
    attempts: 0,
    subscriptionId: 'G1',
    reason: 'duplicate',
    replacedBy: 'G2',
  });
  const ended = fold([superseded('G1', 'G2', T0 + 3)], state);
  assert.deepEqual(decideGraph(ended, online, beforeCheck(T0 + 1), graphConfig), []);
});

test('a new notification URL replaces the subscription, deleting the old one at Graph', () => {
  const state = fold([graphCreated('G1', T0, { callbackUrl: 'https://old.example/api/webhooks/graph' })]);
  const [command] = decideGraph(state, online, T0 + MIN, graphConfig);
  assert.equal(command?.kind, 'graphCreate');
  assert.deepEqual(command.kind === 'graphCreate' ? [command.reason, command.replaces, command.deleteReplaced] : [], [
    'callback-changed',
    'G1',
    true,
  ]);
});

test('a room whose connection is not configured is left alone by both paths, even when disabled', () => {
  const unknown: Room[] = [{ address: ROOM, tenant: undefined, enabled: true, connection: 'nowhere' }];
  const state = fold([graphCreated('G1', T0, { connection: 'nowhere' })]);
  const ews = { ...config, ewsConnections: new Set(['default']) };
  assert.deepEqual(decideGraph(emptyState, unknown, T0, graphConfig), []);
  assert.deepEqual(decide(emptyState, unknown, T0, ews), []);
  assert.deepEqual(decideGraph(state, [{ ...unknown[0]!, enabled: false }], T0 + HOUR, graphConfig), []);
  assert.deepEqual(decide(state, [{ ...unknown[0]!, enabled: false }], T0 + HOUR, ews), []);
});

test('EWS rules never apply to Graph rooms: no heartbeat missed, no EWS subscribe, no EWS remove', () => {
  const state = fold([graphCreated('G1')]);
  const ews = { ...config, ewsConnections: new Set(['default']) };
  // Hours without a push would be a dead EWS subscription.
  assert.deepEqual(decide(state, online, T0 + 5 * HOUR, ews), []);
  assert.deepEqual(decide(state, [], T0 + 5 * HOUR, ews), [], 'the Graph path ends it, with a DELETE');
});

test('a room moved from an EWS connection to a Graph one gets a Graph subscription replacing the EWS one', () => {
  const state = fold([created('S1')]);
  const [command] = decideGraph(state, online, T0 + MIN, graphConfig);
  assert.deepEqual(command?.kind === 'graphCreate' ? [command.reason, command.replaces, command.deleteReplaced] : [], [
    'connection-changed',
    'S1',
    false,
  ]);
  const ews = { ...config, ewsConnections: new Set(['default']) };
  assert.deepEqual(decide(state, online, T0 + 5 * MIN, ews), [], 'the EWS path leaves the Graph room to it');
});

test('a room moved from a Graph connection to EWS gets an EWS subscription at once, on its connection', () => {
  const state = fold([graphCreated('G1')]);
  const lab: Room[] = [{ address: ROOM, tenant: undefined, enabled: true, connection: 'lab' }];
  const ews = { ...config, ewsConnections: new Set(['default', 'lab']) };
  const [command] = decide(state, lab, T0 + MIN, ews);
  assert.deepEqual(command?.kind === 'subscribe' ? [command.reason, command.replaces, command.connection] : [], [
    'connection-changed',
    'G1',
    'lab',
  ]);
});
