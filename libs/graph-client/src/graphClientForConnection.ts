// One Graph client per Graph connection, as every service builds it: an MSAL token provider for
// the connection's app registration and the Graph client on the connection's Graph URL.
import { createTokenProvider } from '@rooms-sync/entra';
import type { EntraCredential } from '@rooms-sync/entra';
import { createGraphClient } from './createGraphClient.ts';
import type { GraphClientOptions } from './createGraphClient.ts';
import type { GraphClient } from './GraphClient.ts';

/** App-only Graph access: the `.default` scope of Graph's resource, whatever host serves it. */
export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** What a Graph connection (libs/config) holds; structural, so this lib does not read settings. */
export interface GraphConnectionDetails {
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: EntraCredential;
  readonly authorityHost: string;
  readonly graphUrl: string;
}

export function graphClientForConnection(
  connection: GraphConnectionDetails,
  options: Omit<GraphClientOptions, 'baseUrl' | 'token'>,
): GraphClient {
  const token = createTokenProvider({
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    credential: connection.credential,
    scope: GRAPH_SCOPE,
    authorityHost: connection.authorityHost,
  });
  return createGraphClient({ ...options, baseUrl: connection.graphUrl, token });
}
