// Fault scenario 5: Exchange misbehaving while the stream runs: failed, delayed and (Graph)
// duplicated deliveries, ErrorServerBusy on EWS calls, and Graph losing notifications and then
// saying `missed`. Mixed rooms: on-premises (EWS) and Exchange Online (Graph).
import { test } from 'node:test';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

test('the simulator drops, delays, duplicates deliveries and answers ErrorServerBusy', async () => {
  await runFaultScenario({
    name: 'simulator faults',
    onpremRooms: 14,
    alerts: ['RoomsSubscriptionFailures'],
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
