// Where a starting manager reads its two topics from, asked of Kafka (the plan itself is the pure
// planTopicStart).
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
import type { TopicNames } from '@rooms-sync/config';
import { fetchPartitionOffsets } from '@rooms-sync/kafka';
import type { KafkaClient } from '@rooms-sync/kafka';
import { lookbackWindowMs, planTopicStart } from './planTopicStart.ts';
import type { LookbackSettings, TopicStart } from './planTopicStart.ts';

export interface ManagerTopicStart extends TopicStart {
  /** Epoch ms the notifications are read from (`ManagerState.notificationsSince`). */
  readonly since: number;
}

export async function readTopicStart(
  kafka: KafkaClient,
  topics: TopicNames,
  lookback: LookbackSettings,
  now: number,
): Promise<ManagerTopicStart> {
  const since = now - lookbackWindowMs(lookback);
  const plan = planTopicStart(
    topics,
    await fetchPartitionOffsets(kafka, topics.subscriptions),
    await fetchPartitionOffsets(kafka, topics.notifications, since),
  );
  return { ...plan, since };
}
