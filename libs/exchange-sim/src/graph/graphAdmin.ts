// The admin API's Graph part: app registrations, the subscriptions Graph holds, and the Graph
// faults, which POST /admin/faults accepts beside the EWS ones (types starting with "graph").
import { Router } from '@koa/router';
import { readBody } from '@rooms-sync/http';
import { SimError } from '../SimError.ts';
import type { GraphFace } from './createGraphFace.ts';

type Json = Record<string, unknown>;

const GRAPH_FAULTS = [
  'graphExpireSubscription',
  'graphRemoveSubscription',
  'graphDropSubscription',
  'graphMissed',
  'graphReauthorizationRequired',
  'graphDuplicateNotifications',
  'graphExpireDeltaTokens',
  'graphThrottle',
] as const;

/** The subscriptions a fault targets: `subscriptionId`, or every active one of `mailbox`. */
function targets(graph: GraphFace, o: Json): string[] {
  if (typeof o.subscriptionId === 'string') return [o.subscriptionId];
  if (typeof o.mailbox === 'string') return graph.subscriptions.ids(o.mailbox);
  throw new SimError('Invalid', 'give subscriptionId or mailbox');
}

/** Applies one Graph fault; the answer lists what it hit. */
export function applyGraphFault(graph: GraphFace, o: Json): unknown {
  const f = graph.subscriptions.faults;
  const each = (fn: (id: string) => boolean) => {
    const hit = targets(graph, o).filter(fn);
    if (hit.length === 0)
      throw new SimError('NotFound', 'no active Graph subscription for that subscriptionId or mailbox');
    return { subscriptions: hit };
  };
  switch (o.type) {
    case 'graphExpireSubscription':
      return each((id) => f.expire(id));
    case 'graphRemoveSubscription':
      return each((id) => f.remove(id));
    case 'graphDropSubscription':
      return each((id) => f.drop(id));
    case 'graphMissed': {
      // With `lose: N` Graph first loses the next N change notifications, as when it gives up
      // delivering; without, it only says `missed`.
      const lose = o.lose ?? 0;
      if (typeof lose !== 'number' || !Number.isInteger(lose) || lose < 0)
        throw new SimError('Invalid', 'lose must be a non-negative integer');
      return each((id) => (lose > 0 ? f.lose(id, lose) : f.lifecycle(id, 'missed')));
    }
    case 'graphReauthorizationRequired':
      return each((id) => f.lifecycle(id, 'reauthorizationRequired'));
    case 'graphDuplicateNotifications': {
      const count = o.count ?? 1;
      if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
        throw new SimError('Invalid', 'count must be a positive integer');
      return each((id) => f.duplicate(id, count));
    }
    case 'graphExpireDeltaTokens':
      return { expiredTokens: graph.delta.expire(typeof o.mailbox === 'string' ? o.mailbox : undefined) };
    case 'graphThrottle': {
      const seconds = o.seconds ?? 30;
      if (typeof o.mailbox !== 'string') throw new SimError('Invalid', 'mailbox is required');
      if (typeof seconds !== 'number' || !(seconds > 0)) throw new SimError('Invalid', 'seconds must be positive');
      graph.throttle.block(o.mailbox.trim().toLowerCase(), seconds * 1000);
      return { throttled: o.mailbox, seconds };
    }
    default:
      throw new SimError('Invalid', `type must be one of ${GRAPH_FAULTS.join(', ')}`);
  }
}

export function createGraphAdminRouter(graph: GraphFace): Router {
  const r = new Router({ prefix: '/admin/graph' });
  r.get('/apps', (ctx) => {
    ctx.body = graph.apps.list();
  });
  r.post('/apps', async (ctx) => {
    let o: Json;
    try {
      o = JSON.parse((await readBody(ctx.req, 64 * 1024)).toString('utf8')) as Json;
    } catch (err) {
      throw new SimError('Invalid', 'body is not valid JSON', { cause: err });
    }
    const str = (k: string) => (typeof o[k] === 'string' ? o[k] : undefined);
    const tenantId = str('tenantId');
    const clientId = str('clientId');
    if (!tenantId || !clientId) throw new SimError('Invalid', 'tenantId and clientId are required');
    const roles = o.roles;
    if (roles !== undefined && !(Array.isArray(roles) && roles.every((x) => typeof x === 'string')))
      throw new SimError('Invalid', 'roles must be an array of permission names');
    const secret = str('clientSecret');
    const cert = str('certificatePem');
    if (secret === undefined && cert === undefined && roles === undefined)
      throw new SimError('Invalid', 'give clientSecret, certificatePem or roles');
    graph.apps.register({
      tenantId,
      clientId,
      ...(secret === undefined ? {} : { clientSecret: secret }),
      ...(cert === undefined ? {} : { certificatePem: cert }),
      ...(roles === undefined ? {} : { roles }),
    });
    ctx.status = 201;
    ctx.body = graph.apps
      .list()
      .find((a) => a.clientId === clientId.toLowerCase() && a.tenantId === tenantId.toLowerCase());
  });
  r.get('/subscriptions', (ctx) => {
    ctx.body = graph.subscriptions.snapshot();
  });
  // The mailbox requests the throttle saw (admitted or refused), `?mailbox=` for one mailbox.
  r.get('/requests', (ctx) => {
    const mailbox = typeof ctx.query.mailbox === 'string' ? ctx.query.mailbox.trim().toLowerCase() : undefined;
    ctx.body = graph.throttle.seen().filter((s) => mailbox === undefined || s.mailbox === mailbox);
  });
  return r;
}
