// Where a starting manager reads its two topics from, asked of Kafka (the plans themselves are
// the pure planTopicStart and planSnapshotStart).
//
// Why a lookback window is enough: only the notifications give each room its last contact and
// last watermark, but a live subscription pushes (a status heartbeat at least) every
// StatusFrequency and every push carries a watermark: its latest contact and watermark lie inside
// any window of a few StatusFrequency. A subscription silent for longer than the window is dead
// for decide too; for it the resume point comes from the lifecycle topic (read whole): its
// SubscriptionCreated, or the HeartbeatMissed that recorded the watermark (`lastWatermark`).
// When neither vouches for it (the room's last push is older than the window and was never
// recorded, e.g. every manager was down), decide starts a fresh subscription and asks the
// projector to resync the room (ResyncRequested `WatermarkUnknown`); it converges from
// SyncFolderItems. The state carries the window start so decide can tell (watermarkUnknown).
//
// With a snapshot the state goes on from the snapshot's: it keeps what it knew of pushes older
// than today's window, and its `notificationsSince` stays the snapshot's, because every record
// after the snapshot is read (no gap), so the fold still holds every push since that time and
// decide may trust the watermarks it vouched for. Only when some notifications partition is
// read from the window start (the snapshot never folded it) is that no longer true for every
// room, and `notificationsSince` becomes the later of the two.
import type { TopicNames } from '@rooms-sync/config';
import { fetchPartitionOffsets } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import type { SnapshotDecoded } from './decodeSnapshot.ts';
import { emptyState } from './ManagerState.ts';
import type { ManagerState } from './ManagerState.ts';
import { planSnapshotStart } from './planSnapshotStart.ts';
import { lookbackWindowMs, planTopicStart } from './planTopicStart.ts';
import type { LookbackSettings, TopicStart } from './planTopicStart.ts';

export interface ManagerTopicStart extends TopicStart {
  /** Epoch ms the notifications are read from (`ManagerState.notificationsSince`). */
  readonly since: number;
  /** The state the consumer folds on from, and the offsets already folded into it. */
  readonly initial: ManagerState;
  readonly folded: ReadonlyMap<string, bigint>;
  /** The snapshot restored, and how many records follow it. */
  readonly restored: { readonly takenAt: number; readonly after: bigint } | undefined;
  /** Why a stored snapshot was not used (a full read instead). */
  readonly ignored: string | undefined;
}

export async function readTopicStart(
  kafka: KafkaClient,
  topics: TopicNames,
  lookback: LookbackSettings,
  now: number,
  snapshot?: SnapshotDecoded,
): Promise<ManagerTopicStart> {
  const since = now - lookbackWindowMs(lookback);
  const bounds = {
    subscriptions: await fetchPartitionOffsets(kafka, topics.subscriptions),
    notifications: await fetchPartitionOffsets(kafka, topics.notifications, since),
  };
  const full = planTopicStart(topics, bounds.subscriptions, bounds.notifications);
  const fullStart = {
    ...full,
    since,
    initial: { ...emptyState, notificationsSince: since },
    folded: new Map<string, bigint>(),
    restored: undefined,
  };
  if (snapshot === undefined) return { ...fullStart, ignored: undefined };
  if (!snapshot.ok) return { ...fullStart, ignored: snapshot.reason };
  const plan = planSnapshotStart(topics, snapshot.snapshot.offsets, bounds, full);
  if (!plan.ok) return { ...fullStart, ignored: plan.reason };
  const { state, offsets, takenAt } = snapshot.snapshot;
  const later =
    plan.windowed && (state.notificationsSince === undefined || state.notificationsSince < since) ? since : undefined;
  return {
    ...plan.start,
    since: later ?? state.notificationsSince ?? since,
    initial: later === undefined ? state : { ...state, notificationsSince: later },
    folded: offsets,
    restored: { takenAt, after: plan.after },
    ignored: undefined,
  };
}
