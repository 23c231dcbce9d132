// Builds the whole simulator (store, push sender, EWS endpoint, admin API) as a Koa app;
// binding a port is the service's job.
import { buildSendNotification } from '@rooms-sync/ews';
import { BodyTooLargeError } from '@rooms-sync/http';
import type { Logger } from '@rooms-sync/lifecycle';
import Koa from 'koa';
import { createAdminRouter } from './adminRoutes.ts';
import type { AuthConfig } from './auth.ts';
import type { Clock } from './clock.ts';
import { systemClock } from './clock.ts';
import { createEwsHandler } from './ewsEndpoint.ts';
import { createFaults } from './faults.ts';
import type { GraphFaceOptions } from './graph/createGraphFace.ts';
import { createGraphFace } from './graph/createGraphFace.ts';
import { applyGraphFault, createGraphAdminRouter } from './graph/graphAdmin.ts';
import { silentLogger } from './logger.ts';
import { createMailboxStore } from './mailboxStore.ts';
import type { MailboxKind } from './model.ts';
import type { PostNotification } from './postNotification.ts';
import { postNotification } from './postNotification.ts';
import { createPushService } from './pushService.ts';
import { SimError } from './SimError.ts';

export interface SimulatorOptions {
  auth?: AuthConfig;
  clock?: Clock;
  /** Multiplies StatusFrequency and the retry schedule (0.01: one minute becomes 0.6 s). */
  timeScale?: number;
  logger?: Logger;
  /** Mailboxes created at start (demo rooms); `kind` defaults to onprem. */
  mailboxes?: readonly { address: string; displayName?: string; kind?: MailboxKind }[];
  /** The Graph face (app registrations, limits, retry schedule); its app is `graphApp`. */
  graph?: GraphFaceOptions;
  maxEventsPerPush?: number;
  maxSubscriptionsPerMailbox?: number;
  coalesceMs?: number;
  deliveryTimeoutMs?: number;
  /** Delay before every EWS answer (0: none). */
  ewsLatencyMs?: number;
  eventRetentionMs?: number;
  post?: PostNotification;
}

export const DEMO_ROOMS = [
  { address: 'room-101@contoso.example', displayName: 'Room 101' },
  { address: 'room-102@contoso.example', displayName: 'Room 102' },
] as const;

export type Simulator = ReturnType<typeof createSimulator>;

export function createSimulator(options: SimulatorOptions = {}) {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const auth: AuthConfig = options.auth ?? { mode: 'none', users: new Map(), tokens: [] };
  const store = createMailboxStore({
    clock,
    ...(options.eventRetentionMs === undefined ? {} : { eventRetentionMs: options.eventRetentionMs }),
  });
  const faults = createFaults();
  const push = createPushService({
    store,
    clock,
    timeScale: options.timeScale ?? 1,
    post: options.post ?? postNotification,
    build: (messages) => buildSendNotification(messages),
    faults,
    logger,
    maxEventsPerPush: options.maxEventsPerPush ?? 50,
    maxSubscriptionsPerMailbox: options.maxSubscriptionsPerMailbox ?? 20,
    coalesceMs: options.coalesceMs ?? 100,
    deliveryTimeoutMs: options.deliveryTimeoutMs ?? 15_000,
  });
  for (const mb of options.mailboxes ?? []) store.createMailbox(mb);
  const graph = createGraphFace({ store, clock, logger, timeScale: options.timeScale ?? 1 }, options.graph);

  const app = new Koa();
  app.use(async function errorMapper(ctx, next) {
    try {
      await next();
    } catch (err) {
      if (err instanceof SimError || err instanceof BodyTooLargeError) {
        ctx.status = err.status;
        ctx.body = { error: err instanceof SimError ? err.code : 'TooLarge', message: err.message };
        return;
      }
      ctx.status = 500;
      ctx.body = { error: 'Internal', message: 'internal error' };
      ctx.app.emit('error', err, ctx);
    }
  });
  app.on('error', (err: unknown) => {
    logger.error({ err }, 'request failed');
  });
  const ewsCalls = new Map<string, number>();
  const ews = createEwsHandler({
    store,
    push,
    faults,
    clock,
    auth,
    logger,
    latencyMs: options.ewsLatencyMs ?? 0,
    calls: ewsCalls,
  });
  app.use(async function ewsRoute(ctx, next) {
    if (ctx.path.toLowerCase() === '/ews/exchange.asmx') {
      if (ctx.method !== 'POST') {
        ctx.status = 405;
        ctx.set('Allow', 'POST');
        return;
      }
      await ews(ctx);
      return;
    }
    if (ctx.path === '/healthz' && ctx.method === 'GET') {
      ctx.body = {
        status: 'ok',
        mailboxes: store.list().length,
        subscriptions: push.list().filter((s) => !s.ended).length,
      };
      return;
    }
    await next();
  });
  const admin = createAdminRouter({ store, push, faults, ewsCalls, otherFault: (o) => applyGraphFault(graph, o) });
  app.use(admin.routes()).use(admin.allowedMethods());
  const graphAdmin = createGraphAdminRouter(graph);
  app.use(graphAdmin.routes()).use(graphAdmin.allowedMethods());

  return {
    /** EWS, the admin API and /healthz (plain HTTP). */
    app,
    /** The Graph face and its token endpoint (to be served over HTTPS). */
    graphApp: graph.app,
    graph,
    store,
    push,
    faults,
    close(): void {
      push.close();
      graph.close();
    },
  };
}
