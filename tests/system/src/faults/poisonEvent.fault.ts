// Fault scenario 6: an undecodable record on the notifications topic mid-stream: its readers
// send it to the dead-letter topic and go on with the records after it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createEventProducer, dlqTopicFor } from '@rooms-sync/kafka';
import { createLogger } from '@rooms-sync/observability';
import { waitFor } from '@rooms-sync/testing';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

test('a poison event goes to the DLQ and the stream goes on', async () => {
  const topic = (tag: string) => `faults-${tag}.notifications`;
  const dlqRecords = async (
    admin: { fetchTopicOffsets(t: string): Promise<{ high: string; low: string }[]> },
    t: string,
  ) => (await admin.fetchTopicOffsets(dlqTopicFor(t))).reduce((n, p) => n + Number(p.high) - Number(p.low), 0);
  await runFaultScenario({
    name: 'poison event',
    onpremRooms: 20,
    alerts: ['RoomsDeadLetterQueueNotEmpty'],
    inject: async ({ system, tag, onprem }) => {
      const producer = createEventProducer(system.kafka, {
        logger: createLogger({ service: 'faults', level: 'error' }),
      });
      await producer.connect();
      const poison = { key: onprem[0] ?? '', value: Buffer.from('\u0000 not an event {'), headers: {} };
      await producer.sendRaw(
        topic(tag),
        [poison, poison, poison].map((p, i) => ({ ...p, key: onprem[i] ?? '' })),
      );
      await producer.disconnect();
      await sleep(2_000);
      return "3 undecodable records produced to the notifications topic (3 rooms' keys)";
    },
    verify: async ({ system, tag }) => {
      await waitFor('the poison in the DLQ', async () => (await dlqRecords(system.admin, topic(tag))) >= 3, 15_000);
      // Once each: only the projector, the topic's processor, dead-letters (the manager's reader skips them).
      assert.equal(await dlqRecords(system.admin, topic(tag)), 3);
      console.log(
        `[faults] poison event: ${String(await dlqRecords(system.admin, topic(tag)))} records in ${dlqTopicFor(topic(tag))}`,
      );
    },
  });
});
