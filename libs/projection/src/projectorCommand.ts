// `projector rebuild [--room X]`: a full resync from Exchange of one room (or every room the
// projector knows), swapped in per room in one transaction, so reads never see a gap.
import { parseArgs } from 'node:util';
import { EX_CONFIG, loadServiceConfig } from '@rooms-sync/config';
import { createDb, runMigrations } from '@rooms-sync/db';
import { createEwsClient, ewsAuthFromSettings } from '@rooms-sync/ews-client';
import { EX_USAGE, type CliCommand } from '@rooms-sync/lifecycle';
import { MIGRATION_OWNER, projectionMigrations } from './migrations.ts';
import { projectorSettings } from './projectorSettings.ts';
import { rebuildRoom } from './rebuildRoom.ts';
import { listMailboxes } from './syncState.ts';

const USAGE = `usage: projector rebuild [--room <mailbox>]
  rebuild   re-read the room(s) from Exchange and replace their reservation rows atomically
options: --appsettings <path>  RoomsAppSettings.config; any key may come from the env
`;

export const projectorCommand: CliCommand = {
  summary: 'rebuild the reservation read model from Exchange (rebuild [--room X])',
  async run(argv, io) {
    const args = argv[0] === 'projector' ? argv.slice(1) : argv;
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: { room: { type: 'string' }, appsettings: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
      });
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return EX_USAGE;
    }
    if (parsed.values.help === true) {
      io.stdout.write(USAGE);
      return 0;
    }
    if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'rebuild') {
      io.stderr.write(USAGE);
      return EX_USAGE;
    }
    const config = loadServiceConfig(projectorSettings, { env: io.env, argv: args });
    if (!config.ok) {
      for (const error of config.errors) io.stderr.write(`config error: ${error.message}\n`);
      return EX_CONFIG;
    }
    const s = config.settings;
    const auth = ewsAuthFromSettings(s, config.sources);
    if (!auth.ok) {
      for (const error of auth.errors) io.stderr.write(`config error: ${error.message}\n`);
      return EX_CONFIG;
    }
    const db = createDb({ url: s.DatabaseUrl, poolMax: 2, applicationName: 'rooms-cli' });
    try {
      await runMigrations(db, { owner: MIGRATION_OWNER, migrations: projectionMigrations });
      const source = createEwsClient({
        url: s.EwsUrl,
        auth: auth.auth,
        logger: { debug: () => undefined, warn: () => undefined },
      });
      const rooms = parsed.values.room === undefined ? await listMailboxes(db) : [parsed.values.room];
      if (rooms.length === 0) io.stdout.write('no rooms known yet (the projector records a room on its first sync)\n');
      let failed = 0;
      for (const room of rooms) {
        const started = performance.now();
        try {
          const r = await rebuildRoom({
            db,
            source,
            room,
            horizonDays: s.ProjectorHorizonDays,
            pastDays: s.ProjectorPastDays,
          });
          io.stdout.write(
            `${r.room}: ${r.rows} reservations from Exchange, ${r.written} rows rewritten, ${r.softDeleted} marked deleted (${Math.round(performance.now() - started)} ms)\n`,
          );
        } catch (error) {
          failed += 1;
          io.stderr.write(`${room}: rebuild failed: ${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
      return failed === 0 ? 0 : 1;
    } finally {
      await db.destroy();
    }
  },
};
