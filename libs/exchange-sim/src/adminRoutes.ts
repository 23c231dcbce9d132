// The admin API (JSON under /admin/): mailboxes, room lists, booking/changing/moving/cancelling
// meetings (single and recurring), subscriptions and fault injection.
import { Router } from '@koa/router';
import { readBody } from '@rooms-sync/http';
import type { Context } from 'koa';
import { asObject, bookingInput, cancelMode, fieldPatch, itemPatch, mailboxKind, time } from './adminInput.ts';
import type { Faults } from './faults.ts';
import { eventJson, itemJson, mailboxJson, occurrenceJson } from './itemJson.ts';
import type { MailboxStore } from './mailboxStore.ts';
import type { PushService } from './pushService.ts';
import { expandOccurrences } from './recurrence.ts';
import { SimError } from './SimError.ts';

export interface AdminDeps {
  store: MailboxStore;
  push: PushService;
  faults: Faults;
  /** EWS calls answered so far, by operation. */
  ewsCalls?: ReadonlyMap<string, number>;
  /** Faults of another face (Graph), tried for types this router does not know. */
  otherFault?: (o: Record<string, unknown>) => unknown;
}

async function json(ctx: Context): Promise<unknown> {
  const text = (await readBody(ctx.req, 256 * 1024)).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new SimError('Invalid', 'body is not valid JSON', { cause: err });
  }
}

function count(o: Record<string, unknown>, key: string, fallback: number): number {
  const v = o[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0)
    throw new SimError('Invalid', `${key} must be a non-negative integer`);
  return v;
}

export function createAdminRouter({ store, push, faults, ewsCalls, otherFault }: AdminDeps): Router {
  const r = new Router({ prefix: '/admin' });
  const item = (ctx: Context, address: string, id: string) => {
    const mb = store.get(address);
    const found = mb.items.get(id);
    if (!found) throw new SimError('NotFound', `no item ${id}`, { mailbox: address, itemId: id });
    ctx.body = itemJson(mb, found);
  };

  r.get('/mailboxes', (ctx) => {
    ctx.body = store.list().map(mailboxJson);
  });
  r.post('/mailboxes', async (ctx) => {
    const o = asObject(await json(ctx));
    if (typeof o.address !== 'string') throw new SimError('Invalid', 'address is required');
    const mb = store.createMailbox({
      address: o.address,
      ...(typeof o.displayName === 'string' ? { displayName: o.displayName } : {}),
      ...(o.kind === undefined ? {} : { kind: mailboxKind(o.kind) }),
    });
    ctx.status = 201;
    ctx.body = mailboxJson(mb);
  });
  r.get('/room-lists', (ctx) => {
    ctx.body = store.roomLists.list();
  });
  r.post('/room-lists', async (ctx) => {
    const o = asObject(await json(ctx));
    if (typeof o.address !== 'string') throw new SimError('Invalid', 'address is required');
    if (o.name !== undefined && typeof o.name !== 'string') throw new SimError('Invalid', 'name must be a string');
    const rooms = o.rooms ?? [];
    if (!Array.isArray(rooms) || !rooms.every((a) => typeof a === 'string'))
      throw new SimError('Invalid', 'rooms must be an array of addresses');
    ctx.status = 201;
    ctx.body = store.roomLists.put({ address: o.address, name: o.name, rooms });
  });
  r.delete('/room-lists/:address', (ctx) => {
    store.roomLists.remove(ctx.params.address ?? '');
    ctx.status = 204;
  });
  r.get('/mailboxes/:address', (ctx) => {
    ctx.body = mailboxJson(store.get(ctx.params.address ?? ''));
  });
  r.patch('/mailboxes/:address', async (ctx) => {
    const o = asObject(await json(ctx));
    ctx.body = mailboxJson(store.setKind(ctx.params.address ?? '', mailboxKind(o.kind)));
  });
  r.get('/mailboxes/:address/items', (ctx) => {
    const mb = store.get(ctx.params.address ?? '');
    const { start, end, folder } = ctx.query;
    const inFolder = [...mb.items.values()].filter(
      (i) => i.parentFolderId === (folder === 'deleteditems' ? mb.deletedItems.id : mb.calendar.id),
    );
    if (typeof start === 'string' && typeof end === 'string') {
      // A calendar view: occurrences expanded, like FindItem with CalendarView.
      const from = time(start, 'start');
      const to = time(end, 'end');
      ctx.body = inFolder
        .flatMap((i): { start: string }[] =>
          i.recurrence
            ? expandOccurrences(i, from, to).map((o) => occurrenceJson(i, o))
            : i.start < to && i.end > from
              ? [itemJson(mb, i)]
              : [],
        )
        .sort((a, b) => a.start.localeCompare(b.start));
      return;
    }
    ctx.body = inFolder.sort((a, b) => a.start - b.start).map((i) => itemJson(mb, i));
  });
  r.get('/mailboxes/:address/events', (ctx) => {
    ctx.body = store.get(ctx.params.address ?? '').events.map(eventJson);
  });
  r.post('/mailboxes/:address/items', async (ctx) => {
    const address = ctx.params.address ?? '';
    const created = store.book(address, bookingInput(await json(ctx)));
    ctx.status = 201;
    ctx.body = itemJson(store.get(address), created);
  });
  r.get('/mailboxes/:address/items/:id', (ctx) => {
    item(ctx, ctx.params.address ?? '', ctx.params.id ?? '');
  });
  r.patch('/mailboxes/:address/items/:id', async (ctx) => {
    const address = ctx.params.address ?? '';
    ctx.body = itemJson(store.get(address), store.update(address, ctx.params.id ?? '', itemPatch(await json(ctx))));
  });
  r.post('/mailboxes/:address/items/:id/move', async (ctx) => {
    const address = ctx.params.address ?? '';
    const o = asObject((await json(ctx)) ?? {});
    if (typeof o.toMailbox === 'string') {
      const moved = store.moveToMailbox(address, ctx.params.id ?? '', o.toMailbox);
      ctx.body = itemJson(store.get(o.toMailbox), moved);
      return;
    }
    const p = fieldPatch(o);
    if (p.start === undefined && p.end === undefined) throw new SimError('Invalid', 'give start/end or toMailbox');
    ctx.body = itemJson(
      store.get(address),
      store.update(address, ctx.params.id ?? '', {
        ...(p.start === undefined ? {} : { start: p.start }),
        ...(p.end === undefined ? {} : { end: p.end }),
      }),
    );
  });
  r.post('/mailboxes/:address/items/:id/cancel', async (ctx) => {
    const address = ctx.params.address ?? '';
    const result = store.cancel(address, ctx.params.id ?? '', cancelMode(await json(ctx)));
    if (result) ctx.body = itemJson(store.get(address), result);
    else ctx.status = 204;
  });
  r.delete('/mailboxes/:address/items/:id', (ctx) => {
    store.cancel(ctx.params.address ?? '', ctx.params.id ?? '', 'delete');
    ctx.status = 204;
  });
  r.patch('/mailboxes/:address/items/:id/occurrences/:originalStart', async (ctx) => {
    const address = ctx.params.address ?? '';
    const master = store.modifyOccurrence(
      address,
      ctx.params.id ?? '',
      time(ctx.params.originalStart, 'originalStart'),
      fieldPatch(asObject(await json(ctx))),
    );
    ctx.body = itemJson(store.get(address), master);
  });
  r.delete('/mailboxes/:address/items/:id/occurrences/:originalStart', (ctx) => {
    const address = ctx.params.address ?? '';
    const master = store.deleteOccurrence(
      address,
      ctx.params.id ?? '',
      time(ctx.params.originalStart, 'originalStart'),
    );
    ctx.body = itemJson(store.get(address), master);
  });
  r.get('/subscriptions', (ctx) => {
    ctx.body = push.list().map((s) => s.snapshot());
  });
  r.get('/ews-calls', (ctx) => {
    ctx.body = Object.fromEntries(ewsCalls ?? []);
  });
  r.get('/faults', (ctx) => {
    ctx.body = faults.snapshot();
  });
  r.post('/faults', async (ctx) => {
    const o = asObject(await json(ctx));
    switch (o.type) {
      case 'failDeliveries':
        faults.failNextDeliveries(count(o, 'count', 1));
        break;
      case 'delayDeliveries':
        faults.delayNextDeliveries(count(o, 'count', 1), count(o, 'delayMs', 5000));
        break;
      case 'serverBusy':
        faults.serverBusyNextCalls(count(o, 'count', 1), count(o, 'backOffMs', 30_000));
        break;
      case 'dropSubscription':
        if (typeof o.subscriptionId !== 'string' || !push.dropSilently(o.subscriptionId))
          throw new SimError('NotFound', 'no live subscription with that id');
        break;
      case 'errorPush': {
        const code = o.code ?? 'ErrorReadEventsFailed';
        if (typeof code !== 'string' || !/^Error[A-Za-z]+$/.test(code))
          throw new SimError('Invalid', 'code must be an EWS error code (Error…)');
        const target =
          typeof o.subscriptionId === 'string'
            ? { subscriptionId: o.subscriptionId }
            : typeof o.mailbox === 'string'
              ? { mailbox: o.mailbox }
              : undefined;
        if (!target) throw new SimError('Invalid', 'give subscriptionId or mailbox');
        if (push.errorPush(target, code).length === 0)
          throw new SimError('NotFound', 'no live subscription for that subscriptionId or mailbox');
        break;
      }
      case 'expireWatermarks':
        if (typeof o.mailbox !== 'string') throw new SimError('Invalid', 'mailbox is required');
        ctx.body = { oldestValidWatermark: store.expireWatermarks(o.mailbox) };
        return;
      case 'restart':
        ctx.body = { lostSubscriptions: push.restart() };
        return;
      case 'clear':
        faults.clear();
        break;
      default:
        if (otherFault && typeof o.type === 'string' && o.type.startsWith('graph')) {
          ctx.body = otherFault(o);
          return;
        }
        throw new SimError(
          'Invalid',
          'type must be failDeliveries, delayDeliveries, serverBusy, dropSubscription, errorPush, expireWatermarks, restart, clear or a graph… fault',
        );
    }
    ctx.body = faults.snapshot();
  });
  return r;
}
