// The public callback Exchange pushes to. A push is acknowledged (200 with the
// SOAP SendNotificationResult) only after its NotificationReceived event was
// recorded; every other outcome is a non-2xx, so Exchange retries it.
import Koa from 'koa';
import Router from '@koa/router';
import { parseSendNotification, SEND_NOTIFICATION_REPLY_CONTENT_TYPE, sendNotificationReply } from '@rooms-sync/ews';
import type { EwsNotificationReceived } from '@rooms-sync/events';
import { withTimeout } from '@rooms-sync/lifecycle';
import type { Logger } from '@rooms-sync/lifecycle';
import { REFUSALS, WebhookRefusal } from './refusals.ts';
import { assertContentType, readWebhookBody } from './readWebhookBody.ts';
import type { SubscriptionDirectory } from './createSubscriptionDirectory.ts';
import type { WebhookMetrics, Outcome } from './createWebhookMetrics.ts';
import { resolveClientAddress, type AddressMatcher } from './resolveClientAddress.ts';
import type { RateLimiter } from './createRateLimiter.ts';
import type { RecordedNotification } from './RecordedNotification.ts';
import { GRAPH_LIFECYCLE_PATH, GRAPH_WEBHOOK_PATH, graphNotificationRoute } from './graphNotificationRoute.ts';

export const WEBHOOK_PATH = '/api/webhooks/exchange';
export const LEGACY_WEBHOOK_PATH = '/WebServices/SyncNotification.svc';

/** The metrics' route label of each callback path. */
const ROUTES: Readonly<Record<string, string>> = {
  [WEBHOOK_PATH]: 'default',
  [LEGACY_WEBHOOK_PATH]: 'legacy',
  [GRAPH_WEBHOOK_PATH]: 'graph',
  [GRAPH_LIFECYCLE_PATH]: 'graph_lifecycle',
};

export interface WebhookAppOptions {
  /** Resolves once the event is durably on the broker (acks=all). */
  record(notification: RecordedNotification): Promise<void>;
  directory: SubscriptionDirectory;
  metrics: WebhookMetrics;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  maxBodyBytes?: number;
  recordTimeoutMs?: number;
  legacyPath?: boolean;
  allowlist?: AddressMatcher | undefined;
  trustedProxies?: AddressMatcher | undefined;
  rateLimiter?: RateLimiter | undefined;
  now?: () => Date;
  /** The active trace context (libs/observability `activeTraceContext`); none when tracing is off. */
  currentTrace?: () => { traceparent: string; tracestate?: string } | undefined;
}

export function createWebhookApp(options: WebhookAppOptions): Koa {
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const recordTimeoutMs = options.recordTimeoutMs ?? 5_000;
  const now = options.now ?? (() => new Date());
  const { metrics, logger, directory } = options;
  const app = new Koa();
  // Koa's own error log would duplicate ours; the refusal middleware is the one place that maps errors.
  app.silent = true;
  const router = new Router();

  app.use(async function refusals(ctx, next) {
    const route = ROUTES[ctx.path] ?? 'other';
    const timer = metrics.requestDuration.startTimer({ route });
    let outcome: Outcome = 'refused';
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new WebhookRefusal('not_found');
      outcome = (ctx.state as { outcome?: Outcome }).outcome ?? 'ok';
    } catch (error) {
      const refusal = error instanceof WebhookRefusal ? error : new WebhookRefusal('unavailable', { cause: error });
      outcome = refusal.reason === 'unavailable' ? 'unavailable' : 'refused';
      metrics.refusals.inc({ reason: refusal.reason });
      const log = refusal.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
      log(
        {
          reason: refusal.reason,
          status: refusal.status,
          method: ctx.method,
          path: ctx.path,
          peer: ctx.req.socket.remoteAddress,
          err: refusal.cause,
        },
        'webhook request refused',
      );
      ctx.status = refusal.status;
      ctx.set(refusal.headers);
      ctx.type = 'text/plain';
      ctx.body = `${REFUSALS[refusal.reason].message}\n`;
    } finally {
      if (route !== 'other') metrics.requests.inc({ route, outcome });
      timer();
    }
  });

  app.use(async function sourceGuard(ctx, next) {
    if (options.allowlist || options.rateLimiter) {
      const forwarded = ctx.get('X-Forwarded-For') || undefined;
      const source = resolveClientAddress(ctx.req.socket.remoteAddress ?? '', forwarded, options.trustedProxies);
      if (options.allowlist && !options.allowlist.matches(source)) throw new WebhookRefusal('source_not_allowed');
      if (options.rateLimiter && !options.rateLimiter.take(source)) {
        throw new WebhookRefusal('rate_limited', { headers: { 'Retry-After': '1' } });
      }
    }
    await next();
  });

  router.get('/healthz', function healthz(ctx) {
    ctx.type = 'text/plain';
    ctx.body = 'ok\n';
  });

  const paths = options.legacyPath === false ? [WEBHOOK_PATH] : [WEBHOOK_PATH, LEGACY_WEBHOOK_PATH];
  router.post(paths, async function sendNotification(ctx) {
    assertContentType(ctx.get('Content-Type') || undefined, 'xml');
    const body = await readWebhookBody(ctx.req, maxBodyBytes);
    const parsed = parseSendNotification(body);
    if (!parsed.ok) throw new WebhookRefusal(parsed.error.reason, { cause: new Error(parsed.error.message) });

    const legacy = ctx.path === LEGACY_WEBHOOK_PATH;
    const subscriptionId = parsed.messages.find((m) => m.subscriptionId)?.subscriptionId;
    const known = subscriptionId === undefined ? undefined : directory.lookup(subscriptionId);
    const tenant = (legacy && ctx.querystring ? decodeURIComponent(ctx.querystring) : undefined) ?? known?.tenant;
    const data: EwsNotificationReceived = {
      endpoint: legacy ? 'legacy' : 'default',
      receivedAt: now().toISOString(),
      messages: parsed.messages,
      ...(subscriptionId === undefined ? {} : { subscriptionId }),
      ...(known ? { mailbox: known.mailbox } : {}),
      ...(tenant === undefined ? {} : { tenant }),
    };
    try {
      await withTimeout(
        options.record({ key: known?.mailbox ?? subscriptionId ?? 'unknown', data, trace: options.currentTrace?.() }),
        recordTimeoutMs,
      );
    } catch (error) {
      throw new WebhookRefusal('unavailable', { cause: error });
    }

    for (const message of parsed.messages) {
      metrics.notifications.inc({ response_class: message.responseClass });
      if (message.responseClass !== 'Error')
        for (const event of message.events) metrics.events.inc({ kind: event.kind });
    }
    const ended = known !== undefined && known.state !== 'live';
    (ctx.state as { outcome?: Outcome }).outcome = ended ? 'unsubscribe' : 'ok';
    ctx.type = SEND_NOTIFICATION_REPLY_CONTENT_TYPE;
    ctx.body = sendNotificationReply(ended ? 'Unsubscribe' : 'OK');
  });

  const graph = { ...options, maxBodyBytes, recordTimeoutMs, now };
  router.post(GRAPH_WEBHOOK_PATH, graphNotificationRoute(graph, 'graph'));
  router.post(GRAPH_LIFECYCLE_PATH, graphNotificationRoute(graph, 'graph-lifecycle'));

  router.all([...paths, GRAPH_WEBHOOK_PATH, GRAPH_LIFECYCLE_PATH], function methodNotAllowed() {
    throw new WebhookRefusal('method_not_allowed', { headers: { Allow: 'POST' } });
  });

  app.use(router.routes());
  return app;
}
