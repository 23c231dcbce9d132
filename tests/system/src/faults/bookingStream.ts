// The scripted load of the fault suite: one booking, move or cancellation every `intervalMs`,
// round-robin over the rooms, through the simulator's admin API (what an organiser does in
// Outlook). A seeded generator makes every run the same script; subjects are unique, so a row
// the read model holds twice is a duplicate and not two meetings in one slot.
const DAY = 86_400_000;
const HOUR = 3_600_000;

export type SimAdmin = (method: string, path: string, body?: unknown) => Promise<unknown>;

export interface StreamCounts {
  booked: number;
  moved: number;
  cancelled: number;
  /** Admin calls that failed: the simulator itself must never fail the script. */
  failed: number;
}

export interface BookingStream {
  /** Ends the script after the change in flight; resolves with what it did. */
  stop(): Promise<StreamCounts>;
}

export function startBookingStream(o: {
  rooms: readonly string[];
  simAdmin: SimAdmin;
  intervalMs: number;
}): BookingStream {
  const today = Math.floor(Date.now() / DAY) * DAY;
  const counts: StreamCounts = { booked: 0, moved: 0, cancelled: 0, failed: 0 };
  const items = new Map<string, string[]>(o.rooms.map((room) => [room, []]));
  let seed = 14;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
  const slot = () => {
    const start = today + (2 + Math.floor(random() * 14)) * DAY + (6 + Math.floor(random() * 12)) * HOUR;
    return { start: new Date(start).toISOString(), end: new Date(start + HOUR / 2).toISOString() };
  };
  const change = async (tick: number) => {
    const room = o.rooms[tick % o.rooms.length] ?? '';
    const ids = items.get(room) ?? [];
    const r = random();
    const pick = Math.floor(random() * ids.length);
    const id = encodeURIComponent(ids[pick] ?? '');
    if (ids.length < 2 || r < 0.6) {
      const meeting = { subject: `b${String(tick)}`, organizer: 'ada@contoso.example', ...slot() };
      ids.push(((await o.simAdmin('POST', `/admin/mailboxes/${room}/items`, meeting)) as { id: string }).id);
      counts.booked++;
    } else if (r < 0.85) {
      await o.simAdmin('PATCH', `/admin/mailboxes/${room}/items/${id}`, slot());
      counts.moved++;
    } else {
      await o.simAdmin('POST', `/admin/mailboxes/${room}/items/${id}/cancel`, {});
      ids.splice(pick, 1);
      counts.cancelled++;
    }
  };
  const state = { running: true };
  const done = (async () => {
    for (let tick = 0; state.running; tick++) {
      const next = Date.now() + o.intervalMs;
      await change(tick).catch(() => {
        counts.failed++;
      });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, next - Date.now())));
    }
  })();
  return {
    stop: async () => {
      state.running = false;
      await done;
      return { ...counts };
    },
  };
}
