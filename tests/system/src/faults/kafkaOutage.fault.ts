// Fault scenario 7: Kafka (a private broker of this scenario) down for longer than Exchange's
// retry budget: the ingress refuses pushes, the simulator gives the subscriptions up, and every
// service stays up, its readers starting again until the broker answers. When it is back, the
// manager re-creates the subscriptions from their watermarks and the superseded ones are ended.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPrivateKafka } from '@rooms-sync/testing';
import type { PrivateKafka } from '@rooms-sync/testing';
import { assertOneLiveSubscriptionPerRoom } from './liveSubscriptions.ts';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

let broker: PrivateKafka;

before(async () => {
  broker = await createPrivateKafka();
  await broker.start();
});

after(async () => {
  await broker.destroy();
});

const NAMES = ['webhook-ingress', 'subscription-manager', 'sync-projector'] as const;

test('Kafka down longer than the retry budget: subscriptions die and are re-created from their watermarks', async () => {
  await runFaultScenario({
    name: 'Kafka outage',
    onpremRooms: 20,
    // The ingress answers 503 to every push while it cannot record them (callback errors). The
    // rest depends on how long the broker takes to stop and start (15 to 23 s measured): the rooms
    // silent past three heartbeats, and the backlog drained late (freshness, lag).
    alerts: ['RoomsCallbackErrorRatioHigh'],
    mayAlsoFire: ['RoomsMailboxSilent', 'RoomsConsumerLagGrowing', 'RoomsFreshnessP99OverTarget'],
    // StatusFrequency 1 min × 0.05: a failed push is retried after 1.5 s and 3 s, then given up.
    options: {
      kafkaBrokers: broker.brokers,
      managerEnv: { StatusFrequencyMinutes: '1', HeartbeatGraceSeconds: '2' },
    },
    inject: async () => {
      await broker.stop();
      const down = Date.now();
      await sleep(12_000);
      await broker.start();
      const outage = Date.now() - down;
      return `the broker stopped for ${String(outage)} ms`;
    },
    verify: async ({ system, onprem }) => {
      for (const name of NAMES)
        assert.equal(system.services.get(name)?.process.exitCode, null, `${name} stayed up through the outage`);
      await assertOneLiveSubscriptionPerRoom(system, onprem, 'Kafka outage');
    },
  });
});
