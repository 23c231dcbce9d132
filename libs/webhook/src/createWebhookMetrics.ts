// The ingress's RED metrics and what it recorded, as the chart's alerts and
// dashboard expect them (names shared with charts/rooms-sync).
import { Counter, Histogram, type Registry } from 'prom-client';

export type Outcome = 'ok' | 'unsubscribe' | 'validated' | 'refused' | 'unavailable';

export interface WebhookMetrics {
  requests: Counter<'route' | 'outcome'>;
  requestDuration: Histogram<'route'>;
  produceDuration: Histogram<'result'>;
  batchSize: Histogram;
  notifications: Counter<'response_class'>;
  events: Counter<'kind'>;
  refusals: Counter<'reason'>;
  graphNotifications: Counter<'kind' | 'outcome'>;
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  const registers = [registry];
  return {
    requests: new Counter({
      name: 'rooms_ingress_requests_total',
      help: 'Webhook requests by route and outcome (ok, unsubscribe, validated, refused, unavailable)',
      labelNames: ['route', 'outcome'],
      registers,
    }),
    requestDuration: new Histogram({
      name: 'rooms_ingress_request_duration_seconds',
      help: 'Webhook request latency, from first byte to reply',
      labelNames: ['route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    produceDuration: new Histogram({
      name: 'rooms_ingress_produce_duration_seconds',
      help: 'Time for one produce call (a batch of notifications) to be acknowledged by the broker',
      labelNames: ['result'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    batchSize: new Histogram({
      name: 'rooms_ingress_batch_size',
      help: 'Notifications per produce call',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    }),
    notifications: new Counter({
      name: 'rooms_ingress_notifications_total',
      help: 'SendNotification response messages recorded, by response class',
      labelNames: ['response_class'],
      registers,
    }),
    events: new Counter({
      name: 'rooms_ingress_events_total',
      help: 'Notification events recorded, by kind (Status is the heartbeat)',
      labelNames: ['kind'],
      registers,
    }),
    refusals: new Counter({
      name: 'rooms_ingress_refusals_total',
      help: 'Requests refused before recording, by reason',
      labelNames: ['reason'],
      registers,
    }),
    graphNotifications: new Counter({
      name: 'rooms_ingress_graph_notifications_total',
      help: 'Graph notifications by kind (change, lifecycle) and outcome (recorded, or why not)',
      labelNames: ['kind', 'outcome'],
      registers,
    }),
  };
}
