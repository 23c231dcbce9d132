// The projector on Kafka: libs/kafka's consumer loop (eachBatch, offsets resolved only after the
// handler returned, i.e. after COMMIT) feeding createProjector, plus a lag poller that measures
// lag against the PostgreSQL checkpoints, the offsets whose effect is really committed.
import { runEventConsumer } from '@rooms-sync/kafka';
import type { CrashInfo, KafkaClient } from '@rooms-sync/kafka';
import type { Logger } from '@rooms-sync/lifecycle';
import type { Knex } from '@rooms-sync/db';
import { readCheckpoints } from './checkpoints.ts';
import type { Projector } from './createProjector.ts';
import type { ProjectorMetrics } from './projectorMetrics.ts';

export interface ProjectorConsumerOptions {
  kafka: KafkaClient;
  db: Knex;
  groupId: string;
  topics: string[];
  projector: Projector;
  logger: Logger;
  metrics: ProjectorMetrics;
  onCrash: (info: CrashInfo) => void;
  /** Messages per transaction. */
  maxBatchSize?: number;
  partitionsConsumedConcurrently?: number;
  lagIntervalMs?: number;
}

// The group's timing. A member that dies without leaving (a killed pod, a lost node) holds its
// partitions until its session times out, and the replacement's first batch waits for that: with
// kafkajs's 30 s it took 27.7 s after the broker came back (tests/system/src/readWithoutKafka.int.test.ts),
// with 10 s about a third of it. A shorter session is safe only because the batch heartbeats on a
// timer while it works: kafkajs heartbeats only when asked, and one Exchange call may take its whole
// 30 s timeout, which would otherwise get a live member kicked. The rebalance timeout (how long a
// rebalance waits for live members to finish their batch) stays kafkajs's 60 s.
const SESSION_TIMEOUT_MS = 10_000;
const HEARTBEAT_INTERVAL_MS = 1_000;

export interface ProjectorConsumer {
  stop(): Promise<void>;
}

export async function runProjectorConsumer(o: ProjectorConsumerOptions): Promise<ProjectorConsumer> {
  const consumer = await runEventConsumer({
    kafka: o.kafka,
    groupId: o.groupId,
    topics: o.topics,
    fromBeginning: true,
    logger: o.logger,
    maxBatchSize: o.maxBatchSize ?? 200,
    partitionsConsumedConcurrently: o.partitionsConsumedConcurrently ?? 4,
    sessionTimeoutMs: SESSION_TIMEOUT_MS,
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    onCrash: o.onCrash,
    // Undecodable records never reach the projector, which counts its own dead letters.
    onDeadLettered: () => {
      o.metrics.dlqMessages.inc();
    },
    onGroupJoin: ({ assignment }) => {
      o.logger.info({ assignment }, 'partitions assigned; PostgreSQL checkpoints decide what is skipped');
    },
    handleBatch: async (batch) => {
      // A heartbeat that fails (a rebalance under way) is raised again by the next one the consumer
      // loop sends after the batch, which then gives the partition up.
      const beat = setInterval(() => {
        batch.heartbeat().catch(() => undefined);
      }, HEARTBEAT_INTERVAL_MS);
      try {
        await o.projector.handleBatch(
          {
            topic: batch.topic,
            partition: batch.partition,
            messages: batch.events.map((e) => ({
              offset: e.offset,
              key: e.message.key,
              value: e.message.value,
              headers: e.message.headers,
            })),
          },
          { heartbeat: () => batch.heartbeat() },
        );
      } finally {
        clearInterval(beat);
      }
    },
  });
  const lag = startLagPoller(o);
  return {
    async stop() {
      lag.stop();
      await consumer.stop();
    },
  };
}

function startLagPoller(o: ProjectorConsumerOptions): { stop(): void } {
  const admin = o.kafka.engine.admin();
  let connected = false;
  const poll = async () => {
    try {
      if (!connected) {
        await admin.connect();
        connected = true;
      }
      const checkpoints = await readCheckpoints(o.db, o.groupId);
      for (const topic of o.topics) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          const done = checkpoints.get(`${topic}:${p.partition}`);
          const high = BigInt(p.high);
          const behind = done === undefined ? high - BigInt(p.low) : high - 1n - done;
          o.metrics.consumerLag.set({ topic, partition: String(p.partition) }, Number(behind > 0n ? behind : 0n));
        }
      }
    } catch (error) {
      o.logger.debug({ err: error }, 'lag poll failed');
    }
  };
  const timer = setInterval(() => {
    void poll();
  }, o.lagIntervalMs ?? 10_000);
  timer.unref();
  void poll();
  return {
    stop() {
      clearInterval(timer);
      if (connected) void admin.disconnect().catch(() => undefined);
    },
  };
}
