// `rooms add|remove|list|enable|disable`: the operator's handle on which room mailboxes the
// manager keeps subscribed. The running manager picks changes up on its next pass.
import { parseArgs } from 'node:util';
import { EX_CONFIG, infraSettings, loadServiceConfig } from '@rooms-sync/config';
import { createDb, runMigrations } from '@rooms-sync/db';
import { EX_USAGE, type CliCommand, type CommandIo } from '@rooms-sync/lifecycle';
import { createRoomsRepository } from './createRoomsRepository.ts';
import type { RoomChange, RoomsRepository } from './createRoomsRepository.ts';
import { isMailboxAddress, normalizeMailbox } from './normalizeMailbox.ts';
import { ROOMS_DB_OWNER, roomsMigrations } from './roomsMigrations.ts';

const USAGE = `usage: rooms <command>
  add <address> [--tenant <tenant>]   add a room mailbox (enabled)
  remove <address>                    remove it; its subscription is ended
  enable <address> | disable <address>
  list [--json]
options: --appsettings <path>  RoomsAppSettings.config (else ROOMS_APPSETTINGS_PATH); DatabaseUrl may come from the env
`;

const EX_NOT_FOUND = 1;

export const roomsCommand: CliCommand = {
  summary: 'manage the room mailboxes the subscription-manager keeps subscribed (add|remove|list|enable|disable)',
  async run(argv, io) {
    const args = argv[0] === 'rooms' ? argv.slice(1) : argv;
    let parsed;
    try {
      parsed = parseArgs({
        args,
        options: {
          tenant: { type: 'string' },
          json: { type: 'boolean' },
          appsettings: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
        },
        allowPositionals: true,
      });
    } catch (error) {
      io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
      return EX_USAGE;
    }
    const [verb, address, ...extra] = parsed.positionals;
    if (parsed.values.help === true || verb === undefined) {
      (parsed.values.help === true ? io.stdout : io.stderr).write(USAGE);
      return parsed.values.help === true ? 0 : EX_USAGE;
    }
    const needsAddress = verb !== 'list';
    if (
      !['add', 'remove', 'enable', 'disable', 'list'].includes(verb) ||
      extra.length > 0 ||
      needsAddress !== (address !== undefined)
    ) {
      io.stderr.write(USAGE);
      return EX_USAGE;
    }
    if (address !== undefined && !isMailboxAddress(address)) {
      io.stderr.write(`not a mailbox address: ${address}\n`);
      return EX_USAGE;
    }

    const config = loadServiceConfig({ DatabaseUrl: infraSettings.DatabaseUrl }, { env: io.env, argv: args });
    if (!config.ok) {
      for (const error of config.errors) io.stderr.write(`config error: ${error.message}\n`);
      return EX_CONFIG;
    }
    const db = createDb({ url: config.settings.DatabaseUrl, poolMax: 1, applicationName: 'rooms-cli' });
    try {
      await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
      const repo = createRoomsRepository(db);
      if (verb === 'list') return await list(repo, parsed.values.json === true, io);
      return report(
        await change(repo, verb, address ?? '', parsed.values.tenant),
        verb,
        normalizeMailbox(address ?? ''),
        io,
      );
    } catch (error) {
      io.stderr.write(`rooms ${verb} failed: ${error instanceof Error ? error.message : String(error)}\n`);
      return 1;
    } finally {
      await db.destroy();
    }
  },
};

function change(repo: RoomsRepository, verb: string, address: string, tenant: string | undefined): Promise<RoomChange> {
  if (verb === 'add') return repo.add(address, tenant);
  if (verb === 'remove') return repo.remove(address);
  return repo.setEnabled(address, verb === 'enable');
}

function report(result: RoomChange, verb: string, address: string, io: CommandIo): number {
  const messages: Record<RoomChange, string> = {
    added: `added ${address}`,
    exists: `${address} already exists (unchanged)`,
    removed: `removed ${address}`,
    updated: `${verb}d ${address}`,
    unchanged: `${address} already ${verb}d`,
    not_found: `no such room: ${address}`,
  };
  (result === 'not_found' ? io.stderr : io.stdout).write(`${messages[result]}\n`);
  return result === 'not_found' ? EX_NOT_FOUND : 0;
}

async function list(repo: RoomsRepository, json: boolean, io: CommandIo): Promise<number> {
  const rooms = await repo.list();
  if (json) {
    io.stdout.write(
      `${JSON.stringify(rooms.map((r) => ({ address: r.address, tenant: r.tenant ?? null, enabled: r.enabled })))}\n`,
    );
    return 0;
  }
  const width = Math.max(7, ...rooms.map((r) => r.address.length));
  io.stdout.write(`${'ADDRESS'.padEnd(width)}  ENABLED  TENANT\n`);
  for (const r of rooms)
    io.stdout.write(`${r.address.padEnd(width)}  ${(r.enabled ? 'yes' : 'no').padEnd(7)}  ${r.tenant ?? '-'}\n`);
  return 0;
}
