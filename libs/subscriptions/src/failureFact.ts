// What a failed subscribe attempt becomes: always a new back-off, and a SubscriptionFailed
// event unless it repeats a permanent error already reported (no event storm for a room
// whose mailbox does not exist; the event comes again when the error changes).
import { backoffDelay } from '@rooms-sync/lifecycle';
import type { EwsError } from '@rooms-sync/ews-client';
import type { AttemptFailed } from './evolve.ts';
import type { RoomState } from './ManagerState.ts';

export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly factor: number;
  readonly jitter: number;
  /** Fixed wait between attempts for permanent errors (someone has to fix the mailbox or the rights). */
  readonly permanentRetryMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  maxMs: 5 * 60_000,
  factor: 2,
  jitter: 0.2,
  permanentRetryMs: 15 * 60_000,
};

export type FailureOutcome = { readonly publish: boolean; readonly fact: AttemptFailed };

/** What a failure must say: an EwsError as is, or a Graph failure in the kinds SubscriptionFailed records. */
export type FailureInput = Pick<EwsError, 'code' | 'message' | 'kind' | 'backOffMs'>;

export function failureFact(options: {
  room: RoomState | undefined;
  mailbox: string;
  error: FailureInput;
  /** Failed attempts before this one. */
  attempts: number;
  now: number;
  /** A draw in [0, 1) for the jitter. */
  draw: number;
  policy: BackoffPolicy;
}): FailureOutcome {
  const { error, policy } = options;
  const delay = delayFor(error, options.attempts, options.draw, policy);
  const retriable = error.kind !== 'permanent' && error.kind !== 'unauthorized';
  const subscriptionId = options.room?.current?.subscriptionId;
  const fact: AttemptFailed = {
    type: 'local.AttemptFailed',
    data: {
      mailbox: options.mailbox,
      ...(subscriptionId === undefined ? {} : { subscriptionId }),
      errorCode: error.code,
      errorMessage: error.message,
      retriable,
      nextAttemptAt: new Date(options.now + delay).toISOString(),
      kind: error.kind,
    },
  };
  const last = options.room?.failure;
  const repeated =
    !retriable && last !== undefined && last.errorCode === error.code && last.errorMessage === error.message;
  return { publish: !repeated, fact };
}

function delayFor(error: FailureInput, attempts: number, draw: number, policy: BackoffPolicy): number {
  switch (error.kind) {
    case 'permanent':
    case 'unauthorized':
      return policy.permanentRetryMs;
    case 'invalid_watermark':
      // Not a failure of Exchange: the next attempt (fresh, with a resync) may run at once.
      return 0;
    case 'throttled':
      return Math.max(error.backOffMs ?? 0, backoffDelay(attempts, policy, draw));
    case 'transient':
    case 'invalid_sync_state':
      return backoffDelay(attempts, policy, draw);
  }
}
