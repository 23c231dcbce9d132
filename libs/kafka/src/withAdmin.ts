import type { KafkaClient } from './createKafka.ts';
import type { TopicAdmin } from './ensureTopics.ts';

/** Runs `fn` with a connected admin client and always disconnects it. */
export async function withAdmin<T>(kafka: KafkaClient, fn: (admin: TopicAdmin) => Promise<T>): Promise<T> {
  const admin = kafka.engine.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}
