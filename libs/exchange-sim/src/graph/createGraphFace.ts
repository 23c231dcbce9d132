// The Graph face over the shared mailbox store: app registrations and tokens, subscriptions and
// their notifications, delta state, throttling, and the Koa app that serves them.
import type { Logger } from '@rooms-sync/lifecycle';
import type { Clock } from '../clock.ts';
import type { MailboxStore } from '../mailboxStore.ts';
import { createAccessTokens } from './accessTokens.ts';
import type { GraphAppInput } from './appRegistry.ts';
import { createAppRegistry } from './appRegistry.ts';
import { createCalendarDelta } from './calendarDelta.ts';
import { createGraphApp } from './createGraphApp.ts';
import type { RetrySchedule } from './DeliveryQueue.ts';
import { createGraphSubscriptions } from './graphSubscriptions.ts';
import type { PostJson } from './postJson.ts';
import { postJson } from './postJson.ts';
import { createThrottle } from './throttle.ts';

export interface GraphFaceOptions {
  /** App registrations that may get tokens (more can be added through the admin API). */
  apps?: readonly GraphAppInput[];
  /** Access token lifetime (Entra: 60–90 minutes). */
  tokenLifetimeMs?: number;
  /** Accept http:// notification URLs (local development; Graph itself requires https). */
  allowHttpNotificationUrls?: boolean;
  validationTimeoutMs?: number;
  notificationTimeoutMs?: number;
  /** Graph retries a notification for about 4 hours; tests compress this schedule. */
  retry?: Partial<RetrySchedule>;
  coalesceMs?: number;
  maxNotificationsPerPost?: number;
  maxSubscriptionsPerMailbox?: number;
  maxExpirationMinutes?: number;
  maxConcurrentPerMailbox?: number;
  maxRequestsPerWindow?: number;
  requestWindowMs?: number;
  deltaPageSize?: number;
  post?: PostJson;
}

export const GRAPH_RETRY: RetrySchedule = {
  initialMs: 60_000,
  factor: 2,
  maxMs: 3_600_000,
  jitter: 0.2,
  budgetMs: 4 * 3_600_000,
};

export type GraphFace = ReturnType<typeof createGraphFace>;

export function createGraphFace(
  deps: { store: MailboxStore; clock: Clock; logger: Logger; timeScale: number },
  options: GraphFaceOptions = {},
) {
  const { store, clock, logger } = deps;
  const apps = createAppRegistry();
  for (const a of options.apps ?? []) apps.register(a);
  const tokens = createAccessTokens({ clock, lifetimeMs: options.tokenLifetimeMs ?? 3_599_000 });
  const limits = {
    maxExpirationMinutes: options.maxExpirationMinutes ?? 10_080,
    minExpirationMinutes: 45,
    allowHttp: options.allowHttpNotificationUrls ?? false,
  };
  const schedule = { ...GRAPH_RETRY, ...options.retry };
  const scaled: RetrySchedule = {
    ...schedule,
    initialMs: schedule.initialMs * deps.timeScale,
    maxMs: schedule.maxMs * deps.timeScale,
    budgetMs: schedule.budgetMs * deps.timeScale,
  };
  const subscriptions = createGraphSubscriptions({
    store,
    clock,
    logger,
    post: options.post ?? postJson,
    limits,
    maxPerMailbox: options.maxSubscriptionsPerMailbox ?? 1000,
    validationTimeoutMs: options.validationTimeoutMs ?? 10_000,
    notificationTimeoutMs: options.notificationTimeoutMs ?? 3_000,
    coalesceMs: options.coalesceMs ?? 100,
    maxBatch: options.maxNotificationsPerPost ?? 50,
    schedule: scaled,
  });
  const delta = createCalendarDelta();
  const throttle = createThrottle({
    clock,
    maxConcurrent: options.maxConcurrentPerMailbox ?? 4,
    maxRequests: options.maxRequestsPerWindow ?? 10_000,
    windowMs: options.requestWindowMs ?? 600_000,
  });
  const app = createGraphApp({
    store,
    clock,
    logger,
    apps,
    tokens,
    subscriptions,
    delta,
    throttle,
    limits,
    defaultPageSize: options.deltaPageSize ?? 10,
  });
  return {
    app,
    apps,
    subscriptions,
    delta,
    throttle,
    close: () => {
      subscriptions.close();
    },
  };
}
