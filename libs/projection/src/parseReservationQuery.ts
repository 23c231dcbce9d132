// Query-string validation for GET /api/reservations, as data: a query or the reasons it is bad.
import type { ReservationQuery } from './readReservations.ts';

export type ParsedQuery = { ok: true; query: ReservationQuery } | { ok: false; errors: string[] };

const MAILBOX = /^[^@\s]+@[^@\s]+$/;

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function parseReservationQuery(params: Record<string, string | string[] | undefined>): ParsedQuery {
  const errors: string[] = [];
  const room = one(params.room);
  if (room === undefined || !MAILBOX.test(room)) errors.push('room must be a room mailbox address');
  const date = (name: 'from' | 'to'): Date | undefined => {
    const raw = one(params[name]);
    if (raw === undefined || raw === '') return undefined;
    const d = new Date(raw);
    if (Number.isNaN(d.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(raw)) {
      errors.push(`${name} must be an ISO 8601 date or date-time`);
      return undefined;
    }
    return d;
  };
  const from = date('from');
  const to = date('to');
  if (from && to && from >= to) errors.push('from must be before to');
  const cancelled = one(params.includeCancelled);
  if (cancelled !== undefined && cancelled !== 'true' && cancelled !== 'false')
    errors.push('includeCancelled must be true or false');
  if (errors.length > 0 || room === undefined) return { ok: false, errors };
  return { ok: true, query: { room, from, to, includeCancelled: cancelled === 'true' } };
}
