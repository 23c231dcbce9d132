// `rooms add|import|remove|list|enable|disable|room-lists`: the operator's handle on which room
// mailboxes the manager keeps subscribed. The running manager picks changes up on its next pass.
import { DEFAULT_CONNECTION, infraSettings } from '@rooms-sync/config';
import { clientIdOf, connectionVerdict, probeConnection } from '@rooms-sync/connections';
import { createDb, runMigrations } from '@rooms-sync/db';
import {
  createRoomsRepository,
  isMailboxAddress,
  normalizeMailbox,
  parseRoomList,
  ROOMS_DB_OWNER,
  roomsMigrations,
} from '@rooms-sync/subscriptions';
import type { NewRoom, RequestedRoom, RoomChange, RoomsRepository } from '@rooms-sync/subscriptions';
import { readFile } from 'node:fs/promises';
import { errorMessage } from '@rooms-sync/lifecycle';
import { EX_FAILED, EX_USAGE, reportFailure, reportVerdict } from '../CliCommand.ts';
import type { CliCommand, CommandIo } from '../CliCommand.ts';
import {
  APPSETTINGS_OPTION,
  findConnection,
  loadCommandConnections,
  loadCommandSettings,
} from '../loadCommandSettings.ts';
import { parseCommandArgs, usageError } from '../parseCommandArgs.ts';
import { addRooms } from './addRooms.ts';
import { printRoomLists, roomsOfList } from './roomLists.ts';

const USAGE = `usage: rooms <command>
  add <address>… [--tenant <tenant>] [--connection <name>]
                                      add room mailboxes (enabled), reached through the connection
                                      (default: default); refused unless each mailbox answers through it
  import <file> [--tenant <tenant>] [--connection <name>]
                                      add the rooms of a file: one address per line (# comments), or a
                                      CSV whose header names address and optionally connection, tenant
      several rooms are added in one transaction, all or none; only new mailboxes are checked:
      --concurrency <n>               mailboxes checked at a time (default 8, at most 64)
      --skip-unreachable              add the others when some mailbox is refused (exit code 1)
      --no-check                      add without checking the mailboxes
  import --room-list <address> [--connection <name>] [--tenant <tenant>]
                                      add every room of an Exchange room list, read through the connection
                                      (EWS GetRooms, Graph places: Place.Read.All); same options as above
  room-lists [--connection <name>] [--json]
                                      the room lists the connection sees
  remove <address>                    remove it; its subscription is ended
  enable <address> | disable <address>
  list [--json]
options: --appsettings <path>  RoomsAppSettings.config (else ROOMS_APPSETTINGS_PATH); DatabaseUrl may come from the env
`;

const SPEC = {
  name: 'rooms',
  usage: USAGE,
  options: {
    tenant: { type: 'string' },
    connection: { type: 'string' },
    json: { type: 'boolean' },
    concurrency: { type: 'string' },
    'skip-unreachable': { type: 'boolean' },
    'no-check': { type: 'boolean' },
    'room-list': { type: 'string' },
    ...APPSETTINGS_OPTION,
  },
} as const;

const VERBS = ['add', 'remove', 'enable', 'disable', 'list'];
const DEFAULT_CONCURRENCY = 8;
const MAX_CONCURRENCY = 64;

export const rooms: CliCommand = {
  summary:
    'manage the room mailboxes the subscription-manager keeps subscribed (add|import|remove|list|enable|disable|room-lists)',
  async run(argv, io) {
    const parsed = parseCommandArgs(SPEC, argv, io);
    if (!parsed.ok) return parsed.exitCode;
    const [verb, address, ...extra] = parsed.positionals;
    if (verb === undefined) return usageError(io, USAGE);
    if (parsed.values['room-list'] !== undefined && verb !== 'import') return usageError(io, USAGE);
    if (verb === 'import' || (verb === 'add' && extra.length > 0)) return bulk(parsed, io);
    if (verb === 'room-lists') {
      if (address !== undefined) return usageError(io, USAGE);
      return printRoomLists(
        parsed.args,
        parsed.values.connection ?? DEFAULT_CONNECTION,
        parsed.values.json === true,
        io,
      );
    }
    const needsAddress = verb !== 'list';
    if (!VERBS.includes(verb) || extra.length > 0 || needsAddress !== (address !== undefined)) {
      return usageError(io, USAGE);
    }
    if (address !== undefined && !isMailboxAddress(address)) {
      return usageError(io, `not a mailbox address: ${address}\n`);
    }
    const { connection = DEFAULT_CONNECTION, tenant } = parsed.values;
    if (verb !== 'add' && parsed.values.connection !== undefined) return usageError(io, USAGE);

    const config = loadCommandSettings({ DatabaseUrl: infraSettings.DatabaseUrl }, parsed.args, io);
    if (!config.ok) return config.exitCode;
    if (verb === 'add' && parsed.values['no-check'] !== true) {
      const reachable = await checkReachable(parsed.args, connection, normalizeMailbox(address ?? ''), io);
      if (reachable !== 0) return reachable;
    }
    const db = createDb({ url: config.settings.DatabaseUrl, poolMax: 1, applicationName: 'rooms-cli' });
    try {
      await runMigrations(db, { owner: ROOMS_DB_OWNER, migrations: roomsMigrations });
      const repo = createRoomsRepository(db);
      if (verb === 'list') return await list(repo, parsed.values.json === true, io);
      return report(
        await change(repo, verb, address ?? '', { tenant, connection }),
        verb,
        normalizeMailbox(address ?? ''),
        io,
      );
    } catch (error) {
      return reportFailure(io, `rooms ${verb}`, error);
    } finally {
      await db.destroy();
    }
  },
};

type RoomsArgs = Extract<ReturnType<typeof parseCommandArgs<typeof SPEC.options>>, { ok: true }>;

/** `add` of several addresses, `import FILE` or `import --room-list ADDRESS`. */
async function bulk(parsed: RoomsArgs, io: CommandIo): Promise<number> {
  const [verb, ...operands] = parsed.positionals;
  const { connection = DEFAULT_CONNECTION, tenant, concurrency = String(DEFAULT_CONCURRENCY) } = parsed.values;
  const limit = Number(concurrency);
  if (!/^\d+$/.test(concurrency) || limit < 1 || limit > MAX_CONCURRENCY) {
    return usageError(io, `--concurrency: a whole number from 1 to ${String(MAX_CONCURRENCY)}, not ${concurrency}\n`);
  }
  const roomList = parsed.values['room-list'];
  if (roomList !== undefined && (operands.length > 0 || !isMailboxAddress(roomList))) {
    return usageError(io, operands.length > 0 ? USAGE : `not a room list address: ${roomList}\n`);
  }
  const given = roomList === undefined ? await givenRooms(verb, operands, io) : [];
  if (typeof given === 'number') return given;
  const config = loadCommandSettings({ DatabaseUrl: infraSettings.DatabaseUrl }, parsed.args, io);
  if (!config.ok) return config.exitCode;
  // Exchange is asked only once the settings are known to be good.
  const requested = roomList === undefined ? given : await roomsOfList(parsed.args, connection, roomList, io);
  if (typeof requested === 'number') return requested;
  return addRooms(
    requested,
    {
      defaults: { connection, tenant },
      check: parsed.values['no-check'] !== true,
      skipUnreachable: parsed.values['skip-unreachable'] === true,
      concurrency: limit,
      databaseUrl: config.settings.DatabaseUrl,
      args: parsed.args,
    },
    io,
  );
}

/** The rooms of `import FILE` or `add A B …`; else the exit code (reported). */
async function givenRooms(
  verb: string | undefined,
  operands: string[],
  io: CommandIo,
): Promise<RequestedRoom[] | number> {
  if (verb !== 'import') return operands.map((a, i) => ({ address: a, where: `argument ${String(i + 1)}` }));
  const [file, ...extra] = operands;
  if (file === undefined || extra.length > 0) return usageError(io, USAGE);
  return (await readRoomFile(file, io)) ?? EX_USAGE;
}

/** The rooms the file lists; undefined when it cannot be read or parsed (reported). */
async function readRoomFile(file: string, io: CommandIo): Promise<RequestedRoom[] | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    io.stderr.write(`cannot read ${file}: ${errorMessage(error)}\n`);
    return undefined;
  }
  const parsed = parseRoomList(text);
  if (!parsed.ok) {
    for (const error of parsed.errors) io.stderr.write(`${file}: ${error}\n`);
    return undefined;
  }
  return parsed.rooms.map(({ line, ...room }) => ({ ...room, where: `${file}: line ${String(line)}` }));
}

/** 0 when the mailbox answers through the connection; else the exit code, the reason printed. */
async function checkReachable(args: string[], name: string, address: string, io: CommandIo): Promise<number> {
  const loaded = loadCommandConnections(args, io);
  if (!loaded.ok) return loaded.exitCode;
  const found = findConnection(loaded.entries, name, io);
  if (!found.ok) return found.exitCode;
  const connection = found.connection;
  try {
    // Only a failure is printed: stdout stays the one line that says what changed.
    const result = await probeConnection(connection, address);
    if (result.ok) return 0;
    const verdict = connectionVerdict(result.failure, { mailbox: address, clientId: clientIdOf(connection) });
    return reportVerdict(io, `${address} through connection ${connection.name}`, verdict);
  } catch (error) {
    return reportFailure(io, 'rooms add', error);
  }
}

function change(repo: RoomsRepository, verb: string, address: string, room: NewRoom): Promise<RoomChange> {
  if (verb === 'add') return repo.add(address, room);
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
  return result === 'not_found' ? EX_FAILED : 0;
}

async function list(repo: RoomsRepository, json: boolean, io: CommandIo): Promise<number> {
  const rows = await repo.listAll();
  if (json) {
    const shown = rows.map((r) => ({
      address: r.address,
      tenant: r.tenant ?? null,
      enabled: r.enabled,
      connection: r.connection,
    }));
    io.stdout.write(`${JSON.stringify(shown)}\n`);
    return 0;
  }
  const width = Math.max(7, ...rows.map((r) => r.address.length));
  const tenantWidth = Math.max(6, ...rows.map((r) => (r.tenant ?? '-').length));
  io.stdout.write(`${'ADDRESS'.padEnd(width)}  ENABLED  ${'TENANT'.padEnd(tenantWidth)}  CONNECTION\n`);
  for (const r of rows) {
    const enabled = (r.enabled ? 'yes' : 'no').padEnd(7);
    io.stdout.write(
      `${r.address.padEnd(width)}  ${enabled}  ${(r.tenant ?? '-').padEnd(tenantWidth)}  ${r.connection}\n`,
    );
  }
  return 0;
}
