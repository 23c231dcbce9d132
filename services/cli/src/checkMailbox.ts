// What `connections test` and `rooms add` share: finding a connection by name, describing it
// without its secret, and the reachability check with its verdict printed.
import type { CommandIo } from './CliCommand.ts';
import { EX_USAGE } from './CliCommand.ts';
import type { CommandConnection, ConnectionEntry } from './commandConnections.ts';
import { connectionVerdict } from './connectionVerdict.ts';
import { reportConfigErrors } from './loadCommandSettings.ts';
import { probeConnection } from './probeConnection.ts';

export type FoundConnection =
  | { readonly ok: true; readonly connection: CommandConnection }
  /** Already reported: an unknown name (EX_USAGE), or a default whose Ews* keys are incomplete (EX_CONFIG). */
  | { readonly ok: false; readonly exitCode: number };

export function findConnection(entries: readonly ConnectionEntry[], name: string, io: CommandIo): FoundConnection {
  const entry = entries.find((e) => (e.ok ? e.connection.name : e.name) === name);
  if (entry === undefined) {
    const known = entries.map((e) => (e.ok ? e.connection.name : e.name)).join(', ');
    io.stderr.write(`no such connection: ${name} (configured: ${known})\n`);
    return { ok: false, exitCode: EX_USAGE };
  }
  if (!entry.ok) return { ok: false, exitCode: reportConfigErrors(io, entry.errors) };
  return entry;
}

export function endpointOf(connection: CommandConnection): string {
  return connection.kind === 'graph' ? connection.graphUrl : connection.url;
}

/** The kind of credential and whose it is; never the secret itself. */
export function describeCredential(connection: CommandConnection): string {
  if (connection.kind === 'graph') {
    return `${connection.credential.kind} of app ${connection.clientId} in tenant ${connection.tenantId}`;
  }
  const auth = connection.auth;
  switch (auth.kind) {
    case 'basic':
    case 'ntlm':
      return `${auth.kind} as ${auth.kind === 'ntlm' && auth.domain !== undefined ? `${auth.domain}\\` : ''}${auth.username}`;
    case 'bearer':
      return 'fixed bearer token';
    case 'oauth-client-credentials':
      return `oauth secret of app ${auth.clientId} in tenant ${auth.tenantId}`;
  }
}

/** The app's client id, for the verdict's RBAC hints; undefined for EWS with a user account. */
export function clientIdOf(connection: CommandConnection): string | undefined {
  if (connection.kind === 'graph') return connection.clientId;
  return connection.auth.kind === 'oauth-client-credentials' ? connection.auth.clientId : undefined;
}

export function describeConnection(connection: CommandConnection): string {
  return `${connection.name} (${connection.kind}, ${endpointOf(connection)}, ${describeCredential(connection)})`;
}

/**
 * Probes the connection (and the mailbox, when given) and prints, with `steps`, what was checked
 * on stdout, and on failure the verdict on stderr. True when everything checked works.
 */
export async function checkMailbox(
  connection: CommandConnection,
  mailbox: string | undefined,
  io: CommandIo,
  steps = true,
): Promise<boolean> {
  const result = await probeConnection(connection, mailbox);
  if (steps) for (const step of result.checked) io.stdout.write(`${step}: ok\n`);
  if (result.ok) {
    if (mailbox === undefined && connection.kind === 'ews' && result.checked.length === 0) {
      io.stdout.write(
        `no token to get with this credential; --mailbox <address> checks ${connection.name} against Exchange\n`,
      );
    }
    return true;
  }
  const verdict = connectionVerdict(result.failure, { mailbox, clientId: clientIdOf(connection) });
  const subject =
    mailbox === undefined ? `connection ${connection.name}` : `${mailbox} through connection ${connection.name}`;
  io.stderr.write(`FAILED: ${subject}: ${verdict.reason}\n`);
  if (verdict.hint !== undefined) io.stderr.write(`${verdict.hint}\n`);
  return false;
}
