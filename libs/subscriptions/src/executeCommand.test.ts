import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EventTypes } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import type { Command } from './decide.ts';
import { executeCommand } from './executeCommand.ts';
import type { AttemptFailed } from './evolve.ts';
import type { RoomState } from './ManagerState.ts';
import { config, ewsError, fakeEws, ROOM, T0, URL_A } from './testing/testFixtures.ts';

function harness(script: Parameters<typeof fakeEws>[0] = [], room?: RoomState) {
  const ews = fakeEws(script);
  const published: RoomsEvent[][] = [];
  const local: AttemptFailed[] = [];
  const deps = {
    ews,
    publish: (events: readonly RoomsEvent[]) => {
      published.push([...events]);
      return Promise.resolve();
    },
    applyLocal: (fact: AttemptFailed) => {
      local.push(fact);
    },
    room: () => room,
    now: () => T0,
    random: () => 0.5,
    config,
  };
  return { ews, published, local, deps };
}

const subscribe = (over: Partial<Extract<Command, { kind: 'subscribe' }>> = {}): Command => ({
  kind: 'subscribe',
  mailbox: ROOM,
  tenant: 'contoso',
  reason: 'heartbeat-missed',
  watermark: 'WM-7',
  replaces: 'S1',
  resync: undefined,
  attempts: 0,
  ...over,
});

test('a resubscribe calls EWS with the watermark and the configured URL, then emits Created and Superseded in one produce', async () => {
  const h = harness();
  const outcome = await executeCommand(subscribe(), h.deps);
  assert.deepEqual(outcome, { kind: 'subscribed', subscriptionId: 'SUB-NEW-1' });
  assert.deepEqual(h.ews.calls, [{ mailbox: ROOM, callbackUrl: URL_A, statusFrequencyMinutes: 1, watermark: 'WM-7' }]);
  assert.equal(h.published.length, 1);
  const [createdEvent, supersededEvent] = h.published[0]!;
  assert.equal(createdEvent?.type, EventTypes.SubscriptionCreatedV1);
  assert.deepEqual(createdEvent?.data, {
    owner: config.owner,
    subscriptionId: 'SUB-NEW-1',
    mailbox: ROOM,
    tenant: 'contoso',
    folder: 'calendar',
    callbackUrl: URL_A,
    callbackRule: 'default',
    statusFrequencyMinutes: 1,
    watermark: 'WM-7',
  });
  assert.equal(createdEvent?.subject, ROOM);
  assert.equal(supersededEvent?.type, EventTypes.SubscriptionSupersededV1);
  assert.deepEqual(supersededEvent?.data, {
    mailbox: ROOM,
    oldSubscriptionId: 'S1',
    newSubscriptionId: 'SUB-NEW-1',
    reason: 'heartbeat-missed',
  });
});

test('a fresh subscription records the watermark Exchange returned; a resync adds ResyncRequested', async () => {
  const h = harness();
  await executeCommand(subscribe({ watermark: undefined, resync: 'ErrorReadEventsFailed' }), h.deps);
  assert.equal(h.ews.calls[0]?.watermark, undefined);
  const events = h.published[0]!;
  assert.deepEqual(
    events.map((e) => e.type),
    [EventTypes.SubscriptionCreatedV1, EventTypes.SubscriptionSupersededV1, EventTypes.ResyncRequestedV1],
  );
  assert.equal(events[0]?.type === EventTypes.SubscriptionCreatedV1 && events[0].data.watermark, 'WM-START-1');
  assert.deepEqual(events[2]?.data, { mailbox: ROOM, reason: 'ErrorReadEventsFailed' });
});

test('a failure is published as SubscriptionFailed with the next attempt and the error kind', async () => {
  const h = harness([{ ok: false, error: ewsError('throttled', 'ErrorServerBusy', 20_000) }]);
  const outcome = await executeCommand(subscribe(), h.deps);
  assert.deepEqual(outcome, { kind: 'failed', errorKind: 'throttled', backOffMs: 20_000 });
  const [event] = h.published[0]!;
  assert.equal(event?.type, EventTypes.SubscriptionFailedV1);
  assert.deepEqual(event?.data, {
    mailbox: ROOM,
    errorCode: 'ErrorServerBusy',
    errorMessage: 'ErrorServerBusy happened',
    retriable: true,
    nextAttemptAt: new Date(T0 + 20_000).toISOString(),
    kind: 'throttled',
  });
});

test('HeartbeatMissed, Superseded and Removed are plain events, no EWS call', async () => {
  const h = harness();
  await executeCommand(
    { kind: 'reportHeartbeatMissed', mailbox: ROOM, subscriptionId: 'S1', lastContactAt: T0 - 1000, deadline: T0 - 1 },
    h.deps,
  );
  await executeCommand(
    { kind: 'supersede', mailbox: ROOM, oldSubscriptionId: 'S1', newSubscriptionId: 'S2', reason: 'duplicate' },
    h.deps,
  );
  await executeCommand({ kind: 'remove', mailbox: ROOM, subscriptionId: 'S2', reason: 'room-removed' }, h.deps);
  assert.equal(h.ews.calls.length, 0);
  assert.deepEqual(
    h.published.map((b) => b.map((e) => e.type)),
    [
      [EventTypes.SubscriptionHeartbeatMissedV1],
      [EventTypes.SubscriptionSupersededV1],
      [EventTypes.SubscriptionRemovedV1],
    ],
  );
  assert.deepEqual(h.published[0]![0]?.data, {
    subscriptionId: 'S1',
    mailbox: ROOM,
    lastContactAt: new Date(T0 - 1000).toISOString(),
    deadline: new Date(T0 - 1).toISOString(),
  });
});

test('HeartbeatMissed records the last watermark, when decide knew it', async () => {
  const h = harness();
  await executeCommand(
    {
      kind: 'reportHeartbeatMissed',
      mailbox: ROOM,
      subscriptionId: 'S1',
      lastContactAt: undefined,
      deadline: T0 - 1,
      lastWatermark: 'WM-7',
    },
    h.deps,
  );
  assert.deepEqual(h.published[0]![0]?.data, {
    subscriptionId: 'S1',
    mailbox: ROOM,
    deadline: new Date(T0 - 1).toISOString(),
    lastWatermark: 'WM-7',
  });
});

test('a reconcile records ResyncRequested of scope changes, and calls no EWS', async () => {
  const h = harness();
  assert.deepEqual(await executeCommand({ kind: 'reconcile', mailbox: ROOM }, h.deps), { kind: 'done' });
  assert.equal(h.ews.calls.length, 0);
  assert.deepEqual(
    h.published.map((events) => events.map((e) => [e.type, e.data])),
    [[[EventTypes.ResyncRequestedV1, { mailbox: ROOM, reason: 'reconcile', scope: 'changes' }]]],
  );
});
