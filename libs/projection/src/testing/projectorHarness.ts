// Drives createProjector like the consumer would, with encoded events and offsets, against a
// FakeCalendar and a real database; `truth` and `liveRows` compare the two sides.
import { createEvent, encodeEvent } from '@rooms-sync/events';
import type { Knex } from '@rooms-sync/db';
import { Registry } from 'prom-client';
import { createProjector } from '../createProjector.ts';
import type { Batch, BatchMessage, Projector, ProjectorOptions } from '../createProjector.ts';
import type { DeadLetterRecord } from '../dlqMessage.ts';
import { occurrenceKey } from '../evolve.ts';
import { createProjectorMetrics } from '../projectorMetrics.ts';
import type { FakeCalendar } from './FakeCalendar.ts';

export const silentLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: (o: object) => {
    if (process.env.DEBUG_PROJECTOR) console.error(o);
  },
};

export function harness(db: Knex, calendar: FakeCalendar, extra: Partial<ProjectorOptions> = {}) {
  const dead: DeadLetterRecord[] = [];
  const registry = new Registry();
  const projector: Projector = createProjector({
    db,
    sources: { ews: (connection) => (connection === 'default' ? calendar : undefined), graph: () => undefined },
    group: 'test-group',
    logger: silentLogger,
    metrics: createProjectorMetrics(registry),
    horizonDays: 60,
    pastDays: 30,
    dlq: {
      send: (_topic, m) => {
        dead.push(...m);
        return Promise.resolve();
      },
    },
    exchangeRetry: { retries: 3, initialMs: 1, maxMs: 5 },
    now: () => new Date(calendar.now),
    ...extra,
  });
  let offset = 0;
  const log: BatchMessage[] = [];
  return {
    projector,
    dead,
    registry,
    log,
    /** Appends messages to the "partition" and returns them. */
    append(...values: (Buffer | null)[]): BatchMessage[] {
      const out = values.map((value) => ({ offset: String(offset++), key: null, value, headers: {} }));
      log.push(...out);
      return out;
    },
    run(messages: readonly BatchMessage[], topic = 'notifications'): Promise<unknown> {
      const batch: Batch = { topic, partition: 0, messages };
      return projector.handleBatch(batch, { heartbeat: () => Promise.resolve() });
    },
  };
}

export function notification(
  mailbox: string | undefined,
  opts: {
    subscriptionId?: string;
    itemId?: string;
    kind?: 'Created' | 'Modified' | 'Deleted' | 'Status';
    timestamp?: string;
    /** The push's PreviousWatermark; absent proves nothing, so the push syncs. */
    previousWatermark?: string;
    watermark?: string;
  } = {},
): Buffer {
  const event = createEvent(
    'rooms.exchange.NotificationReceived.v1',
    {
      subscriptionId: opts.subscriptionId ?? 'SUB-1',
      ...(mailbox === undefined ? {} : { mailbox }),
      endpoint: 'default',
      receivedAt: new Date().toISOString(),
      messages: [
        {
          responseClass: 'Success',
          subscriptionId: opts.subscriptionId ?? 'SUB-1',
          ...(opts.previousWatermark === undefined ? {} : { previousWatermark: opts.previousWatermark }),
          moreEvents: false,
          events: [
            {
              kind: opts.kind ?? 'Modified',
              watermark: opts.watermark ?? `WM-${Date.now()}`,
              timestamp: opts.timestamp ?? new Date().toISOString(),
              ...(opts.itemId ? { itemId: { id: opts.itemId } } : {}),
            },
          ],
        },
      ],
    },
    { source: 'test', subject: mailbox ?? opts.subscriptionId ?? 'SUB-1' },
  );
  return encodeEvent(event).value;
}

export function subscriptionCreated(mailbox: string, subscriptionId = 'SUB-1'): Buffer {
  return encodeEvent(
    createEvent(
      'rooms.exchange.SubscriptionCreated.v1',
      {
        subscriptionId,
        mailbox,
        folder: 'calendar',
        callbackUrl: 'https://rooms.example/api/webhooks/exchange',
        callbackRule: 'default',
        statusFrequencyMinutes: 1,
      },
      { source: 'test', subject: mailbox },
    ),
  ).value;
}

export function resyncRequested(mailbox: string, scope?: 'full' | 'changes'): Buffer {
  return encodeEvent(
    createEvent(
      'rooms.exchange.ResyncRequested.v1',
      { mailbox, reason: 'ErrorInvalidWatermark', ...(scope === undefined ? {} : { scope }) },
      { source: 'test', subject: mailbox },
    ),
  ).value;
}

/** A Graph subscription of `connection` (absent = default) was created for the room. */
export function graphSubscriptionCreated(mailbox: string, connection?: string, subscriptionId = 'GSUB-1'): Buffer {
  return encodeEvent(
    createEvent(
      'rooms.exchange.SubscriptionCreated.v1',
      {
        subscriptionId,
        mailbox,
        folder: 'calendar',
        callbackUrl: 'https://rooms.example/api/webhooks/graph',
        callbackRule: 'default',
        statusFrequencyMinutes: 1,
        source: 'graph',
        ...(connection === undefined ? {} : { connection }),
      },
      { source: 'test', subject: mailbox },
    ),
  ).value;
}

/** A Graph notification POST for the room: one change, or (`lifecycle`) one lifecycle notice. */
export function graphNotification(
  mailbox: string,
  opts: {
    connection?: string;
    eventId?: string;
    lifecycle?: 'missed' | 'subscriptionRemoved' | 'reauthorizationRequired';
  } = {},
): Buffer {
  const subscriptionId = 'GSUB-1';
  return encodeEvent(
    createEvent(
      'rooms.exchange.NotificationReceived.v1',
      {
        source: 'graph',
        subscriptionId,
        mailbox,
        ...(opts.connection === undefined ? {} : { connection: opts.connection }),
        endpoint: opts.lifecycle === undefined ? 'graph' : 'graph-lifecycle',
        receivedAt: new Date().toISOString(),
        changes:
          opts.lifecycle === undefined
            ? [
                {
                  subscriptionId,
                  changeType: 'updated',
                  resource: `Users/${mailbox}/Events/${opts.eventId ?? 'unknown'}`,
                  ...(opts.eventId === undefined ? {} : { eventId: opts.eventId }),
                },
              ]
            : [],
        lifecycle: opts.lifecycle === undefined ? [] : [{ subscriptionId, lifecycleEvent: opts.lifecycle }],
      },
      { source: 'test', subject: mailbox },
    ),
  ).value;
}

export interface Comparable {
  key: string;
  subject: string | null;
  start: string;
  end: string;
  status: string;
}

export function truth(calendar: FakeCalendar, room: string): Comparable[] {
  return calendar
    .expand(room)
    .map((i) => ({
      key: i.recurringMasterId === undefined ? i.id : occurrenceKey(i.recurringMasterId, i.originalStart ?? i.start),
      subject: i.subject,
      start: new Date(i.start).toISOString(),
      end: new Date(i.end).toISOString(),
      status: i.isCancelled ? 'cancelled' : 'confirmed',
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

export async function liveRows(db: Knex, room: string): Promise<Comparable[]> {
  const rows = await db<{
    room_mailbox: string;
    deleted_at: Date | null;
    reservation_key: string;
    subject: string | null;
    start_utc: Date;
    end_utc: Date;
    status: string;
  }>('reservations')
    .where({ room_mailbox: room })
    .whereNull('deleted_at')
    .orderBy('reservation_key')
    .select('reservation_key', 'subject', 'start_utc', 'end_utc', 'status');
  return rows
    .map((r) => ({
      key: r.reservation_key,
      subject: r.subject,
      start: r.start_utc.toISOString(),
      end: r.end_utc.toISOString(),
      status: r.status,
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}
