// Fault scenario 1: the ingress dies (SIGKILL) and Exchange's pushes fail; once the simulator is
// retrying, the ingress comes back on the same address and the retried pushes (or, had they run
// out, the manager's re-subscription from the watermark) bring every change. Then the same for
// longer than the retries last and than the ingress-down alert waits.
import { test } from 'node:test';
import { waitFor } from '@rooms-sync/testing';
import { assertOneLiveSubscriptionPerRoom } from './liveSubscriptions.ts';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

test('the ingress killed while Exchange is retrying, and started again', async () => {
  await runFaultScenario({
    name: 'ingress killed',
    onpremRooms: 20,
    // A few seconds down while Exchange retries, nothing lost: not worth a page. The callback
    // errors are the ingress's own counts (none while it is dead) and the rooms stay far from
    // silent; repeated crashes are RoomsPodRestarting's (kube-state-metrics, not here).
    alerts: [],
    inject: async ({ system }) => {
      await system.services.get('webhook-ingress')?.kill();
      const down = Date.now();
      await waitFor(
        'the simulator retrying a push',
        async () => {
          const subs = (await system.simAdmin('GET', '/admin/subscriptions')) as { state: string }[];
          return subs.some((s) => s.state === 'retrying');
        },
        30_000,
      );
      await sleep(2_000);
      await system.spawnAgain('webhook-ingress', { samePorts: true });
      return `SIGKILL of the ingress, ${String(Date.now() - down)} ms down, the simulator retrying, started again on its port`;
    },
  });
});

test('the ingress down past its alert and past Exchange retries: subscriptions re-created, nothing lost', async () => {
  await runFaultScenario({
    name: 'ingress down',
    onpremRooms: 20,
    // Nothing is scraped from the ingress while it is down. The changes of those seconds reach the
    // read model after it (freshness), and the rooms fall silent past three heartbeats or not,
    // depending on when their last push came before the kill.
    alerts: ['RoomsWebhookIngressDown'],
    mayAlsoFire: ['RoomsFreshnessP99OverTarget', 'RoomsMailboxSilent'],
    // StatusFrequency 1 min × 0.05: a failed push is retried after 1.5 s and 3 s, then given up.
    options: { managerEnv: { StatusFrequencyMinutes: '1', HeartbeatGraceSeconds: '2' } },
    inject: async ({ system }) => {
      await system.services.get('webhook-ingress')?.kill();
      const down = Date.now();
      await sleep(12_000);
      await system.spawnAgain('webhook-ingress', { samePorts: true });
      return `SIGKILL of the ingress, ${String(Date.now() - down)} ms down, started again on its port`;
    },
    verify: ({ system, onprem }) => assertOneLiveSubscriptionPerRoom(system, onprem, 'ingress down'),
  });
});
