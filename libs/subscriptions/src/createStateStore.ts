// Holds the folded state. The leader applies its own events right after producing them and
// sees them again a moment later on the topic; those echoes are skipped by id so nothing
// (e.g. a failure's attempt count) is counted twice.
//
// Beside that live state it keeps `folded`: the fold of exactly the records read from the topics,
// in the order read, with the offset of the last one per partition. That is what a snapshot
// holds (docs/architecture.md §6): the live state also has events applied before their record
// was read and local facts that are never published, so it matches no offset. A standby applies
// nothing of its own and both are the same object; the leader folds what it reads twice. Both
// forget the ids that ended longer than the topics' retention ago (`forget`, forgetEnded.ts): a
// fresh read of the topics would not find them either.
import type { RoomsEvent } from '@rooms-sync/events';
import { partitionKey } from '@rooms-sync/kafka';
import type { StateSnapshot } from './encodeSnapshot.ts';
import { evolve } from './evolve.ts';
import type { AttemptFailed } from './evolve.ts';
import { forgetEnded } from './forgetEnded.ts';
import { emptyState } from './ManagerState.ts';
import type { ManagerState } from './ManagerState.ts';

/** Where a consumed record sits on its topic. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

export interface StateStore {
  readonly state: ManagerState;
  /** Events read from the topics (possibly echoes of ones applied locally). */
  applyConsumed(event: RoomsEvent, position: RecordPosition): void;
  /** Events this process just produced (acknowledged by Kafka). */
  applyProduced(events: readonly RoomsEvent[]): void;
  applyLocal(fact: AttemptFailed): void;
  /** Both states forget the ids that ended before `now - horizonMs` (the topics' retention). */
  forget(now: number, horizonMs: number): void;
  /** The fold of the records read so far and the offset of the last one per partition. */
  folded(): Pick<StateSnapshot, 'state' | 'offsets'>;
}

/** Echoes normally arrive within seconds; past this many the oldest ids are forgotten. */
const ECHO_LIMIT = 10_000;

/** `from`: a snapshot to continue from (its offsets are the ones already folded). */
export function createStateStore(
  initial: ManagerState = emptyState,
  from: ReadonlyMap<string, bigint> = new Map(),
): StateStore {
  let state = initial;
  let folded = initial;
  const offsets = new Map(from);
  const produced = new Set<string>();
  return {
    get state() {
      return state;
    },
    applyConsumed(event, position) {
      const diverged = state !== folded;
      folded = evolve(folded, event);
      offsets.set(partitionKey(position.topic, position.partition), BigInt(position.offset));
      if (produced.delete(event.id)) return;
      state = diverged ? evolve(state, event) : folded;
    },
    applyProduced(events) {
      for (const event of events) {
        produced.add(event.id);
        state = evolve(state, event);
      }
      while (produced.size > ECHO_LIMIT) {
        const oldest = produced.values().next();
        if (oldest.done === true) break;
        produced.delete(oldest.value);
      }
    },
    applyLocal(fact) {
      state = evolve(state, fact);
    },
    forget(now, horizonMs) {
      // One call when they are the same object, so they stay one (applyConsumed folds once then).
      const same = state === folded;
      folded = forgetEnded(folded, now, horizonMs);
      state = same ? folded : forgetEnded(state, now, horizonMs);
    },
    folded: () => ({ state: folded, offsets: new Map(offsets) }),
  };
}
