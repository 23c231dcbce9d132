// `rooms add A B …` and `rooms import FILE`: thousands of rooms in one process and one
// transaction. Everything is validated before the network is touched; only rooms not yet in the
// table have their mailbox checked, a few at a time; one refusal stops the whole import unless
// the operator asked to skip the unreachable. stdout is the one summary line, stderr one line
// per problem.
import { checkMailboxes, usableConnections } from '@rooms-sync/connections';
import { createDb, runMigrations } from '@rooms-sync/db';
import {
  createRoomsRepository,
  decideImport,
  planRoomImport,
  ROOMS_DB_OWNER,
  roomsMigrations,
} from '@rooms-sync/subscriptions';
import type { ImportDefaults, Refusal, RequestedRoom } from '@rooms-sync/subscriptions';
import { EX_FAILED, EX_USAGE, reportFailure } from '../CliCommand.ts';
import type { CommandIo } from '../CliCommand.ts';
import { loadCommandConnections, reportConfigErrors } from '../loadCommandSettings.ts';

export interface AddRoomsOptions {
  readonly defaults: ImportDefaults;
  /** False with --no-check: the operator vouches for the mailboxes. */
  readonly check: boolean;
  readonly skipUnreachable: boolean;
  readonly concurrency: number;
  readonly databaseUrl: string;
  /** The command's arguments, for the connection settings (--appsettings). */
  readonly args: string[];
}

export async function addRooms(
  requested: readonly RequestedRoom[],
  options: AddRoomsOptions,
  io: CommandIo,
): Promise<number> {
  const loaded = loadCommandConnections(options.args, io);
  if (!loaded.ok) return loaded.exitCode;
  const names = new Set(loaded.entries.map((e) => (e.ok ? e.connection.name : e.name)));
  const plan = planRoomImport(requested, options.defaults, names);
  if (!plan.ok) {
    for (const error of plan.errors) io.stderr.write(`${error}\n`);
    io.stderr.write('nothing added\n');
    return EX_USAGE;
  }
  if (plan.rooms.length === 0) {
    io.stderr.write('no rooms given\n');
    return EX_USAGE;
  }
  const db = createDb({ url: options.databaseUrl, poolMax: 1, applicationName: 'rooms-cli' });
  try {
    await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
    const repo = createRoomsRepository(db);
    const existing = new Set((await repo.listAll()).map((r) => r.address));
    const fresh = plan.rooms.filter((r) => !existing.has(r.address));
    let refusals: Refusal[] = [];
    if (options.check) {
      const usable = usableConnections(loaded.entries, fresh);
      if (!usable.ok) return reportConfigErrors(io, usable.errors);
      refusals = await checkMailboxes(fresh, usable.connections, options.concurrency);
    }
    const decision = decideImport(plan.rooms, refusals, options.skipUnreachable);
    if (decision.refused) {
      for (const r of decision.problems) io.stderr.write(`refused: ${describe(r)}\n`);
      io.stderr.write(
        `nothing added: ${String(decision.problems.length)} of ${String(fresh.length)} new mailboxes refused (--skip-unreachable adds the rest)\n`,
      );
      return EX_FAILED;
    }
    const result = await repo.addMany(decision.add);
    const skipped = decision.problems.length;
    io.stdout.write(
      `added ${String(result.added.length)}, unchanged ${String(result.existing.length)}, skipped ${String(skipped)}\n`,
    );
    for (const r of decision.problems) io.stderr.write(`skipped: ${describe(r)}\n`);
    return skipped > 0 ? EX_FAILED : 0;
  } catch (error) {
    return reportFailure(io, 'rooms add', error);
  } finally {
    await db.destroy();
  }
}

function describe(r: Refusal): string {
  return `${r.address} through connection ${r.connection}: ${r.reason}`;
}
