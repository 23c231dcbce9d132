// Forgets what the topics let go (docs/architecture.md §6). Every room gets a new subscription at
// least every SubscriptionMaxAgeHours, so the ended ids, their owners and Graph connections grew
// without end in the heap and the snapshot. Once an id's end is older than the topics' retention,
// Kafka may delete its SubscriptionCreated (older still): a manager folding the topics afresh need
// not know the id either, so the kept fold and a fresh one agree again.
import type { ManagerState } from './ManagerState.ts';

/**
 * `ended` is in fold order, which is the order of the ending facts' times up to clock skew
 * between leaders: it is popped from the front while the front is older than `now - horizonMs`,
 * so a call reads no further than the first id it keeps. An id that is a room's current
 * subscription or one of its orphans keeps its owner and connection (evolve never lets an ended
 * id be either).
 */
export function forgetEnded(state: ManagerState, now: number, horizonMs: number): ManagerState {
  const before = now - horizonMs;
  const ids: string[] = [];
  for (const [id, endedAt] of state.ended) {
    // Not `endedAt < before`: an end without a usable time (NaN) must not hold the rest back.
    if (endedAt >= before) break;
    ids.push(id);
  }
  if (ids.length === 0) return state;
  const dropped = ids.filter((id) => !live(state, id));
  const graph = state.graphSubscriptions;
  return {
    ...state,
    ended: state.ended.deleteAll(ids),
    owners: state.owners.deleteAll(dropped),
    ...(graph === undefined ? {} : { graphSubscriptions: graph.deleteAll(dropped) }),
  };
}

function live(state: ManagerState, id: string): boolean {
  const mailbox = state.owners.get(id);
  const room = mailbox === undefined ? undefined : state.rooms.get(mailbox);
  return room !== undefined && (room.current?.subscriptionId === id || room.orphans.includes(id));
}
