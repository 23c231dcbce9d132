// Runs one command from decideGraph: the Graph call and the lifecycle events that record it,
// handed to `publish` as executeCommand does. A subscription Graph no longer has (not_found on
// renew, reauthorize or check) is created again at once, the old one Superseded by it. The
// clientState is made here, sent to Graph and forgotten: only its hash is recorded.
import { randomBytes } from 'node:crypto';
import { clientStateHash, createEvent, EventTypes } from '@rooms-sync/events';
import type { CallbackRule, EwsErrorKind, GraphErrorKind, RoomsEvent } from '@rooms-sync/events';
import type { GraphFailure } from '@rooms-sync/graph-client';
import { DEFAULT_CONNECTION } from '@rooms-sync/config';
import type { GraphCommand } from './decideGraph.ts';
import { REAUTHORIZED } from './evolve.ts';
import { recordFailure } from './recordFailure.ts';
import type { CommandDeps } from './recordFailure.ts';
import type { BackoffPolicy, FailureInput } from './failureFact.ts';
import type { GraphSubscriber } from './GraphSubscriber.ts';

export interface GraphExecuteConfig {
  readonly source: string;
  readonly owner: string;
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string;
  readonly callbackRule: CallbackRule;
  /** Required by SubscriptionCreated's schema; Graph has no heartbeat, so it is only recorded. */
  readonly statusFrequencyMinutes: number;
  /** The lifetime asked of Graph (real minutes: Graph's clock is not scaled). */
  readonly subscriptionMinutes: number;
  readonly folder: string;
  readonly backoff: BackoffPolicy;
}

export interface GraphExecuteDeps extends CommandDeps {
  /** The Graph of the command's connection. */
  readonly graph: GraphSubscriber;
  /** A fresh clientState; default 32 random bytes, base64url. */
  readonly clientState?: (() => string) | undefined;
  /** Every Graph call with its outcome (`ok` or the error kind), for the metrics. */
  readonly onCall?: (operation: string, outcome: string) => void;
  readonly config: GraphExecuteConfig;
}

export type GraphExecuteOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'created'; readonly subscriptionId: string; readonly replaced: string | undefined }
  | {
      readonly kind: 'failed';
      readonly operation: string;
      readonly errorKind: GraphErrorKind;
      readonly code: string;
      readonly retryAfterMs: number | undefined;
    };

type Create = Extract<GraphCommand, { kind: 'graphCreate' }>;

export async function executeGraphCommand(command: GraphCommand, deps: GraphExecuteDeps): Promise<GraphExecuteOutcome> {
  const opts = { source: deps.config.source, subject: command.mailbox, time: new Date(deps.now()) };
  const counted = async <T extends { ok: boolean; error?: GraphFailure }>(operation: string, call: Promise<T>) => {
    const result = await call;
    deps.onCall?.(operation, result.ok ? 'ok' : (result.error?.kind ?? 'error'));
    return result;
  };
  const renewed = async (subscriptionId: string, reason: string, expiresAt: string | undefined) => {
    const data = {
      subscriptionId,
      mailbox: command.mailbox,
      reason,
      ...(expiresAt === undefined ? {} : { expiresAt: iso(expiresAt) }),
    };
    await deps.publish([createEvent(EventTypes.SubscriptionRenewedV1, data, opts)]);
    return { kind: 'done' } as const;
  };
  const again = (subscriptionId: string) =>
    create({
      kind: 'graphCreate',
      mailbox: command.mailbox,
      connection: command.connection,
      attempts: command.attempts,
      tenant: undefined,
      reason: 'not-found',
      replaces: subscriptionId,
      deleteReplaced: false,
    });

  async function create(c: Create): Promise<GraphExecuteOutcome> {
    const clientState = (deps.clientState ?? freshClientState)();
    const result = await counted(
      'CreateSubscription',
      deps.graph.createSubscription({
        mailbox: c.mailbox,
        notificationUrl: deps.config.notificationUrl,
        lifecycleNotificationUrl: deps.config.lifecycleNotificationUrl,
        clientState,
        expiresInMinutes: deps.config.subscriptionMinutes,
      }),
    );
    if (!result.ok) return fail(c, result.error, deps, opts);
    const { id, expirationDateTime } = result.value;
    if (c.replaces !== undefined && c.deleteReplaced) {
      // Best effort: should it fail, the old one lapses at Graph and the ingress drops its notifications.
      await counted('DeleteSubscription', deps.graph.deleteSubscription(c.mailbox, c.replaces));
    }
    const tenant = c.tenant ?? deps.room(c.mailbox)?.tenant;
    const created = {
      owner: deps.config.owner,
      subscriptionId: id,
      mailbox: c.mailbox,
      ...(tenant === undefined ? {} : { tenant }),
      folder: deps.config.folder,
      callbackUrl: deps.config.notificationUrl,
      callbackRule: deps.config.callbackRule,
      statusFrequencyMinutes: deps.config.statusFrequencyMinutes,
      source: 'graph' as const,
      clientStateHash: clientStateHash(clientState),
      ...(c.connection === DEFAULT_CONNECTION ? {} : { connection: c.connection }),
      expiresAt: iso(expirationDateTime),
    };
    const events: RoomsEvent[] = [createEvent(EventTypes.SubscriptionCreatedV1, created, opts)];
    if (c.replaces !== undefined) {
      const superseded = { mailbox: c.mailbox, oldSubscriptionId: c.replaces, newSubscriptionId: id, reason: c.reason };
      events.push(createEvent(EventTypes.SubscriptionSupersededV1, superseded, opts));
    }
    await deps.publish(events);
    return { kind: 'created', subscriptionId: id, replaced: c.replaces };
  }

  switch (command.kind) {
    case 'graphCreate':
      return create(command);
    case 'graphRenew': {
      const { mailbox, subscriptionId } = command;
      const r = await counted(
        'RenewSubscription',
        deps.graph.renewSubscription(mailbox, subscriptionId, deps.config.subscriptionMinutes),
      );
      if (r.ok) return renewed(subscriptionId, 'renewed', r.value.expirationDateTime);
      return r.error.kind === 'not_found' ? again(subscriptionId) : fail(command, r.error, deps, opts);
    }
    case 'graphReauthorize': {
      const { mailbox, subscriptionId } = command;
      const r = await counted('ReauthorizeSubscription', deps.graph.reauthorizeSubscription(mailbox, subscriptionId));
      if (r.ok) return renewed(subscriptionId, REAUTHORIZED, undefined);
      return r.error.kind === 'not_found' ? again(subscriptionId) : fail(command, r.error, deps, opts);
    }
    case 'graphCheck': {
      const { mailbox, subscriptionId } = command;
      const r = await counted('GetSubscription', deps.graph.getSubscription(mailbox, subscriptionId));
      if (r.ok) return renewed(subscriptionId, 'checked', r.value.expirationDateTime);
      return r.error.kind === 'not_found' ? again(subscriptionId) : fail(command, r.error, deps, opts);
    }
    case 'graphDelete': {
      const { mailbox, subscriptionId, replacedBy, reason } = command;
      const r = await counted('DeleteSubscription', deps.graph.deleteSubscription(mailbox, subscriptionId));
      if (!r.ok) return fail(command, r.error, deps, opts);
      const event =
        replacedBy === undefined
          ? createEvent(EventTypes.SubscriptionRemovedV1, { mailbox, subscriptionId, reason }, opts)
          : createEvent(
              EventTypes.SubscriptionSupersededV1,
              { mailbox, oldSubscriptionId: subscriptionId, newSubscriptionId: replacedBy, reason },
              opts,
            );
      await deps.publish([event]);
      return { kind: 'done' };
    }
  }
}

async function fail(
  command: GraphCommand,
  error: GraphFailure,
  deps: GraphExecuteDeps,
  opts: { source: string; subject: string; time: Date },
): Promise<GraphExecuteOutcome> {
  await recordFailure(
    deps,
    { mailbox: command.mailbox, error: asFailure(error), attempts: command.attempts, backoff: deps.config.backoff },
    opts,
  );
  return {
    kind: 'failed',
    operation: error.operation,
    errorKind: error.kind,
    code: error.code,
    retryAfterMs: error.retryAfterMs,
  };
}

/**
 * A Graph failure in the kinds SubscriptionFailed records (its schema knows EWS's): not_found
 * here can only be a mailbox Graph does not know, and a too long expiry was already asked again
 * shorter; both need someone to act, like a permanent error.
 */
export function asFailure(error: GraphFailure): FailureInput {
  const kinds: Record<GraphErrorKind, EwsErrorKind> = {
    throttled: 'throttled',
    transient: 'transient',
    invalid_sync_state: 'transient',
    permanent: 'permanent',
    unauthorized: 'unauthorized',
    not_found: 'permanent',
    expiry_too_long: 'permanent',
  };
  return {
    code: error.code,
    message: `Graph ${error.operation} failed${error.status === undefined ? '' : ` (HTTP ${error.status})`}: ${error.message}`,
    kind: kinds[error.kind],
    ...(error.retryAfterMs === undefined ? {} : { backOffMs: error.retryAfterMs }),
  };
}

function freshClientState(): string {
  return randomBytes(32).toString('base64url');
}

/** Graph writes up to seven fractional digits; the events carry plain ISO 8601. */
function iso(value: string): string {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
