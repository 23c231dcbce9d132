import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decide, WATERMARK_UNKNOWN } from './decide.ts';
import type { Room } from './decide.ts';
import { emptyState } from './ManagerState.ts';
import {
  config,
  created,
  errorPushed,
  failed,
  fold,
  heartbeatMissed,
  MIN,
  pushed,
  removed,
  resyncRequested,
  ROOM,
  superseded,
  T0,
  URL_A,
  URL_B,
} from './testing/testFixtures.ts';

const enabled: Room[] = [{ address: ROOM, tenant: 'contoso', enabled: true }];
// 2 × StatusFrequency (1 min) + 10 s grace.
const DEADLINE = 2 * MIN + 10_000;

test('a new enabled room gets one fresh subscription', () => {
  assert.deepEqual(decide(emptyState, enabled, T0, config), [
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'new',
      watermark: undefined,
      replaces: undefined,
      resync: undefined,
      attempts: 0,
    },
  ]);
});

test('addresses are compared case-insensitively', () => {
  const state = fold([created('S1')]);
  assert.deepEqual(
    decide(state, [{ address: 'ROOM-101@contoso.example', tenant: undefined, enabled: true }], T0 + MIN, config),
    [],
  );
});

test('a healthy subscription needs nothing', () => {
  const state = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-1'), pushed('S1', T0 + 2 * MIN, 'WM-1')]);
  assert.deepEqual(decide(state, enabled, T0 + 2 * MIN + DEADLINE - 1, config), []);
});

test('no contact within 2 × StatusFrequency + grace: HeartbeatMissed, then resubscribe from the last watermark replacing the old id', () => {
  const state = fold([created('S1'), pushed('S1', T0 + MIN, 'WM-7', 'Created')]);
  const now = T0 + MIN + DEADLINE + 1;
  assert.deepEqual(decide(state, enabled, now, config), [
    {
      kind: 'reportHeartbeatMissed',
      mailbox: ROOM,
      subscriptionId: 'S1',
      lastContactAt: T0 + MIN,
      deadline: T0 + MIN + DEADLINE,
      lastWatermark: 'WM-7',
    },
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'heartbeat-missed',
      watermark: 'WM-7',
      replaces: 'S1',
      resync: undefined,
      attempts: 0,
    },
  ]);
});

test('a subscription that never got a push is judged from its creation', () => {
  const state = fold([created('S1', T0, { watermark: 'WM-0' })]);
  assert.deepEqual(decide(state, enabled, T0 + DEADLINE, config), []);
  assert.equal(decide(state, enabled, T0 + DEADLINE + 1, config)[0]?.kind, 'reportHeartbeatMissed');
});

test('the deadline follows the time scale (tests against the simulator run in seconds)', () => {
  const state = fold([created('S1')]);
  const scaled = { ...config, timeScale: 0.05, heartbeatGraceMs: 1_000 };
  assert.deepEqual(decide(state, enabled, T0 + 7_000, scaled), []);
  assert.equal(decide(state, enabled, T0 + 7_001, scaled)[0]?.kind, 'reportHeartbeatMissed');
});

test('HeartbeatMissed is reported once; a failed resubscribe is retried after its back-off without reporting again', () => {
  const state = fold([
    created('S1'),
    heartbeatMissed('S1', T0 + DEADLINE + 1),
    failed('ErrorServerBusy', T0 + DEADLINE + 1, T0 + DEADLINE + 5_000, 'throttled'),
  ]);
  assert.deepEqual(decide(state, enabled, T0 + DEADLINE + 2_000, config), [], 'waits for the back-off');
  assert.deepEqual(
    decide(state, enabled, T0 + DEADLINE + 5_001, config).map((c) => c.kind),
    ['subscribe'],
  );
  const retry = decide(state, enabled, T0 + DEADLINE + 5_001, config)[0];
  assert.equal(retry?.kind === 'subscribe' && retry.attempts, 1);
});

test('an error push (ErrorReadEventsFailed) recreates at once: fresh, replacing the old id, projector told to resync', () => {
  const state = fold([created('S1'), pushed('S1', T0 + 10_000, 'WM-3'), errorPushed('S1', T0 + 20_000)]);
  assert.deepEqual(decide(state, enabled, T0 + 20_001, config), [
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'error-push',
      watermark: undefined,
      replaces: 'S1',
      resync: 'ErrorReadEventsFailed',
      attempts: 0,
    },
  ]);
});

test('after ErrorInvalidWatermark the next subscription is fresh and carries a resync', () => {
  const state = fold([
    created('S1', T0, { watermark: 'WM-OLD' }),
    heartbeatMissed('S1', T0 + DEADLINE + 1),
    failed('ErrorInvalidWatermark', T0 + DEADLINE + 1, T0 + DEADLINE + 1, 'invalid_watermark'),
  ]);
  const [command] = decide(state, enabled, T0 + DEADLINE + 2, config);
  assert.deepEqual(command, {
    kind: 'subscribe',
    mailbox: ROOM,
    tenant: 'contoso',
    reason: 'heartbeat-missed',
    watermark: undefined,
    replaces: 'S1',
    resync: 'ErrorInvalidWatermark',
    attempts: 1,
  });
});

test('a changed callback URL migrates the room to a new subscription from its watermark (new first, then Superseded)', () => {
  const state = fold([created('S1'), pushed('S1', T0 + 10_000, 'WM-3')]);
  const commands = decide(state, enabled, T0 + 20_000, { ...config, callbackUrl: URL_B, callbackRule: 'legacy' });
  assert.deepEqual(commands, [
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'callback-changed',
      watermark: 'WM-3',
      replaces: 'S1',
      resync: undefined,
      attempts: 0,
    },
  ]);
});

test('planned migrations are capped per decision so a URL switch does not storm EWS', () => {
  const rooms = ['a', 'b', 'c'].map((n): Room => ({
    address: `room-${n}@contoso.example`,
    tenant: undefined,
    enabled: true,
  }));
  const state = fold(rooms.map((r, i) => created(`S${i}`, T0, { mailbox: r.address })));
  const commands = decide(state, rooms, T0 + 10_000, { ...config, callbackUrl: URL_B, maxPlannedPerTick: 2 });
  assert.equal(commands.length, 2);
  assert.ok(commands.every((c) => c.kind === 'subscribe' && c.reason === 'callback-changed'));
});

test('a changed StatusFrequency also migrates; an old subscription is rotated before its Created leaves the topic', () => {
  const state = fold([created('S1', T0, { freq: 5 }), pushed('S1', T0 + MIN)]);
  const [changed] = decide(state, enabled, T0 + MIN + 1, config);
  assert.equal(changed?.kind === 'subscribe' ? changed.reason : undefined, 'status-frequency-changed');
  const old = fold([created('S1'), pushed('S1', T0 + 73 * 60 * MIN)]);
  const [rotated] = decide(old, enabled, T0 + 73 * 60 * MIN + 1, config);
  assert.equal(rotated?.kind === 'subscribe' ? rotated.reason : undefined, 'rotation');
});

test('a removed room gets SubscriptionRemoved; a disabled one too, with its own reason', () => {
  const state = fold([created('S1')]);
  assert.deepEqual(decide(state, [], T0 + 1, config), [
    { kind: 'remove', mailbox: ROOM, subscriptionId: 'S1', reason: 'room-removed' },
  ]);
  assert.deepEqual(decide(state, [{ address: ROOM, tenant: undefined, enabled: false }], T0 + 1, config), [
    { kind: 'remove', mailbox: ROOM, subscriptionId: 'S1', reason: 'room-disabled' },
  ]);
  assert.deepEqual(decide(fold([removed('S1')], state), [], T0 + 1, config), [], 'once removed, nothing more');
});

test('a re-enabled room resumes from the watermark it had', () => {
  const state = fold([created('S1'), pushed('S1', T0 + 1, 'WM-5'), removed('S1', T0 + 2)]);
  const [command] = decide(state, enabled, T0 + 3, config);
  assert.equal(command?.kind === 'subscribe' ? command.watermark : undefined, 'WM-5');
});

test('an orphaned id (two Created for one room) is superseded by the current one', () => {
  const state = fold([created('S1'), created('S2', T0 + 1)]);
  assert.deepEqual(decide(state, enabled, T0 + 2, config), [
    { kind: 'supersede', mailbox: ROOM, oldSubscriptionId: 'S1', newSubscriptionId: 'S2', reason: 'duplicate' },
  ]);
  assert.deepEqual(decide(fold([superseded('S1', 'S2')], state), enabled, T0 + 2, config), []);
});

test('a permanent failure waits for its (long) retry time and is not retried in a loop', () => {
  const state = fold([failed('ErrorNonExistentMailbox', T0, T0 + 15 * MIN, 'permanent')]);
  assert.deepEqual(decide(state, enabled, T0 + 14 * MIN, config), []);
  assert.equal(decide(state, enabled, T0 + 15 * MIN + 1, config).length, 1);
});

test('URL in the state equal to the config and nothing else due: nothing to do (restart creates no duplicates)', () => {
  const state = fold([created('S1', T0, { callbackUrl: URL_A }), pushed('S1', T0 + MIN)]);
  assert.deepEqual(decide(state, enabled, T0 + MIN + 1, config), []);
});

test('a room created by another deployment (another owner on the same topics) is never removed by this one', () => {
  const state = fold([
    created('S1', T0, { owner: 'staging' }),
    created('S2', T0, { mailbox: 'room-202@contoso.example' }),
  ]);
  assert.deepEqual(
    decide(state, [], T0 + 1, config),
    [{ kind: 'remove', mailbox: 'room-202@contoso.example', subscriptionId: 'S2', reason: 'room-removed' }],
    "S2 has no owner mark (older event): treated as this deployment's",
  );
  const mine = fold([created('S3', T0, { owner: config.owner, mailbox: 'room-303@contoso.example' })], state);
  assert.equal(decide(mine, [], T0 + 1, config).filter((c) => c.kind === 'remove').length, 2);
});

// A manager that read the notifications only from a lookback window (an hour before T0).
const HOUR = 60 * MIN;
const windowed = { ...emptyState, notificationsSince: T0 - HOUR };

test('lookback window: a subscription seen pushing inside the window is healthy, and resumes from its watermark when it dies', () => {
  const state = fold(
    [
      created('S1', T0 - 48 * HOUR, { watermark: 'WM-0' }),
      resyncRequested(T0 - 2 * MIN),
      pushed('S1', T0 - MIN, 'WM-9'),
    ],
    windowed,
  );
  assert.deepEqual(decide(state, enabled, T0, config), []);
  const [missed, command] = decide(state, enabled, T0 - MIN + DEADLINE + 1, config);
  assert.equal(
    missed?.kind === 'reportHeartbeatMissed' ? missed.lastWatermark : undefined,
    'WM-9',
    'HeartbeatMissed records it',
  );
  assert.deepEqual(command, {
    kind: 'subscribe',
    mailbox: ROOM,
    tenant: 'contoso',
    reason: 'heartbeat-missed',
    watermark: 'WM-9',
    replaces: 'S1',
    resync: undefined,
    attempts: 0,
  });
});

test('lookback window: a subscription silent for the whole window, its last watermark unknown: fresh subscription and ResyncRequested', () => {
  const state = fold([created('S1', T0 - 48 * HOUR, { watermark: 'WM-0' })], windowed);
  assert.deepEqual(decide(state, enabled, T0, config), [
    {
      kind: 'reportHeartbeatMissed',
      mailbox: ROOM,
      subscriptionId: 'S1',
      lastContactAt: undefined,
      deadline: T0 - 48 * HOUR + DEADLINE,
      lastWatermark: undefined,
    },
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'heartbeat-missed',
      watermark: undefined,
      replaces: 'S1',
      resync: WATERMARK_UNKNOWN,
      attempts: 0,
    },
  ]);
  assert.equal(
    decide(fold([created('S1', T0 - 48 * HOUR, { watermark: 'WM-0' })]), enabled, T0, config)[1]?.kind === 'subscribe'
      ? 'WM-0'
      : undefined,
    'WM-0',
    'without a window, as before',
  );
});

test('lookback window: a HeartbeatMissed that recorded the watermark (days ago) is enough to resume', () => {
  const state = fold(
    [
      created('S1', T0 - 48 * HOUR, { watermark: 'WM-0' }),
      heartbeatMissed('S1', T0 - 40 * HOUR, { lastContactAt: T0 - 41 * HOUR, lastWatermark: 'WM-41' }),
      failed('ErrorServerBusy', T0 - 2 * HOUR, T0 - 2 * HOUR + 1_000),
    ],
    windowed,
  );
  assert.deepEqual(decide(state, enabled, T0, config), [
    {
      kind: 'subscribe',
      mailbox: ROOM,
      tenant: 'contoso',
      reason: 'heartbeat-missed',
      watermark: 'WM-41',
      replaces: 'S1',
      resync: undefined,
      attempts: 1,
    },
  ]);
});

test('lookback window: a room re-enabled long after its removal starts fresh with a resync; a subscription created inside the window is known', () => {
  const gone = fold(
    [created('S1', T0 - 48 * HOUR), pushed('S1', T0 - 47 * HOUR, 'WM-5'), removed('S1', T0 - 47 * HOUR)],
    windowed,
  );
  const [command] = decide(gone, enabled, T0, config);
  assert.deepEqual(command?.kind === 'subscribe' ? [command.reason, command.watermark, command.resync] : [], [
    'new',
    undefined,
    WATERMARK_UNKNOWN,
  ]);
  const young = fold([created('S1', T0 - 10 * MIN, { watermark: 'WM-0' })], windowed);
  const [late] = decide(young, enabled, T0, config).filter((c) => c.kind === 'subscribe');
  assert.deepEqual(late?.kind === 'subscribe' ? [late.watermark, late.resync] : [], ['WM-0', undefined]);
});
