// The Helm chart's migration Job: applies the projection's migrations and exits.
import { exitOnConfigErrors } from '@rooms-sync/config';
import { createDb, runMigrations } from '@rooms-sync/db';
import { createLogger } from '@rooms-sync/observability';
import { MIGRATION_OWNER, projectionMigrations } from '@rooms-sync/projection';
import { readMigrationConfig } from './settings.ts';

const config = readMigrationConfig(process.env, process.argv.slice(2));
if (!config.ok) exitOnConfigErrors(config.errors);
const logger = createLogger({ service: 'sync-projector-migrate', level: config.settings.LogLevel });
const db = createDb({ url: config.settings.DatabaseUrl, poolMax: 1, applicationName: 'sync-projector-migrate' });
try {
  const result = await runMigrations(db, { owner: MIGRATION_OWNER, migrations: projectionMigrations });
  logger.info({ applied: result.applied, batch: result.batch }, 'projection migrations applied');
} catch (error) {
  logger.error({ err: error }, 'migrations failed');
  process.exitCode = 1;
} finally {
  await db.destroy();
}
