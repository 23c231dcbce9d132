// The simulator's subscriptions after a fault that outlasted Exchange's retry budget: some died
// (the fault really happened), and each room has exactly one live subscription again. Each one the
// manager superseded was ended (the ingress answers its next push with Unsubscribe), none is left
// running beside its replacement.
import assert from 'node:assert/strict';
import type { HybridSystem } from '../startHybridSystem.ts';

export async function assertOneLiveSubscriptionPerRoom(
  system: Pick<HybridSystem, 'simAdmin'>,
  rooms: readonly string[],
  scenario: string,
): Promise<void> {
  const subs = (await system.simAdmin('GET', '/admin/subscriptions')) as { state: string; mailbox: string }[];
  const states = new Map<string, number>();
  for (const s of subs) states.set(s.state, (states.get(s.state) ?? 0) + 1);
  console.log(
    `[faults] ${scenario}: the simulator's subscriptions by state ${JSON.stringify(Object.fromEntries(states))}`,
  );
  assert.ok(
    subs.some((s) => s.state !== 'active' && s.state !== 'unsubscribed'),
    'the fault outlasted the retry budget',
  );
  const active = subs.filter((s) => s.state === 'active').map((s) => s.mailbox);
  assert.deepEqual([...active].sort(), [...rooms].sort());
}
