// `projector rebuild [--room X]`: a full resync from Exchange of one room (or every room the
// projector knows), swapped in per room in one transaction, so reads never see a gap.
import { createDb, runMigrations } from '@rooms-sync/db';
import { createEwsClient, ewsAuthFromSettings } from '@rooms-sync/ews-client';
import { silentLogger } from '@rooms-sync/lifecycle';
import {
  listMailboxes,
  MIGRATION_OWNER,
  projectionMigrations,
  projectorSettings,
  rebuildRoom,
} from '@rooms-sync/projection';
import { EX_FAILED, reportFailure } from '../CliCommand.ts';
import type { CliCommand } from '../CliCommand.ts';
import { APPSETTINGS_OPTION, loadCommandSettings, reportConfigErrors } from '../loadCommandSettings.ts';
import { parseCommandArgs, usageError } from '../parseCommandArgs.ts';

const USAGE = `usage: projector rebuild [--room <mailbox>]
  rebuild   re-read the room(s) from Exchange and replace their reservation rows atomically
options: --appsettings <path>  RoomsAppSettings.config; any key may come from the env
`;

const SPEC = { name: 'projector', usage: USAGE, options: { room: { type: 'string' }, ...APPSETTINGS_OPTION } } as const;

export const projector: CliCommand = {
  summary: 'rebuild the reservation read model from Exchange (rebuild [--room X])',
  async run(argv, io) {
    const parsed = parseCommandArgs(SPEC, argv, io);
    if (!parsed.ok) return parsed.exitCode;
    if (parsed.positionals.length !== 1 || parsed.positionals[0] !== 'rebuild') return usageError(io, USAGE);
    const config = loadCommandSettings(projectorSettings, parsed.args, io);
    if (!config.ok) return config.exitCode;
    const s = config.settings;
    const auth = ewsAuthFromSettings(s, config.sources);
    if (!auth.ok) return reportConfigErrors(io, auth.errors);
    const db = createDb({ url: s.DatabaseUrl, poolMax: 2, applicationName: 'rooms-cli' });
    try {
      await runMigrations(db, { owner: MIGRATION_OWNER, migrations: projectionMigrations });
      const source = createEwsClient({ url: s.EwsUrl, auth: auth.auth, logger: silentLogger });
      const mailboxes = parsed.values.room === undefined ? await listMailboxes(db) : [parsed.values.room];
      if (mailboxes.length === 0)
        io.stdout.write('no rooms known yet (the projector records a room on its first sync)\n');
      let failed = 0;
      for (const room of mailboxes) {
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
          reportFailure(io, `${room}: rebuild`, error);
        }
      }
      return failed === 0 ? 0 : EX_FAILED;
    } finally {
      await db.destroy();
    }
  },
};
