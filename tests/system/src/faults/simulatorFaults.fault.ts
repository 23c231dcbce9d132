// Fault scenario 5: Exchange misbehaving while the stream runs: failed, delayed and (Graph)
// duplicated deliveries, ErrorServerBusy on EWS calls, and Graph losing notifications and then
// saying `missed`. Mixed rooms: on-premises (EWS) and Exchange Online (Graph).
import { test } from 'node:test';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

test('the simulator drops, delays, duplicates deliveries and answers ErrorServerBusy', async () => {
  await runFaultScenario({
    name: 'simulator faults',
    onpremRooms: 14,
    // 10 ErrorServerBusy in a row outlast a room sync's retries: its events go to the DLQ
    // (exchange_error) and the room is caught up late by its next events (freshness). The
    // subscriptions were made before the fault, so no subscribe call fails. The stalled partition
    // grows by ~20 records: whether a 10 s lag poll sees it over the threshold is chance.
    alerts: ['RoomsDeadLetterQueueNotEmpty', 'RoomsFreshnessP99OverTarget'],
    mayAlsoFire: ['RoomsConsumerLagGrowing'],
    onlineRooms: 6,
    inject: async ({ system, online }) => {
      const fault = (body: Record<string, unknown>) => system.simAdmin('POST', '/admin/faults', body);
      await fault({ type: 'failDeliveries', count: 10 });
      await fault({ type: 'delayDeliveries', count: 10, delayMs: 1_500 });
      await fault({ type: 'serverBusy', count: 10, backOffMs: 500 });
      for (const mailbox of online.slice(0, 3)) await fault({ type: 'graphDuplicateNotifications', mailbox, count: 5 });
      for (const mailbox of online.slice(3)) await fault({ type: 'graphMissed', mailbox, lose: 2 });
      await sleep(6_000);
      return (
        '10 failed EWS deliveries, 10 delayed 1.5 s, 10 ErrorServerBusy (back off 500 ms); ' +
        `${String(online.slice(0, 3).length)} Graph rooms' next 5 notifications sent twice, ` +
        `${String(online.slice(3).length)} Graph rooms losing 2 notifications then missed; 6 s`
      );
    },
  });
});
