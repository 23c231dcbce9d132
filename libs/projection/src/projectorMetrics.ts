// The projector's metric names are fixed: the Helm chart's dashboards and alerts use them.
import { Counter, Gauge, Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

export interface ProjectorMetrics {
  eventsApplied: Counter<'kind'>;
  applyDuration: Histogram;
  freshness: Histogram<'source'>;
  consumerLag: Gauge<'topic' | 'partition'>;
  consumerRunning: Gauge;
  dlqMessages: Counter;
  rowsChanged: Counter<'op'>;
  exchangeCalls: Counter<'source' | 'operation' | 'reason' | 'outcome'>;
  syncsSkipped: Counter;
  unroutable: Counter;
}

export function createProjectorMetrics(registry: Registry): ProjectorMetrics {
  return {
    eventsApplied: new Counter({
      name: 'rooms_projector_events_applied_total',
      help: 'Events whose effect was committed, by kind',
      labelNames: ['kind'],
      registers: [registry],
    }),
    applyDuration: new Histogram({
      name: 'rooms_projector_apply_duration_seconds',
      help: 'One partition batch: Exchange reads plus the PostgreSQL transaction',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    freshness: new Histogram({
      name: 'rooms_projector_freshness_seconds',
      help: 'Exchange change time (item LastModified or the notification time) to row committed, by source (ews|graph)',
      labelNames: ['source'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60, 120, 300],
      registers: [registry],
    }),
    consumerLag: new Gauge({
      name: 'rooms_projector_consumer_lag',
      help: 'Messages behind the partition high watermark',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    consumerRunning: new Gauge({
      name: 'rooms_projector_consumer_running',
      help: '1 while the Kafka consumer runs; 0 while it waits for Kafka (reads are served, the model is not updated)',
      registers: [registry],
    }),
    dlqMessages: new Counter({
      name: 'rooms_projector_dlq_messages_total',
      help: 'Events sent to the dead-letter topic',
      registers: [registry],
    }),
    rowsChanged: new Counter({
      name: 'rooms_projector_rows_changed_total',
      help: 'Reservation rows written, by operation',
      labelNames: ['op'],
      registers: [registry],
    }),
    exchangeCalls: new Counter({
      name: 'rooms_projector_exchange_calls_total',
      help: 'Requests to Exchange (EWS or Graph), retries included, by operation, why the room was synced (change, gap, reconcile, resync) and outcome (ok or the error kind)',
      labelNames: ['source', 'operation', 'reason', 'outcome'],
      registers: [registry],
    }),
    syncsSkipped: new Counter({
      name: 'rooms_projector_syncs_skipped_total',
      help: 'Rooms whose pushes chained on from the stored watermark with only StatusEvents: no Exchange call',
      registers: [registry],
    }),
    unroutable: new Counter({
      name: 'rooms_projector_notifications_unroutable_total',
      help: 'Pushes of a subscription id no SubscriptionCreated maps to a room yet: passed over, as that event catches the room up when it comes',
      registers: [registry],
    }),
  };
}

/** `rooms.exchange.NotificationReceived.v1` → `NotificationReceived`. */
export function eventKind(type: string): string {
  return /^rooms\.exchange\.([^.]+)\.v\d+$/.exec(type)?.[1] ?? 'unknown';
}
