// A connection as the operator sees it, never with its secret: by its endpoint and the kind of
// credential and whose it is; and the app's client id, which the verdicts' RBAC hints name.
import type { CommandConnection } from './commandConnections.ts';

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
