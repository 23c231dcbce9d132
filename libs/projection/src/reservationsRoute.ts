// GET /api/reservations on the projector's ops port: JSON, ordered by start, 400 on bad input.
import type Router from '@koa/router';
import type { Knex } from '@rooms-sync/db';
import { parseReservationQuery } from './parseReservationQuery.ts';
import { readReservations } from './readReservations.ts';

export function reservationsRoute(db: Knex): (router: Router) => void {
  return (router) => {
    router.get('/api/reservations', async function getReservations(ctx) {
      const parsed = parseReservationQuery(ctx.query);
      if (!parsed.ok) {
        ctx.status = 400;
        ctx.body = { error: 'bad_request', details: parsed.errors };
        return;
      }
      const reservations = await readReservations(db, parsed.query);
      ctx.set('Cache-Control', 'no-store');
      ctx.body = {
        room: parsed.query.room.toLowerCase(),
        from: parsed.query.from?.toISOString() ?? null,
        to: parsed.query.to?.toISOString() ?? null,
        count: reservations.length,
        reservations,
      };
    });
  };
}
