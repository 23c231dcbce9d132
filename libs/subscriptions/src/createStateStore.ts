// Holds the folded state. The leader applies its own events right after producing them and
// sees them again a moment later on the topic; those echoes are skipped by id so nothing
// (e.g. a failure's attempt count) is counted twice.
import type { RoomsEvent } from '@rooms-sync/events';
import { evolve } from './evolve.ts';
import type { AttemptFailed } from './evolve.ts';
import { emptyState } from './ManagerState.ts';
import type { ManagerState } from './ManagerState.ts';

export interface StateStore {
  readonly state: ManagerState;
  /** Events read from the topics (possibly echoes of ones applied locally). */
  applyConsumed(event: RoomsEvent): void;
  /** Events this process just produced (acknowledged by Kafka). */
  applyProduced(events: readonly RoomsEvent[]): void;
  applyLocal(fact: AttemptFailed): void;
}

/** Echoes normally arrive within seconds; past this many the oldest ids are forgotten. */
const ECHO_LIMIT = 10_000;

export function createStateStore(initial: ManagerState = emptyState): StateStore {
  let state = initial;
  const produced = new Set<string>();
  return {
    get state() {
      return state;
    },
    applyConsumed(event) {
      if (produced.delete(event.id)) return;
      state = evolve(state, event);
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
  };
}
