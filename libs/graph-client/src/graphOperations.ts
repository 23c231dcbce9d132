// The Graph requests rooms-sync makes, each one call through the gate, answers mapped to our
// types. Subscription lifetimes adapt: Graph's maximum for events has changed over the years
// (4,230 minutes in older documentation, 10,080 in today's), so a 400 for too long an expiry
// lowers the lifetime we ask for, for this and every later request.
import type { Logger } from '@rooms-sync/lifecycle';
import type { GraphCall } from './GraphCall.ts';
import type { DeltaPage, GraphClient, GraphResult, GraphSubscription } from './GraphClient.ts';
import type { PlaceOperations } from './placeOperations.ts';
import { toGraphEvent } from './toGraphEvent.ts';

export interface GraphOperationsOptions {
  maxExpiryMinutes: number;
  deltaPageSize: number;
  logger: Pick<Logger, 'warn'>;
  now: () => number;
}

/** The lifetime Graph granted in older documentation; the fallback when its refusal names none. */
const OLDER_MAX_EXPIRY_MINUTES = 4_230;
/** Our clock may run ahead of Graph's: ask for a little less than the maximum. */
const CLOCK_MARGIN_MINUTES = 2;
const UTC = 'outlook.timezone="UTC"';

export function graphOperations(
  call: GraphCall,
  options: GraphOperationsOptions,
): Omit<GraphClient, keyof PlaceOperations> {
  let maxExpiryMinutes = options.maxExpiryMinutes;
  const expiry = (minutes: number) =>
    new Date(options.now() + Math.min(minutes, maxExpiryMinutes - CLOCK_MARGIN_MINUTES) * 60_000).toISOString();

  /** Runs a create or renew; after an expiry_too_long refusal, once more with the lower maximum. */
  async function withLifetime<T>(ask: () => Promise<GraphResult<T>>): Promise<GraphResult<T>> {
    const first = await ask();
    if (first.ok || first.error.kind !== 'expiry_too_long') return first;
    const named = /(\d+)\s*minutes?/i.exec(first.error.message)?.[1];
    const lowered = named === undefined ? OLDER_MAX_EXPIRY_MINUTES : Number(named);
    if (lowered >= maxExpiryMinutes) return first;
    options.logger.warn(
      { from: maxExpiryMinutes, to: lowered, operation: first.error.operation },
      'Graph refused the subscription lifetime; asking for less from now on',
    );
    maxExpiryMinutes = lowered;
    return ask();
  }

  return {
    createSubscription: (request) =>
      withLifetime(() =>
        call('CreateSubscription', request.mailbox, async (client, signal) =>
          toSubscription(
            await client
              .api('/subscriptions')
              .option('signal', signal)
              .post({
                changeType: 'created,updated,deleted',
                resource: `users/${request.mailbox}/events`,
                notificationUrl: request.notificationUrl,
                lifecycleNotificationUrl: request.lifecycleNotificationUrl,
                clientState: request.clientState,
                expirationDateTime: expiry(request.expiresInMinutes),
              }),
          ),
        ),
      ),

    renewSubscription: (mailbox, id, minutes) =>
      withLifetime(() =>
        call('RenewSubscription', mailbox, async (client, signal) =>
          toSubscription(
            await client
              .api(`/subscriptions/${encodeURIComponent(id)}`)
              .option('signal', signal)
              .patch({ expirationDateTime: expiry(minutes) }),
          ),
        ),
      ),

    async deleteSubscription(mailbox, id) {
      const result = await call('DeleteSubscription', mailbox, async (client, signal) => {
        await client
          .api(`/subscriptions/${encodeURIComponent(id)}`)
          .option('signal', signal)
          .delete();
      });
      // Already gone is what we wanted.
      return !result.ok && result.error.kind === 'not_found' ? { ok: true, value: undefined } : result;
    },

    reauthorizeSubscription: (mailbox, id) =>
      call('ReauthorizeSubscription', mailbox, async (client, signal) => {
        await client
          .api(`/subscriptions/${encodeURIComponent(id)}/reauthorize`)
          .option('signal', signal)
          .post({});
      }),

    getSubscription: (mailbox, id) =>
      call('GetSubscription', mailbox, async (client, signal) =>
        toSubscription(
          await client
            .api(`/subscriptions/${encodeURIComponent(id)}`)
            .option('signal', signal)
            .get(),
        ),
      ),

    calendarDelta: (mailbox, from) =>
      call('CalendarDelta', mailbox, async (client, signal) => {
        const request =
          'link' in from
            ? client.api(from.link)
            : client
                .api(`/users/${encodeURIComponent(mailbox)}/calendarView/delta`)
                .query({ startDateTime: from.window.start, endDateTime: from.window.end });
        const page: unknown = await request
          .header('Prefer', `odata.maxpagesize=${options.deltaPageSize}, ${UTC}`)
          .option('signal', signal)
          .get();
        return toDeltaPage(page);
      }),

    async getEvent(mailbox, id) {
      const result = await call('GetEvent', mailbox, async (client, signal) =>
        toGraphEvent(
          await client
            .api(`/users/${encodeURIComponent(mailbox)}/events/${encodeURIComponent(id)}`)
            .header('Prefer', UTC)
            .option('signal', signal)
            .get(),
        ),
      );
      return !result.ok && result.error.kind === 'not_found' ? { ok: true, value: undefined } : result;
    },
  };
}

function toSubscription(raw: unknown): GraphSubscription {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const [id, resource, expirationDateTime] = [o['id'], o['resource'], o['expirationDateTime']];
  if (typeof id !== 'string' || typeof expirationDateTime !== 'string') {
    throw new Error('Graph answered a subscription request without id or expirationDateTime');
  }
  return { id, resource: typeof resource === 'string' ? resource : '', expirationDateTime };
}

function toDeltaPage(raw: unknown): DeltaPage {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const page: DeltaPage = { events: [], removedIds: [] };
  for (const item of Array.isArray(o['value']) ? (o['value'] as unknown[]) : []) {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    if ('@removed' in entry) {
      if (typeof entry['id'] === 'string') page.removedIds.push(entry['id']);
      continue;
    }
    const event = toGraphEvent(entry);
    if (event) page.events.push(event);
  }
  const next = o['@odata.nextLink'];
  const delta = o['@odata.deltaLink'];
  if (typeof next === 'string') page.nextLink = next;
  if (typeof delta === 'string') page.deltaLink = delta;
  return page;
}
