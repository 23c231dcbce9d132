// Graph's places API over the mailbox store's room lists (docs/protocols.md §16): the room lists
// of the tenant and the rooms of one, paged with $top/$skip and @odata.nextLink. Both need the
// application permission Place.Read.All in the token; without it Graph answers 403.
import { createHash } from 'node:crypto';
import { Router } from '@koa/router';
import type { Context } from 'koa';
import type { MailboxStore } from '../mailboxStore.ts';
import { GraphError } from './GraphError.ts';

const PERMISSIONS = ['Place.Read.All', 'Place.ReadWrite.All'];
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;

/** Graph's place ids are GUIDs; ours are derived from the address, so they stay stable. */
function placeId(address: string): string {
  const h = createHash('sha256').update(address).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function requirePermission(ctx: Context): void {
  const roles = (ctx.state.roles ?? []) as string[];
  if (!roles.some((r) => PERMISSIONS.includes(r)))
    throw new GraphError(403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.');
}

function count(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= max)) throw new GraphError(400, 'BadRequest', `Invalid value for query option ${name}.`);
  return n;
}

/** One page of `entries` as Graph answers it, the link to the next page when there is more. */
function page(ctx: Context, context: string, entries: readonly object[]): object {
  const top = Math.max(1, count(ctx.query.$top, '$top', DEFAULT_TOP, MAX_TOP));
  const skip = count(ctx.query.$skip, '$skip', 0, Number.MAX_SAFE_INTEGER);
  const next = skip + top;
  return {
    '@odata.context': `https://graph.microsoft.com/v1.0/$metadata#${context}`,
    ...(next < entries.length
      ? { '@odata.nextLink': `${ctx.protocol}://${ctx.host}${ctx.path}?$top=${String(top)}&$skip=${String(next)}` }
      : {}),
    value: entries.slice(skip, next),
  };
}

export function createPlacesRouter(store: MailboxStore): Router {
  const r = new Router({ prefix: '/v1.0/places' });
  r.get('/microsoft.graph.roomlist', (ctx) => {
    requirePermission(ctx);
    const lists = store.roomLists.list().map((l) => ({
      '@odata.type': '#microsoft.graph.roomList',
      id: placeId(l.address),
      displayName: l.name,
      emailAddress: l.address,
    }));
    ctx.body = page(ctx, 'places/microsoft.graph.roomList', lists);
  });
  r.get('/:list/microsoft.graph.roomlist/rooms', (ctx) => {
    requirePermission(ctx);
    const asked = ctx.params.list ?? '';
    const list = store.roomLists.find(asked);
    if (!list) throw new GraphError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
    const rooms = list.rooms.map((address) => ({
      '@odata.type': '#microsoft.graph.room',
      id: placeId(address),
      displayName: store.find(address)?.displayName ?? address,
      emailAddress: address,
    }));
    ctx.body = page(ctx, `places('${encodeURIComponent(asked)}')/microsoft.graph.roomList/rooms`, rooms);
  });
  return r;
}
