// A failed Exchange call of either path, recorded: SubscriptionFailed when it says something new,
// else only folded locally (a permanent error already reported moves the back-off, nothing more).
import { createEvent, EventTypes } from '@rooms-sync/events';
import type { RoomsEvent } from '@rooms-sync/events';
import type { AttemptFailed } from './evolve.ts';
import { failureFact } from './failureFact.ts';
import type { BackoffPolicy, FailureInput } from './failureFact.ts';
import type { RoomState } from './ManagerState.ts';

/** What running a command needs besides its Exchange client: the record and the clock. */
export interface CommandDeps {
  /** Produces the events (one request, in order) and then applies them to the state. */
  readonly publish: (events: readonly RoomsEvent[]) => Promise<void>;
  /** Folds a fact that is never published (a repeated permanent failure). */
  readonly applyLocal: (fact: AttemptFailed) => void;
  readonly room: (mailbox: string) => RoomState | undefined;
  readonly now: () => number;
  readonly random: () => number;
}

export async function recordFailure(
  deps: CommandDeps,
  failure: { mailbox: string; error: FailureInput; attempts: number; backoff: BackoffPolicy },
  opts: { source: string; subject: string; time: Date },
): Promise<void> {
  const outcome = failureFact({
    room: deps.room(failure.mailbox),
    mailbox: failure.mailbox,
    error: failure.error,
    attempts: failure.attempts,
    now: deps.now(),
    draw: deps.random(),
    policy: failure.backoff,
  });
  if (outcome.publish) {
    await deps.publish([createEvent(EventTypes.SubscriptionFailedV1, outcome.fact.data, opts)]);
  } else {
    deps.applyLocal(outcome.fact);
  }
}
