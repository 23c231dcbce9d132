// Reads and writes the rooms table. Outcomes the CLI must branch on are values, not throws.
import { DEFAULT_CONNECTION } from '@rooms-sync/config';
import type { Knex } from '@rooms-sync/db';
import type { Room } from './decide.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

export interface RoomRow extends Room {
  /** The connection the room is reached through (docs/architecture.md §9). */
  readonly connection: string;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type RoomChange = 'added' | 'exists' | 'removed' | 'updated' | 'unchanged' | 'not_found';

export interface NewRoom {
  readonly tenant?: string | undefined;
  /** Default: the connection of the Ews* keys. */
  readonly connection?: string | undefined;
}

export interface NewRoomAt extends NewRoom {
  readonly address: string;
}

/** What a bulk add did: each address once, normalised. */
export interface RoomsAdded {
  readonly added: readonly string[];
  /** Already in the table; left as they were. */
  readonly existing: readonly string[];
}

export interface RoomsRepository {
  /** Every room, whatever its connection: what `rooms list` shows and the manager reconciles, each by its connection. */
  listAll(): Promise<RoomRow[]>;
  add(address: string, room?: NewRoom): Promise<RoomChange>;
  /** Adds every room in one transaction: all of them or, on error, none. */
  addMany(rooms: readonly NewRoomAt[]): Promise<RoomsAdded>;
  remove(address: string): Promise<RoomChange>;
  setEnabled(address: string, enabled: boolean): Promise<RoomChange>;
}

interface Row {
  address: string;
  tenant: string | null;
  connection: string;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

const INSERT_CHUNK = 5_000;

export function createRoomsRepository(db: Knex): RoomsRepository {
  const rows = async () => {
    const found = await db<Row>('rooms').select('*').orderBy('address');
    return found.map((r) => ({
      address: r.address,
      tenant: r.tenant ?? undefined,
      connection: r.connection,
      enabled: r.enabled,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  };
  return {
    listAll: rows,
    async add(address, room = {}) {
      const inserted = await db<Row>('rooms')
        .insert({
          address: normalizeMailbox(address),
          tenant: room.tenant ?? null,
          connection: room.connection ?? DEFAULT_CONNECTION,
        })
        .onConflict('address')
        .ignore()
        .returning('address');
      return inserted.length > 0 ? 'added' : 'exists';
    },
    async addMany(rooms) {
      const byAddress = new Map(rooms.map((r) => [normalizeMailbox(r.address), r]));
      const values = [...byAddress].map(([address, r]) => ({
        address,
        tenant: r.tenant ?? null,
        connection: r.connection ?? DEFAULT_CONNECTION,
      }));
      const added = new Set<string>();
      await db.transaction(async (trx) => {
        // Chunks keep each statement under PostgreSQL's 65,535 bind parameters.
        for (let i = 0; i < values.length; i += INSERT_CHUNK) {
          const inserted = await trx<Row>('rooms')
            .insert(values.slice(i, i + INSERT_CHUNK))
            .onConflict('address')
            .ignore()
            .returning('address');
          for (const r of inserted) added.add(r.address);
        }
      });
      const all = [...byAddress.keys()];
      return { added: all.filter((a) => added.has(a)), existing: all.filter((a) => !added.has(a)) };
    },
    async remove(address) {
      const count = await db<Row>('rooms')
        .where({ address: normalizeMailbox(address) })
        .delete();
      return count > 0 ? 'removed' : 'not_found';
    },
    async setEnabled(address, enabled) {
      const mailbox = normalizeMailbox(address);
      const changed = await db<Row>('rooms')
        .where({ address: mailbox })
        .whereNot({ enabled })
        .update({ enabled, updated_at: db.fn.now() });
      if (changed > 0) return 'updated';
      const exists = await db<Row>('rooms').where({ address: mailbox }).first('address');
      return exists ? 'unchanged' : 'not_found';
    },
  };
}
