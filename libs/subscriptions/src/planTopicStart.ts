// Where a manager starts reading its two topics. The lifecycle topic (small: a few events per
// room per rotation) is read from its log start; the notifications topic (a heartbeat per room
// per StatusFrequency, days of retention) only from a lookback window, so a start or a new
// replica costs the window, not the retention. Why that is enough: see watermarkUnknown (decide).
import type { PartitionOffsets } from '@rooms-sync/kafka';
import { partitionKey } from '@rooms-sync/kafka';
import type { EndOffsets } from './createCatchUp.ts';

export interface LookbackSettings {
  readonly lookbackMinutes: number;
  readonly statusFrequencyMinutes: number;
  readonly heartbeatGraceMs: number;
  /** Multiplies protocol durations (1 in production; the simulator's factor in tests). */
  readonly timeScale: number;
}

/**
 * The window actually read: never less than three heartbeats plus the grace, so every
 * subscription decide would call alive (contact within 2 × StatusFrequency + grace) has its
 * last push, and the watermark it carries, inside it.
 */
export function lookbackWindowMs(settings: LookbackSettings): number {
  const minutes = Math.max(settings.lookbackMinutes, 3 * settings.statusFrequencyMinutes);
  return minutes * 60_000 * settings.timeScale + settings.heartbeatGraceMs;
}

export interface TopicStart {
  /** `topic:partition` → the first offset the consumer reads; the catch-up owes only what follows. */
  readonly startOffsets: EndOffsets;
  /** Notifications partitions whose window begins past the log start. */
  readonly seeks: { topic: string; partition: number; offset: string }[];
  /** Notifications records before the window (never read) and inside it (read at start). */
  readonly skipped: bigint;
  readonly inWindow: bigint;
}

/** `notifications[].at` is the window start per partition (fetchPartitionOffsets with a timestamp). */
export function planTopicStart(
  topics: { readonly subscriptions: string; readonly notifications: string },
  subscriptions: readonly PartitionOffsets[],
  notifications: readonly PartitionOffsets[],
): TopicStart {
  const startOffsets = new Map<string, bigint>();
  for (const p of subscriptions) startOffsets.set(partitionKey(topics.subscriptions, p.partition), p.low);
  const seeks: TopicStart['seeks'] = [];
  let skipped = 0n;
  let inWindow = 0n;
  for (const p of notifications) {
    startOffsets.set(partitionKey(topics.notifications, p.partition), p.at);
    if (p.at > p.low) seeks.push({ topic: topics.notifications, partition: p.partition, offset: p.at.toString() });
    skipped += p.at - p.low;
    inWindow += p.high - p.at;
  }
  return { startOffsets, seeks, skipped, inWindow };
}
