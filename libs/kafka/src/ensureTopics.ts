// Creates the topics a service needs at start. Idempotent: existing topics are left alone
// (a partition-count mismatch is reported, never "fixed"), and losing a creation race to
// another instance counts as success.
import type { TopicSpec } from './topics.ts';

/** The admin calls ensureTopics needs; a kafkajs Admin satisfies it. */
export interface TopicAdmin {
  listTopics(): Promise<string[]>;
  createTopics(options: {
    topics: {
      topic: string;
      numPartitions?: number;
      replicationFactor?: number;
      configEntries?: { name: string; value: string }[];
    }[];
    waitForLeaders?: boolean;
    timeout?: number;
  }): Promise<boolean>;
  fetchTopicMetadata(options: { topics: string[] }): Promise<{ topics: { name: string; partitions: unknown[] }[] }>;
}

export type EnsureTopicsResult = {
  /** Topics that were missing when listed and were asked for (a lost creation race still counts). */
  created: string[];
  existing: string[];
  /** Existing topics whose partition count differs from the spec. */
  mismatched: { topic: string; partitions: number; expected: number }[];
};

export async function ensureTopics(admin: TopicAdmin, specs: readonly TopicSpec[]): Promise<EnsureTopicsResult> {
  const present = new Set(await admin.listTopics());
  const missing = specs.filter((s) => !present.has(s.topic));
  if (missing.length > 0) {
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((s) => ({
        topic: s.topic,
        numPartitions: s.partitions,
        ...(s.replicationFactor === undefined ? {} : { replicationFactor: s.replicationFactor }),
        configEntries: [
          { name: 'retention.ms', value: String(s.retentionMs) },
          ...Object.entries(s.config ?? {}).map(([name, value]) => ({ name, value })),
        ],
      })),
    });
  }
  const existingSpecs = specs.filter((s) => present.has(s.topic));
  const mismatched: EnsureTopicsResult['mismatched'] = [];
  if (existingSpecs.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: existingSpecs.map((s) => s.topic) });
    for (const spec of existingSpecs) {
      const partitions = metadata.topics.find((t) => t.name === spec.topic)?.partitions.length;
      if (partitions !== undefined && partitions !== spec.partitions) {
        mismatched.push({ topic: spec.topic, partitions, expected: spec.partitions });
      }
    }
  }
  return { created: missing.map((s) => s.topic), existing: existingSpecs.map((s) => s.topic), mismatched };
}
