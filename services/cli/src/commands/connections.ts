// `connections list|test`: the Exchange organizations this deployment talks to (docs/connections.md)
// and whether one works: a token, and with --mailbox one harmless read, then a verdict. Nothing
// printed here ever carries a secret: a connection is shown by its endpoint and credential kind.
import {
  clientIdOf,
  connectionVerdict,
  describeConnection,
  describeCredential,
  endpointOf,
  probeConnection,
} from '@rooms-sync/connections';
import type { CommandConnection, ConnectionEntry } from '@rooms-sync/connections';
import { isMailboxAddress, normalizeMailbox } from '@rooms-sync/subscriptions';
import { reportFailure, reportVerdict } from '../CliCommand.ts';
import type { CliCommand, CommandIo } from '../CliCommand.ts';
import { APPSETTINGS_OPTION, findConnection, loadCommandConnections } from '../loadCommandSettings.ts';
import { parseCommandArgs, usageError } from '../parseCommandArgs.ts';

const USAGE = `usage: connections <command>
  list [--json]                         the connections: name, kind, endpoint, credential kind
  test <name> [--mailbox <address>]     get a token; with --mailbox, read one day of its calendar
options: --appsettings <path>  RoomsAppSettings.config (else ROOMS_APPSETTINGS_PATH); keys may come from the env
`;

const SPEC = {
  name: 'connections',
  usage: USAGE,
  options: { mailbox: { type: 'string' }, json: { type: 'boolean' }, ...APPSETTINGS_OPTION },
} as const;

export const connections: CliCommand = {
  summary: 'the Exchange connections (EWS, Graph) and whether each works (list|test)',
  async run(argv, io) {
    const parsed = parseCommandArgs(SPEC, argv, io);
    if (!parsed.ok) return parsed.exitCode;
    const [verb, name, ...extra] = parsed.positionals;
    const { mailbox } = parsed.values;
    const shape = verb === 'list' ? name === undefined && mailbox === undefined : verb === 'test' && name !== undefined;
    if (!shape || extra.length > 0) return usageError(io, USAGE);
    if (mailbox !== undefined && !isMailboxAddress(mailbox)) {
      return usageError(io, `not a mailbox address: ${mailbox}\n`);
    }

    const loaded = loadCommandConnections(parsed.args, io);
    if (!loaded.ok) return loaded.exitCode;
    if (verb === 'list') return list(loaded.entries, parsed.values.json === true, io);
    const found = findConnection(loaded.entries, name ?? '', io);
    if (!found.ok) return found.exitCode;
    const connection = found.connection;
    io.stdout.write(`connection ${describeConnection(connection)}\n`);
    try {
      const address = mailbox === undefined ? undefined : normalizeMailbox(mailbox);
      return await testConnection(connection, address, io);
    } catch (error) {
      return reportFailure(io, 'connections test', error);
    }
  },
};

/** Probes the connection (and the mailbox, when given): what was checked on stdout, on failure the verdict on stderr. */
async function testConnection(
  connection: CommandConnection,
  mailbox: string | undefined,
  io: CommandIo,
): Promise<number> {
  const result = await probeConnection(connection, mailbox);
  for (const step of result.checked) io.stdout.write(`${step}: ok\n`);
  if (!result.ok) {
    const verdict = connectionVerdict(result.failure, { mailbox, clientId: clientIdOf(connection) });
    const subject =
      mailbox === undefined ? `connection ${connection.name}` : `${mailbox} through connection ${connection.name}`;
    return reportVerdict(io, subject, verdict);
  }
  if (mailbox === undefined && connection.kind === 'ews' && result.checked.length === 0) {
    io.stdout.write(
      `no token to get with this credential; --mailbox <address> checks ${connection.name} against Exchange\n`,
    );
  }
  io.stdout.write('ok\n');
  return 0;
}

function list(entries: readonly ConnectionEntry[], json: boolean, io: CommandIo): number {
  const rows = entries.map((entry) =>
    entry.ok
      ? {
          name: entry.connection.name,
          kind: entry.connection.kind,
          endpoint: endpointOf(entry.connection),
          credential: describeCredential(entry.connection),
        }
      : {
          name: entry.name,
          kind: entry.kind,
          endpoint: entry.url,
          credential: 'incomplete (connections test says why)',
        },
  );
  if (json) {
    io.stdout.write(`${JSON.stringify(rows)}\n`);
    return 0;
  }
  const width = (pick: (r: (typeof rows)[number]) => string, title: string) =>
    Math.max(title.length, ...rows.map((r) => pick(r).length));
  const [n, k, e] = [width((r) => r.name, 'NAME'), width((r) => r.kind, 'KIND'), width((r) => r.endpoint, 'ENDPOINT')];
  io.stdout.write(`${'NAME'.padEnd(n)}  ${'KIND'.padEnd(k)}  ${'ENDPOINT'.padEnd(e)}  CREDENTIAL\n`);
  for (const r of rows)
    io.stdout.write(`${r.name.padEnd(n)}  ${r.kind.padEnd(k)}  ${r.endpoint.padEnd(e)}  ${r.credential}\n`);
  return 0;
}
