// Where a manager that restores a snapshot starts reading (docs/architecture.md §6): on each
// partition the snapshot folded, right after its last record; on a partition it never folded
// (added since, or empty then), where a start without snapshot would (the whole lifecycle, the
// notifications' lookback window). The snapshot is only usable when the records after it are
// all still there and it was written for these topics; and only worth it when what follows it
// is less than a full start would read (a manager down for days has a long tail of pushes).
import type { PartitionOffsets } from '@rooms-sync/kafka';
import { partitionKey } from '@rooms-sync/kafka';
import type { TopicStart } from './planTopicStart.ts';

export interface TopicBounds {
  readonly subscriptions: readonly PartitionOffsets[];
  readonly notifications: readonly PartitionOffsets[];
}

export type SnapshotStart =
  | {
      readonly ok: true;
      readonly start: TopicStart;
      /** Records to read after the snapshot (both topics). */
      readonly after: bigint;
      /** Some notifications partition is read from the window start, not continuously since the snapshot. */
      readonly windowed: boolean;
    }
  | { readonly ok: false; readonly reason: string };

export function planSnapshotStart(
  topics: { readonly subscriptions: string; readonly notifications: string },
  folded: ReadonlyMap<string, bigint>,
  bounds: TopicBounds,
  full: TopicStart,
): SnapshotStart {
  const all = [
    ...bounds.subscriptions.map((p) => ({ topic: topics.subscriptions, p })),
    ...bounds.notifications.map((p) => ({ topic: topics.notifications, p })),
  ];
  const known = new Set(all.map(({ topic, p }) => partitionKey(topic, p.partition)));
  const foreign = [...folded.keys()].find((key) => !known.has(key));
  if (foreign !== undefined) return { ok: false, reason: `it was written for another topic or partition (${foreign})` };

  const startOffsets = new Map<string, bigint>();
  const seeks: TopicStart['seeks'] = [];
  let after = 0n;
  let windowed = false;
  let skipped = 0n;
  let inWindow = 0n;
  for (const { topic, p } of all) {
    const key = partitionKey(topic, p.partition);
    const last = folded.get(key);
    const start = last === undefined ? (full.startOffsets.get(key) ?? p.low) : last + 1n;
    if (start < p.low) return { ok: false, reason: `retention deleted records after it (${key})` };
    if (start > p.high) return { ok: false, reason: `the topic ends before it (${key}; recreated?)` };
    windowed ||= last === undefined && topic === topics.notifications && start > p.low;
    startOffsets.set(key, start);
    if (start > p.low) seeks.push({ topic, partition: p.partition, offset: start.toString() });
    after += p.high - start;
    if (topic === topics.notifications) {
      skipped += start - p.low;
      inWindow += p.high - start;
    }
  }
  const fullCost = bounds.subscriptions.reduce((sum, p) => sum + (p.high - p.low), 0n) + full.inWindow;
  if (after > fullCost)
    return { ok: false, reason: `reading after it (${after}) costs more than a full read (${fullCost})` };
  return { ok: true, start: { startOffsets, seeks, skipped, inWindow }, after, windowed };
}
