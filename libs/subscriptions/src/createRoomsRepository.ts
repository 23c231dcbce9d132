// Reads and writes the rooms table. Outcomes the CLI must branch on are values, not throws.
import type { Knex } from '@rooms-sync/db';
import type { Room } from './decide.ts';
import { normalizeMailbox } from './normalizeMailbox.ts';

export interface RoomRow extends Room {
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export type RoomChange = 'added' | 'exists' | 'removed' | 'updated' | 'unchanged' | 'not_found';

export interface RoomsRepository {
  list(): Promise<RoomRow[]>;
  add(address: string, tenant?: string): Promise<RoomChange>;
  remove(address: string): Promise<RoomChange>;
  setEnabled(address: string, enabled: boolean): Promise<RoomChange>;
}

interface Row {
  address: string;
  tenant: string | null;
  enabled: boolean;
  created_at: Date;
  updated_at: Date;
}

export function createRoomsRepository(db: Knex): RoomsRepository {
  return {
    async list() {
      const rows = await db<Row>('rooms').select('*').orderBy('address');
      return rows.map((r) => ({
        address: r.address,
        tenant: r.tenant ?? undefined,
        enabled: r.enabled,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
      }));
    },
    async add(address, tenant) {
      const inserted = await db<Row>('rooms')
        .insert({ address: normalizeMailbox(address), tenant: tenant ?? null })
        .onConflict('address')
        .ignore()
        .returning('address');
      return inserted.length > 0 ? 'added' : 'exists';
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
