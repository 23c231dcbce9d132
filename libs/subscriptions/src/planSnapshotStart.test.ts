import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planSnapshotStart } from './planSnapshotStart.ts';
import { planTopicStart } from './planTopicStart.ts';

const topics = { subscriptions: 's', notifications: 'n' };
const bounds = {
  subscriptions: [{ partition: 0, low: 0n, high: 1_000n, at: 0n }],
  notifications: [
    { partition: 0, low: 0n, high: 50_000n, at: 49_000n },
    { partition: 1, low: 100n, high: 40_000n, at: 39_500n },
  ],
};
const full = planTopicStart(topics, bounds.subscriptions, bounds.notifications);

test('each partition the snapshot folded is read from right after its last record', () => {
  const plan = planSnapshotStart(
    topics,
    new Map([
      ['s:0', 989n],
      ['n:0', 49_899n],
      ['n:1', 39_949n],
    ]),
    bounds,
    full,
  );
  assert.ok(plan.ok);
  assert.deepEqual(
    [...plan.start.startOffsets],
    [
      ['s:0', 990n],
      ['n:0', 49_900n],
      ['n:1', 39_950n],
    ],
  );
  assert.deepEqual(
    plan.start.seeks.map((s) => `${s.topic}:${String(s.partition)}@${s.offset}`),
    ['s:0@990', 'n:0@49900', 'n:1@39950'],
  );
  assert.equal(plan.after, 10n + 100n + 50n);
  assert.equal(plan.windowed, false);
});

test('a partition the snapshot never folded starts where a start without snapshot would', () => {
  const plan = planSnapshotStart(topics, new Map([['n:0', 49_899n]]), bounds, full);
  assert.ok(plan.ok);
  assert.equal(plan.start.startOffsets.get('s:0'), 0n, 'the lifecycle topic from its log start');
  assert.equal(plan.start.startOffsets.get('n:1'), 39_500n, 'notifications from the window start');
  assert.equal(plan.windowed, true);
});

test('unusable when retention deleted records after it, the topic is shorter, or the topics are others', () => {
  const reason = (offsets: [string, bigint][]) => {
    const plan = planSnapshotStart(topics, new Map(offsets), bounds, full);
    return plan.ok ? 'usable' : plan.reason;
  };
  assert.match(reason([['n:1', 50n]]), /retention deleted records after it \(n:1\)/);
  assert.doesNotMatch(reason([['n:1', 99n]]), /retention/, 'the record after it is the log start');
  assert.match(reason([['s:0', 1_000n]]), /the topic ends before it/);
  assert.match(reason([['old-topic:0', 3n]]), /another topic or partition \(old-topic:0\)/);
});

test('a snapshot followed by more records than a full read would read is not worth it', () => {
  const plan = planSnapshotStart(
    topics,
    new Map([
      ['s:0', 999n],
      ['n:0', 10n],
    ]),
    bounds,
    full,
  );
  assert.equal(plan.ok, false);
  assert.match(plan.ok ? '' : plan.reason, /costs more than a full read/);
});
