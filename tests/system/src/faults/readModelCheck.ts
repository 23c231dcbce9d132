// The fault suite's oracle: every room's read model (the projector's API) against the
// simulator's calendar, occurrences expanded. Ids differ between EWS and Graph; slots and the
// stream's unique subjects do not.
import type { SimAdmin } from './bookingStream.ts';

const DAY = 86_400_000;

interface Slot {
  subject: string | null;
  start: string;
  end: string;
}

export interface Comparison {
  equal: boolean;
  expected: number;
  found: number;
  /** Rows beyond the first of one subject and start. */
  duplicates: number;
  /** The rooms that differ, for the failure message. */
  differing: string[];
}

const key = (s: Slot) => `${s.start}|${s.subject ?? ''}|${s.end}`;

export async function compareReadModel(o: {
  rooms: readonly string[];
  simAdmin: SimAdmin;
  projectorUrl: string;
}): Promise<Comparison> {
  const from = new Date(Date.now() + DAY).toISOString();
  const to = new Date(Date.now() + 20 * DAY).toISOString();
  const result: Comparison = { equal: true, expected: 0, found: 0, duplicates: 0, differing: [] };
  await Promise.all(
    o.rooms.map(async (room) => {
      const [items, res] = await Promise.all([
        o.simAdmin('GET', `/admin/mailboxes/${room}/items?start=${from}&end=${to}`) as Promise<
          (Slot & { isCancelled: boolean })[]
        >,
        fetch(`${o.projectorUrl}/api/reservations?room=${room}&from=${from}&to=${to}`),
      ]);
      if (res.status !== 200) throw new Error(`read model of ${room}: HTTP ${String(res.status)}`);
      const rows = ((await res.json()) as { reservations: Slot[] }).reservations;
      const want = items.filter((i) => !i.isCancelled).map(key);
      const got = rows.map(key);
      result.expected += want.length;
      result.found += got.length;
      result.duplicates += got.length - new Set(got).size;
      if (JSON.stringify(want.sort()) !== JSON.stringify(got.sort())) {
        result.equal = false;
        result.differing.push(room);
      }
    }),
  );
  return result;
}
