// knex over pg with the pool settings that keep a service responsive when the
// database is slow or gone: no idle minimum (stale sockets after a restart,
// tarn.js#75) and bounded waits for a connection instead of pg's default forever.
import knexFactory, { type Knex } from 'knex';

export type { Knex };

export interface DbOptions {
  url: string;
  poolMax?: number;
  /** How long a query may wait for a pooled connection. */
  acquireTimeoutMs?: number;
  /** How long opening a new connection may take. */
  connectTimeoutMs?: number;
  /** Server-side cap on one statement. */
  statementTimeoutMs?: number;
  applicationName?: string;
}

export function createDb(options: DbOptions): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      connectionString: options.url,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      statement_timeout: options.statementTimeoutMs ?? 30_000,
      application_name: options.applicationName ?? 'rooms-sync',
    },
    pool: { min: 0, max: options.poolMax ?? 10 },
    acquireConnectionTimeout: options.acquireTimeoutMs ?? 10_000,
  });
}

/** Readiness: the database answers a trivial query. */
export async function pingDb(db: Knex): Promise<void> {
  await db.raw('select 1');
}
