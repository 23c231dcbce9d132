// Runs one command from decide: the EWS call (if any) and the lifecycle events that record
// it. Events are handed to `publish`, which produces them and only then folds them into the
// state; so the state never runs ahead of Kafka.
import { createEvent, EventTypes } from '@rooms-sync/events';
import type { CallbackRule, EwsErrorKind, RoomsEvent } from '@rooms-sync/events';
import type { Command } from './decide.ts';
import type { EwsSubscriber } from './EwsSubscriber.ts';
import { recordFailure } from './recordFailure.ts';
import type { CommandDeps } from './recordFailure.ts';
import type { BackoffPolicy } from './failureFact.ts';

export interface ExecuteConfig {
  readonly source: string;
  /** Recorded on SubscriptionCreated (`owner`) so deployments sharing the topics never end each other's subscriptions. */
  readonly owner: string;
  readonly callbackUrl: string;
  readonly callbackRule: CallbackRule;
  readonly statusFrequencyMinutes: number;
  readonly folder: string;
  readonly backoff: BackoffPolicy;
}

export interface ExecuteDeps extends CommandDeps {
  readonly ews: EwsSubscriber;
  readonly config: ExecuteConfig;
}

export type ExecuteOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'subscribed'; readonly subscriptionId: string }
  | { readonly kind: 'failed'; readonly errorKind: EwsErrorKind; readonly backOffMs: number | undefined };

export async function executeCommand(command: Command, deps: ExecuteDeps): Promise<ExecuteOutcome> {
  const { config } = deps;
  const at = new Date(deps.now());
  const opts = (subject: string) => ({ source: config.source, subject, time: at });
  switch (command.kind) {
    case 'reportHeartbeatMissed':
      await deps.publish([
        createEvent(
          EventTypes.SubscriptionHeartbeatMissedV1,
          {
            subscriptionId: command.subscriptionId,
            mailbox: command.mailbox,
            ...(command.lastContactAt === undefined
              ? {}
              : { lastContactAt: new Date(command.lastContactAt).toISOString() }),
            deadline: new Date(command.deadline).toISOString(),
            // Lets a manager that reads only a lookback window of the notifications resume this
            // room from here (evolve `missed`).
            ...(command.lastWatermark === undefined ? {} : { lastWatermark: command.lastWatermark }),
          },
          opts(command.mailbox),
        ),
      ]);
      return { kind: 'done' };
    case 'supersede':
      await deps.publish([
        createEvent(
          EventTypes.SubscriptionSupersededV1,
          {
            mailbox: command.mailbox,
            oldSubscriptionId: command.oldSubscriptionId,
            newSubscriptionId: command.newSubscriptionId,
            reason: command.reason,
          },
          opts(command.mailbox),
        ),
      ]);
      return { kind: 'done' };
    case 'remove':
      await deps.publish([
        createEvent(
          EventTypes.SubscriptionRemovedV1,
          { mailbox: command.mailbox, subscriptionId: command.subscriptionId, reason: command.reason },
          opts(command.mailbox),
        ),
      ]);
      return { kind: 'done' };
    case 'reconcile':
      await deps.publish([
        createEvent(
          EventTypes.ResyncRequestedV1,
          { mailbox: command.mailbox, reason: 'reconcile', scope: 'changes' },
          opts(command.mailbox),
        ),
      ]);
      return { kind: 'done' };
    case 'subscribe':
      return subscribe(command, deps, opts(command.mailbox));
  }
}

async function subscribe(
  command: Extract<Command, { kind: 'subscribe' }>,
  deps: ExecuteDeps,
  opts: { source: string; subject: string; time: Date },
): Promise<ExecuteOutcome> {
  const { config } = deps;
  const result = await deps.ews.subscribePush({
    mailbox: command.mailbox,
    callbackUrl: config.callbackUrl,
    statusFrequencyMinutes: config.statusFrequencyMinutes,
    ...(command.watermark === undefined ? {} : { watermark: command.watermark }),
  });
  if (!result.ok) {
    const { error } = result;
    await recordFailure(
      deps,
      { mailbox: command.mailbox, error, attempts: command.attempts, backoff: config.backoff },
      opts,
    );
    return { kind: 'failed', errorKind: error.kind, backOffMs: error.backOffMs };
  }
  const { subscriptionId } = result.value;
  const watermark = command.watermark ?? result.value.watermark;
  const created = {
    owner: config.owner,
    subscriptionId,
    mailbox: command.mailbox,
    ...(command.tenant === undefined ? {} : { tenant: command.tenant }),
    folder: config.folder,
    callbackUrl: config.callbackUrl,
    callbackRule: config.callbackRule,
    statusFrequencyMinutes: config.statusFrequencyMinutes,
    ...(watermark === undefined ? {} : { watermark }),
    // Whose EWS holds it: a manager that later finds the room on another connection replaces it.
    ...(command.connection === undefined ? {} : { connection: command.connection }),
  };
  const events: RoomsEvent[] = [createEvent(EventTypes.SubscriptionCreatedV1, created, opts)];
  if (command.replaces !== undefined) {
    events.push(
      createEvent(
        EventTypes.SubscriptionSupersededV1,
        {
          mailbox: command.mailbox,
          oldSubscriptionId: command.replaces,
          newSubscriptionId: subscriptionId,
          reason: command.reason,
        },
        opts,
      ),
    );
  }
  if (command.resync !== undefined) {
    events.push(createEvent(EventTypes.ResyncRequestedV1, { mailbox: command.mailbox, reason: command.resync }, opts));
  }
  await deps.publish(events);
  return { kind: 'subscribed', subscriptionId };
}
