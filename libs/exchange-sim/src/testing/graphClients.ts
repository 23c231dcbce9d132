// Test helper: the real clients a Graph consumer uses, pointed at the simulator — an MSAL
// ConfidentialClientApplication (secret or certificate) whose authority is the simulator's
// tenant, and a @microsoft/microsoft-graph-client Client that gets its tokens from it.
import type { Configuration } from '@azure/msal-node';
import { ConfidentialClientApplication } from '@azure/msal-node';
import { Client } from '@microsoft/microsoft-graph-client';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

export interface MsalTarget {
  /** `https://127.0.0.1:port` of the Graph face. */
  graphUrl: string;
  tenantId: string;
  clientId: string;
  credential: { clientSecret: string } | { thumbprintSha256: string; privateKey: string };
}

export function createMsalClient(t: MsalTarget): ConfidentialClientApplication {
  const config: Configuration = {
    auth: {
      clientId: t.clientId,
      authority: `${t.graphUrl}/${t.tenantId}`,
      // A known authority skips instance discovery at login.microsoftonline.com: MSAL builds the
      // cloud metadata from the host and reads the simulator's own OpenID configuration.
      knownAuthorities: [new URL(t.graphUrl).host],
      ...('clientSecret' in t.credential
        ? { clientSecret: t.credential.clientSecret }
        : {
            clientCertificate: { thumbprintSha256: t.credential.thumbprintSha256, privateKey: t.credential.privateKey },
          }),
    },
  };
  return new ConfidentialClientApplication(config);
}

export async function acquireToken(msal: ConfidentialClientApplication): Promise<string> {
  const result = await msal.acquireTokenByClientCredential({ scopes: [GRAPH_SCOPE] });
  if (!result) throw new Error('MSAL returned no token');
  return result.accessToken;
}

/** A Graph client on the simulator, with its default middleware (auth, retry on 429/503, redirects). */
export function createGraphClient(graphUrl: string, token: () => Promise<string>): Client {
  return Client.initWithMiddleware({
    baseUrl: graphUrl,
    // The client only attaches the token to Graph's own hosts and these (hostnames, no port).
    customHosts: new Set([new URL(graphUrl).hostname]),
    authProvider: { getAccessToken: token },
    defaultVersion: 'v1.0',
  });
}
