// Fault scenario 7: Kafka (a private broker of this scenario) down for longer than Exchange's
// retry budget: the ingress refuses pushes, the simulator gives the subscriptions up, services
// whose consumers die exit. When the broker is back, what exited starts again (an orchestrator's
// job, done here by the test) and the manager re-creates the subscriptions from their watermarks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createPrivateKafka } from '@rooms-sync/testing';
import type { PrivateKafka } from '@rooms-sync/testing';
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
    // The ingress stays up and answers 503 to every push while it cannot record them (callback
    // errors; when it exited instead, as it did until its consumer retried for ever, the alert
    // missed the refusals in one run of four). The rest depends on how long the broker takes to stop and start (18 to 23 s measured): the
    // rooms silent past three heartbeats, the backlog drained late (freshness, lag), and records
    // from the run's first seconds dead-lettered after the outage as of an unknown subscription
    // (seen in two runs of three; not understood yet).
    alerts: ['RoomsCallbackErrorRatioHigh'],
    mayAlsoFire: [
      'RoomsMailboxSilent',
      'RoomsConsumerLagGrowing',
      'RoomsFreshnessP99OverTarget',
      'RoomsDeadLetterQueueNotEmpty',
    ],
    // StatusFrequency 1 min × 0.05: a failed push is retried after 1.5 s and 3 s, then given up.
    options: {
      kafkaBrokers: broker.brokers,
      managerEnv: { StatusFrequencyMinutes: '1', HeartbeatGraceSeconds: '2' },
    },
    inject: async ({ system }) => {
      await broker.stop();
      const down = Date.now();
      await sleep(12_000);
      await broker.start();
      const outage = Date.now() - down;
      const restarted: string[] = [];
      for (const name of NAMES)
        if (system.services.get(name)?.process.exitCode !== null) {
          await system.spawnAgain(name, { samePorts: true });
          restarted.push(name);
        }
      return `the broker stopped for ${String(outage)} ms; restarted after it: ${restarted.join(', ') || 'none'}`;
    },
    verify: async ({ system, onprem }) => {
      const subs = (await system.simAdmin('GET', '/admin/subscriptions')) as { state: string; mailbox: string }[];
      const dead = subs.filter((s) => s.state !== 'active' && s.state !== 'unsubscribed');
      const states = new Map<string, number>();
      for (const s of subs) states.set(s.state, (states.get(s.state) ?? 0) + 1);
      console.log(
        `[faults] Kafka outage: the simulator's subscriptions by state ${JSON.stringify(Object.fromEntries(states))}`,
      );
      assert.ok(dead.length > 0, 'the outage outlasted the retry budget');
      assert.equal(new Set(subs.filter((s) => s.state === 'active').map((s) => s.mailbox)).size, onprem.length);
    },
  });
});
