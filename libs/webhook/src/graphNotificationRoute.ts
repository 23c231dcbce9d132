// Microsoft Graph's two callbacks. A POST with ?validationToken is Graph checking, before it
// creates a subscription, that the URL is ours: echo the token as text/plain, record nothing.
// Any other POST carries notifications: the accepted ones are recorded (one event per mailbox)
// before the 202, so a 202 always means recorded; a broker failure answers 503 and Graph retries.
import type { Middleware } from 'koa';
import { withTimeout } from '@rooms-sync/lifecycle';
import type { Logger } from '@rooms-sync/lifecycle';
import { acceptGraphNotifications } from './acceptGraphNotifications.ts';
import type { GraphEndpoint } from './acceptGraphNotifications.ts';
import type { SubscriptionDirectory } from './createSubscriptionDirectory.ts';
import type { Outcome, WebhookMetrics } from './createWebhookMetrics.ts';
import type { RecordedNotification } from './RecordedNotification.ts';
import { parseGraphNotifications } from './parseGraphNotifications.ts';
import { assertContentType, readWebhookBody } from './readWebhookBody.ts';
import { WebhookRefusal } from './refusals.ts';

export const GRAPH_WEBHOOK_PATH = '/api/webhooks/graph';
export const GRAPH_LIFECYCLE_PATH = '/api/webhooks/graph/lifecycle';
/** Graph's tokens are short; a long one is not Graph, and echoing it would make us a reflector. */
const MAX_VALIDATION_TOKEN_LENGTH = 1024;

export interface GraphRouteOptions {
  record(notification: RecordedNotification): Promise<void>;
  directory: SubscriptionDirectory;
  metrics: WebhookMetrics;
  logger: Pick<Logger, 'warn'>;
  maxBodyBytes: number;
  recordTimeoutMs: number;
  now: () => Date;
  currentTrace?: (() => RecordedNotification['trace']) | undefined;
}

export function graphNotificationRoute(options: GraphRouteOptions, endpoint: GraphEndpoint): Middleware {
  const kind = endpoint === 'graph' ? 'change' : 'lifecycle';
  return async function graphNotifications(ctx) {
    const token: unknown = ctx.query['validationToken'];
    if (token !== undefined) {
      if (typeof token !== 'string' || token.length > MAX_VALIDATION_TOKEN_LENGTH) {
        throw new WebhookRefusal('bad_validation_token');
      }
      (ctx.state as { outcome?: Outcome }).outcome = 'validated';
      ctx.set('X-Content-Type-Options', 'nosniff');
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = token;
      return;
    }
    assertContentType(ctx.get('Content-Type') || undefined, 'json');
    const parsed = parseGraphNotifications(await readWebhookBody(ctx.req, options.maxBodyBytes));
    if (!parsed.ok) throw new WebhookRefusal(parsed.reason, { cause: new Error(parsed.message) });

    const decision = acceptGraphNotifications(
      parsed.items,
      (id) => options.directory.lookup(id),
      endpoint,
      options.now().toISOString(),
    );
    for (const { subscriptionId, reason } of decision.rejected) {
      options.metrics.graphNotifications.inc({ kind, outcome: reason });
      options.logger.warn({ subscriptionId, reason, endpoint }, 'graph notification not recorded');
    }
    const trace = options.currentTrace?.();
    try {
      await withTimeout(
        Promise.all(decision.batches.map((data) => options.record({ key: data.mailbox, data, trace }))),
        options.recordTimeoutMs,
      );
    } catch (error) {
      throw new WebhookRefusal('unavailable', { cause: error });
    }
    for (const batch of decision.batches) {
      options.metrics.graphNotifications.inc(
        { kind, outcome: 'recorded' },
        batch.changes.length + batch.lifecycle.length,
      );
    }
    // An empty body: Koa would turn a null one into 204.
    ctx.body = '';
    ctx.status = 202;
  };
}
