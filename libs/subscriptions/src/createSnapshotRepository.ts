// Reads and writes the manager's snapshot row (one per ManagerName, docs/architecture.md §6).
// The body is opaque here: encodeSnapshot and decodeSnapshot own its format.
import type { Knex } from '@rooms-sync/db';

export interface StoredSnapshot {
  readonly takenAt: Date;
  readonly body: string;
}

export interface SnapshotRepository {
  load(managerName: string): Promise<StoredSnapshot | undefined>;
  save(managerName: string, snapshot: StoredSnapshot): Promise<void>;
}

interface Row {
  manager_name: string;
  taken_at: Date;
  body: string;
}

export function createSnapshotRepository(db: Knex): SnapshotRepository {
  return {
    async load(managerName) {
      const row = await db<Row>('manager_snapshots').where({ manager_name: managerName }).first();
      return row && { takenAt: row.taken_at, body: row.body };
    },
    async save(managerName, snapshot) {
      await db<Row>('manager_snapshots')
        .insert({ manager_name: managerName, taken_at: snapshot.takenAt, body: snapshot.body })
        .onConflict('manager_name')
        .merge();
    },
  };
}
