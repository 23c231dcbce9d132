// The organization's room lists (distribution groups of rooms), as the address book holds them:
// what EWS GetRoomLists/GetRooms and Graph's places answer from. A member need not be a mailbox
// of the store, as a list in a real directory can name a room that was since removed or that
// lives elsewhere.
import { SimError } from './SimError.ts';

export interface RoomList {
  address: string;
  name: string;
  /** The members' SMTP addresses, lower-cased, in the order given. */
  rooms: string[];
}

export type RoomLists = ReturnType<typeof createRoomLists>;

const key = (address: string) => address.trim().toLowerCase();

export function createRoomLists() {
  const lists = new Map<string, RoomList>();
  return {
    /** Creates or replaces the list at `address`. */
    put(input: { address: string; name?: string | undefined; rooms: readonly string[] }): RoomList {
      const address = key(input.address);
      if (!/^[^@\s]+@[^@\s]+$/.test(address)) throw new SimError('Invalid', `not an address: ${input.address}`);
      const list = { address, name: input.name ?? address, rooms: [...new Set(input.rooms.map(key))] };
      lists.set(address, list);
      return list;
    },
    find(address: string): RoomList | undefined {
      return lists.get(key(address));
    },
    list(): RoomList[] {
      return [...lists.values()];
    },
    remove(address: string): void {
      if (!lists.delete(key(address))) throw new SimError('NotFound', `no room list ${address}`);
    },
  };
}
