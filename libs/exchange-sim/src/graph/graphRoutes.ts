// Graph v1.0 as the simulator serves it: subscriptions, one event, calendarView/delta and the
// user object. Every mailbox call is admitted by the throttle first (per app and mailbox).
import { Router } from '@koa/router';
import { readBody } from '@rooms-sync/http';
import type { Context } from 'koa';
import type { Clock } from '../clock.ts';
import { decodeOccurrenceId } from '../ids.ts';
import type { MailboxStore } from '../mailboxStore.ts';
import type { Mailbox } from '../model.ts';
import { isSeriesStart, occurrenceAt } from '../recurrence.ts';
import type { CalendarDelta, DeltaEntry } from './calendarDelta.ts';
import type { EventView } from './eventView.ts';
import { itemView, occurrenceView } from './eventView.ts';
import { graphEventJson } from './graphEventJson.ts';
import { GraphError } from './GraphError.ts';
import type { Caller, GraphSubscriptions } from './graphSubscriptions.ts';
import { subscriptionJson } from './subscriptionJson.ts';
import { findUser, resolveMailbox, userJson } from './graphUsers.ts';
import { toEwsId } from './restIds.ts';
import type { SubscriptionLimits } from './subscriptionRequest.ts';
import { parseCreateRequest, parseUpdateRequest } from './subscriptionRequest.ts';
import type { Throttle } from './throttle.ts';
import { ianaZone, preferredZone } from './timeZones.ts';

export interface GraphRouteDeps {
  store: MailboxStore;
  clock: Clock;
  subscriptions: GraphSubscriptions;
  delta: CalendarDelta;
  throttle: Throttle;
  limits: SubscriptionLimits;
  defaultPageSize: number;
}

export const callerOf = (ctx: Context): Caller => ctx.state.caller as Caller;

async function jsonBody(ctx: Context): Promise<unknown> {
  const text = (await readBody(ctx.req, 64 * 1024)).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload.');
  }
}

/** The zone to render in and the name to echo; sets Preference-Applied when a zone was honoured. */
function zoneFor(ctx: Context): { zone: string; name: string; applied: string[] } {
  const asked = preferredZone(ctx.get('prefer'));
  const zone = asked === undefined ? undefined : ianaZone(asked);
  return asked !== undefined && zone !== undefined
    ? { zone, name: asked, applied: [`outlook.timezone="${asked}"`] }
    : { zone: 'UTC', name: 'UTC', applied: [] };
}

/** The page size `Prefer: odata.maxpagesize=N` asks for, if any (capped as Graph caps it). */
function askedPageSize(ctx: Context): number | undefined {
  const m = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(ctx.get('prefer'));
  const n = m?.[1] === undefined ? 0 : Number(m[1]);
  return n > 0 ? Math.min(n, 1000) : undefined;
}

function findEvent(mb: Mailbox, restId: string): EventView {
  const id = toEwsId(restId);
  const item = mb.items.get(id);
  if (item) return itemView(item);
  const occ = decodeOccurrenceId(id);
  const master = occ ? mb.items.get(occ.masterId) : undefined;
  if (
    occ &&
    master &&
    isSeriesStart(master, occ.originalStartMs) &&
    !master.deletedOccurrences.has(occ.originalStartMs)
  )
    return occurrenceView(master, occurrenceAt(master, occ.originalStartMs));
  throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

export function createGraphRouter(deps: GraphRouteDeps): Router {
  const r = new Router({ prefix: '/v1.0' });

  /** Runs `fn` holding one of the app's concurrent slots on the mailbox, or answers 429. */
  async function admitted<T>(ctx: Context, mb: Mailbox, fn: () => Promise<T> | T): Promise<T> {
    const a = deps.throttle.admit(callerOf(ctx).clientId, mb.address, `${ctx.method} ${ctx.path}`);
    if (!a.ok) throw new GraphError(429, 'ApplicationThrottled', a.message, { 'Retry-After': String(a.retryAfterS) });
    try {
      return await fn();
    } finally {
      a.release();
    }
  }

  r.post('/subscriptions', async (ctx) => {
    const req = parseCreateRequest(await jsonBody(ctx), deps.clock.now(), deps.limits);
    const mb = resolveMailbox(deps.store, req.user);
    const sub = await admitted(ctx, mb, () => deps.subscriptions.create(req, mb, callerOf(ctx)));
    ctx.status = 201;
    ctx.body = subscriptionJson(sub);
  });
  r.get('/subscriptions', (ctx) => {
    ctx.body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#subscriptions',
      value: deps.subscriptions.list(callerOf(ctx)).map(subscriptionJson),
    };
  });
  r.get('/subscriptions/:id', (ctx) => {
    ctx.body = subscriptionJson(deps.subscriptions.get(ctx.params.id ?? '', callerOf(ctx)));
  });
  r.patch('/subscriptions/:id', async (ctx) => {
    const patch = parseUpdateRequest(await jsonBody(ctx), deps.clock.now(), deps.limits);
    ctx.body = subscriptionJson(await deps.subscriptions.update(ctx.params.id ?? '', callerOf(ctx), patch));
  });
  r.delete('/subscriptions/:id', (ctx) => {
    deps.subscriptions.delete(ctx.params.id ?? '', callerOf(ctx));
    ctx.status = 204;
  });
  r.post('/subscriptions/:id/reauthorize', (ctx) => {
    deps.subscriptions.reauthorize(ctx.params.id ?? '', callerOf(ctx));
    ctx.status = 200;
    ctx.body = '';
  });

  r.get('/users/:user', (ctx) => {
    ctx.body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
      ...userJson(findUser(deps.store, ctx.params.user ?? '')),
    };
  });
  r.get('/users/:user/events/:id', async (ctx) => {
    const mb = resolveMailbox(deps.store, ctx.params.user ?? '');
    const view = await admitted(ctx, mb, () => findEvent(mb, ctx.params.id ?? ''));
    const z = zoneFor(ctx);
    if (z.applied.length > 0) ctx.set('Preference-Applied', z.applied.join(', '));
    ctx.body = {
      '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#users('${encodeURIComponent(ctx.params.user ?? '')}')/events/$entity`,
      ...graphEventJson(view, z.zone, z.name),
    };
  });
  r.get('/users/:user/calendarView/delta', async (ctx) => {
    const user = ctx.params.user ?? '';
    const mb = resolveMailbox(deps.store, user);
    const asked = askedPageSize(ctx);
    const size = asked ?? deps.defaultPageSize;
    const q = ctx.query;
    const page = await admitted(ctx, mb, () => {
      if (typeof q.$deltatoken === 'string') return deps.delta.changes(mb, q.$deltatoken, size);
      if (typeof q.$skiptoken === 'string') return deps.delta.next(mb, q.$skiptoken, size);
      const from = typeof q.startDateTime === 'string' ? Date.parse(q.startDateTime) : Number.NaN;
      const to = typeof q.endDateTime === 'string' ? Date.parse(q.endDateTime) : Number.NaN;
      if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from)
        throw new GraphError(
          400,
          'ErrorInvalidParameter',
          'This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.',
        );
      return deps.delta.initial(mb, from, to, size);
    });
    const z = zoneFor(ctx);
    const applied = [...(asked === undefined ? [] : [`odata.maxpagesize=${asked}`]), ...z.applied];
    if (applied.length > 0) ctx.set('Preference-Applied', applied.join(', '));
    const link = `${ctx.protocol}://${ctx.host}/v1.0/users/${encodeURIComponent(user)}/calendarView/delta`;
    const render = (e: DeltaEntry) =>
      e.kind === 'event'
        ? graphEventJson(e.view, z.zone, z.name)
        : { '@odata.type': '#microsoft.graph.event', id: e.id, '@removed': { reason: 'deleted' } };
    ctx.body = {
      '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#Collection(event)',
      ...('skipToken' in page
        ? { '@odata.nextLink': `${link}?$skiptoken=${page.skipToken}` }
        : { '@odata.deltaLink': `${link}?$deltatoken=${page.deltaToken}` }),
      value: page.entries.map(render),
    };
  });
  return r;
}
