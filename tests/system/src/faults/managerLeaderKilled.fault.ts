// Fault scenario 4: two managers of one ManagerName; the leader dies (SIGKILL) and the standby,
// which has folded the topics all along, takes the advisory lock and acts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '@rooms-sync/testing';
import type { SpawnedService } from '@rooms-sync/testing';
import { runFaultScenario } from './runFaultScenario.ts';

const LEADING = 'caught up with the topics; acting as leader';
const leads = (s: SpawnedService) => s.logs.some((l) => l.msg === LEADING);

test('the manager leader killed; the standby takes over', async () => {
  let standby: SpawnedService | undefined;
  await runFaultScenario({
    name: 'manager leader killed',
    onpremRooms: 20,
    // The killed leader is no longer scraped and the standby reports 0 until it takes the lock.
    alerts: ['RoomsSubscriptionManagerNoLeader'],
    inject: async ({ system }) => {
      const leader = system.services.get('subscription-manager');
      assert.ok(leader && leads(leader), 'the first manager leads');
      standby = await system.spawnAgain('subscription-manager', { samePorts: false });
      await leader.kill();
      const killed = Date.now();
      await waitFor('the standby acting as leader', () => (standby ? leads(standby) : false), 30_000);
      return `a standby manager started, the leader SIGKILLed; the standby led ${String(Date.now() - killed)} ms later`;
    },
    verify: async ({ system }) => {
      const subs = (await system.simAdmin('GET', '/admin/subscriptions')) as { state: string; mailbox: string }[];
      assert.equal(new Set(subs.filter((s) => s.state === 'active').map((s) => s.mailbox)).size, 20);
    },
  });
});
