// The reachability check of a bulk add: each mailbox read once through its connection, a few at a
// time (Exchange throttles a client that asks for hundreds at once), every refusal kept with the
// reason the operator reads. One probe per connection, so a token is asked for once.
import { forEachConcurrently } from '@rooms-sync/lifecycle';
import type { Refusal } from '@rooms-sync/subscriptions';
import type { CommandConnection } from './commandConnections.ts';
import { connectionVerdict } from './connectionVerdict.ts';
import { clientIdOf } from './describeConnection.ts';
import { createProbe } from './probeConnection.ts';

export interface MailboxToCheck {
  readonly address: string;
  readonly connection: string;
}

export async function checkMailboxes(
  mailboxes: readonly MailboxToCheck[],
  connections: ReadonlyMap<string, CommandConnection>,
  concurrency: number,
): Promise<Refusal[]> {
  const probes = new Map<string, ReturnType<typeof createProbe>>();
  const refusals: { index: number; refusal: Refusal }[] = [];
  await forEachConcurrently(mailboxes, concurrency, async ({ address, connection: name }, index) => {
    const connection = connections.get(name);
    if (connection === undefined) {
      refusals.push({ index, refusal: { address, connection: name, reason: 'no such connection' } });
      return;
    }
    let probe = probes.get(name);
    if (probe === undefined) {
      probe = createProbe(connection);
      probes.set(name, probe);
    }
    const result = await probe(address);
    if (result.ok) return;
    const { reason } = connectionVerdict(result.failure, { mailbox: address, clientId: clientIdOf(connection) });
    refusals.push({ index, refusal: { address, connection: name, reason } });
  });
  // In the order given, whichever answered first.
  return refusals.sort((a, b) => a.index - b.index).map((r) => r.refusal);
}
