// Topics of a run's own go when the run does, with their dead-letter topics: a bench or test that
// wrote hundreds of thousands of pushes to the shared topics would leave them for the next
// `make up` projector to read through before the demo's first change.
import type { TopicNames } from '@rooms-sync/config';
import { dlqTopicFor } from '@rooms-sync/kafka';

/** What of a Kafka admin client this needs. */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  deleteTopics(request: { topics: string[] }): Promise<void>;
}

/** Deletes those that exist; a broker that is gone by then is no reason to fail the run. */
export async function deleteRunTopics(admin: TopicAdmin, topics: TopicNames): Promise<void> {
  const ours = [topics.notifications, topics.subscriptions].flatMap((t) => [t, dlqTopicFor(t)]);
  const existing = new Set(await admin.listTopics().catch((): string[] => []));
  await admin.deleteTopics({ topics: ours.filter((t) => existing.has(t)) }).catch(() => undefined);
}
