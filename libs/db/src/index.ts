export { createDb, pingDb, type DbOptions, type Knex } from './createDb.ts';
export { runMigrations, rollbackMigrations, type Migration, type MigrationResult } from './runMigrations.ts';
export {
  advisoryLeadership,
  advisoryLockKey,
  type AdvisoryLeadership,
  type AdvisoryLeadershipOptions,
} from './advisoryLeadership.ts';
