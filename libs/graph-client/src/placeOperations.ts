// Graph's places API (docs/protocols.md §16): the tenant's room lists and the rooms of one, every
// page followed through @odata.nextLink, each page one call through the gate. Needs the
// application permission Place.Read.All; without it Graph answers 403 (kind unauthorized or
// permanent, code ErrorAccessDenied), an unknown room list 404 (not_found).
import type { GraphCall } from './GraphCall.ts';
import type { GraphResult, PlaceEntry } from './GraphClient.ts';

/** More than any tenant's room lists need; a link chain that never ends is a failure, not a truncated list. */
const MAX_PAGES = 1_000;

export interface PlaceOperations {
  listRoomLists(): Promise<GraphResult<PlaceEntry[]>>;
  listRooms(roomList: string): Promise<GraphResult<PlaceEntry[]>>;
}

export function placeOperations(call: GraphCall, pageSize: number): PlaceOperations {
  async function allPages(operation: string, subject: string, first: string): Promise<GraphResult<PlaceEntry[]>> {
    const entries: PlaceEntry[] = [];
    let link: string | undefined = first;
    for (let pages = 0; link !== undefined && pages < MAX_PAGES; pages++) {
      const from: string = link;
      const page = await call(operation, subject, async (client, signal) => {
        const request = from === first ? client.api(from).top(pageSize) : client.api(from);
        const raw: unknown = await request.option('signal', signal).get();
        return toPage(raw);
      });
      if (!page.ok) return page;
      entries.push(...page.value.entries);
      link = page.value.nextLink;
    }
    if (link === undefined) return { ok: true, value: entries };
    const message = `Graph still had a next page after ${String(MAX_PAGES)} pages`;
    return { ok: false, error: { operation, mailbox: subject, code: 'TooManyPages', message, kind: 'permanent' } };
  }
  return {
    listRoomLists: () => allPages('ListRoomLists', '', '/places/microsoft.graph.roomlist'),
    listRooms: (roomList) =>
      allPages('ListRooms', roomList, `/places/${encodeURIComponent(roomList)}/microsoft.graph.roomlist/rooms`),
  };
}

function toPage(raw: unknown): { entries: PlaceEntry[]; nextLink: string | undefined } {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const entries: PlaceEntry[] = [];
  for (const item of Array.isArray(o['value']) ? (o['value'] as unknown[]) : []) {
    const place = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const address = place['emailAddress'];
    // A place without a mailbox address cannot be a room we sync.
    if (typeof address !== 'string' || address === '') continue;
    const name = place['displayName'];
    entries.push({ address, name: typeof name === 'string' && name !== '' ? name : address });
  }
  const next = o['@odata.nextLink'];
  return { entries, nextLink: typeof next === 'string' ? next : undefined };
}
