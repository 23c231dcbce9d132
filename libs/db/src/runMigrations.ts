// Migrations are TypeScript modules handed over as a list, not files knex finds
// and loads itself (its TS loading is fragile: knex#3003, #5948). Each owner
// keeps its own migrations table, so services that own different tables in one
// database never see each other's history.
import type { Knex } from 'knex';

export interface Migration {
  name: string;
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

export interface MigrationResult {
  batch: number;
  applied: string[];
}

export async function runMigrations(
  db: Knex,
  options: { owner: string; migrations: readonly Migration[] },
): Promise<MigrationResult> {
  const [batch, applied] = (await db.migrate.latest(config(options))) as [number, string[]];
  return { batch, applied };
}

export async function rollbackMigrations(
  db: Knex,
  options: { owner: string; migrations: readonly Migration[] },
): Promise<void> {
  await db.migrate.rollback(config(options), true);
}

function config(options: { owner: string; migrations: readonly Migration[] }): Knex.MigratorConfig {
  const byName = new Map(options.migrations.map((m) => [m.name, m]));
  return {
    tableName: `knex_migrations_${options.owner}`,
    migrationSource: {
      getMigrations: () => Promise.resolve([...byName.keys()]),
      getMigrationName: (name: string) => name,
      getMigration: (name: string) => {
        const migration = byName.get(name);
        if (!migration) throw new Error(`unknown migration ${name}`);
        return Promise.resolve({ up: (db: Knex) => migration.up(db), down: (db: Knex) => migration.down(db) });
      },
    },
  };
}
