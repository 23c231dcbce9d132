// Fault scenario 4: the manager leader dies (SIGKILL) and no manager runs for a while, as when a
// replacement pod waits for a node; then one starts on the same ports (the same scrape target),
// restores the snapshot, folds what came after, takes the advisory lock and acts. A standby that
// takes the lock within a second is the healthy case and pages no one: that gap is shorter than
// the alert's `for:`, so whether it fired would be a race; here the gap is long enough to page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { waitFor } from '@rooms-sync/testing';
import type { SpawnedService } from '@rooms-sync/testing';
import { runFaultScenario, sleep } from './runFaultScenario.ts';

const LEADING = 'caught up with the topics; acting as leader';
const leads = (s: SpawnedService) => s.logs.some((l) => l.msg === LEADING);
/** Longer than NoLeader's `for:` (alert-values.yaml) plus a scrape and an evaluation. */
const WITHOUT_MANAGER_MS = 6_000;

test('the manager leader killed; a replacement takes over after a while without a leader', async () => {
  await runFaultScenario({
    name: 'manager leader killed',
    onpremRooms: 20,
    // The killed leader is no longer scraped: no leader at all (absent), until the replacement leads.
    alerts: ['RoomsSubscriptionManagerNoLeader'],
    inject: async ({ system }) => {
      const leader = system.services.get('subscription-manager');
      assert.ok(leader && leads(leader), 'the first manager leads');
      await leader.kill();
      const killed = Date.now();
      await sleep(WITHOUT_MANAGER_MS);
      const replacement = await system.spawnAgain('subscription-manager', { samePorts: true });
      await waitFor('the replacement acting as leader', () => leads(replacement), 30_000);
      return `the leader SIGKILLed, no manager for ${String(WITHOUT_MANAGER_MS)} ms, then a replacement; it led ${String(Date.now() - killed)} ms after the kill`;
    },
    verify: async ({ system }) => {
      const subs = (await system.simAdmin('GET', '/admin/subscriptions')) as { state: string; mailbox: string }[];
      assert.equal(new Set(subs.filter((s) => s.state === 'active').map((s) => s.mailbox)).size, 20);
    },
  });
});
