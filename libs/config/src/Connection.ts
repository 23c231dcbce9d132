// An Exchange organization the deployment talks to (docs/architecture.md §9): EWS (Exchange Server,
// or Exchange Online while EWS lasts there) or Microsoft Graph (Exchange Online). Each room belongs
// to one. Secrets are held here in memory only; nothing that prints a connection may print them.

/** The connection the `Ews*` keys describe; every room belongs to it unless added with another. */
export const DEFAULT_CONNECTION = 'default';

export const CONNECTION_KINDS = ['ews', 'graph'] as const;
export type ConnectionKind = (typeof CONNECTION_KINDS)[number];

export const EWS_CONNECTION_AUTHS = ['basic', 'ntlm', 'bearer', 'oauth'] as const;

/** Shaped like the EWS client's `EwsAuth`, so a named EWS connection is handed to it as is. */
export type EwsConnectionAuth =
  | { readonly kind: 'basic'; readonly username: string; readonly password: string }
  | { readonly kind: 'ntlm'; readonly username: string; readonly password: string; readonly domain?: string }
  | { readonly kind: 'bearer'; readonly token: () => Promise<string> }
  | {
      readonly kind: 'oauth-client-credentials';
      readonly tenantId: string;
      readonly clientId: string;
      readonly clientSecret: string;
    };

export interface EwsConnection {
  readonly name: string;
  readonly kind: 'ews';
  readonly url: string;
  readonly auth: EwsConnectionAuth;
}

export type GraphCredential =
  | { readonly kind: 'secret'; readonly secret: string }
  | { readonly kind: 'certificate'; readonly certificatePem: string; readonly privateKeyPem: string };

export interface GraphConnection {
  readonly name: string;
  readonly kind: 'graph';
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: GraphCredential;
  readonly authorityHost: string;
  readonly graphUrl: string;
}

export type Connection = EwsConnection | GraphConnection;
