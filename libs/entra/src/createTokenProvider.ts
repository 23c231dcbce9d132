// App-only access tokens (OAuth 2.0 client credentials) from Entra ID through MSAL, for both the
// Graph client and the EWS client of Exchange Online. MSAL keeps the token cache, signs the
// certificate assertion and handles authority metadata; this module only configures it and turns
// its errors into TokenRequestError.
import { AuthError, ClientAuthErrorCodes, ConfidentialClientApplication, ServerError } from '@azure/msal-node';
import type { Configuration, INetworkModule } from '@azure/msal-node';
import { certificateCredential } from './credential.ts';
import type { EntraCredential } from './credential.ts';
import { TokenRequestError } from './TokenRequestError.ts';

const NETWORK_ERRORS = new Set<string>([ClientAuthErrorCodes.networkError, ClientAuthErrorCodes.noNetworkConnectivity]);

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface TokenProviderOptions {
  readonly tenantId: string;
  readonly clientId: string;
  readonly credential: EntraCredential;
  /** e.g. https://graph.microsoft.com/.default or https://outlook.office365.com/.default */
  readonly scope: string;
  /** Default https://login.microsoftonline.com; a national cloud or the simulator otherwise. */
  readonly authorityHost?: string | undefined;
  /** MSAL's HTTP client; its own (node:https) by default. */
  readonly networkClient?: INetworkModule | undefined;
}

export type TokenProvider = () => Promise<string>;

export function createTokenProvider(options: TokenProviderOptions): TokenProvider {
  const host = new URL(options.authorityHost ?? DEFAULT_AUTHORITY_HOST);
  const authority = new URL(`${encodeURIComponent(options.tenantId)}/`, host).href;
  const app = new ConfidentialClientApplication(configuration(options, host, authority));
  const tokenUrl = new URL('oauth2/v2.0/token', authority).href;

  return async function accessToken(): Promise<string> {
    let result;
    try {
      // Served from MSAL's cache until shortly before expiry; concurrent callers may each ask,
      // which costs at most a few token requests at expiry.
      result = await app.acquireTokenByClientCredential({ scopes: [options.scope] });
    } catch (error) {
      throw toTokenRequestError(error, tokenUrl);
    }
    if (!result?.accessToken) throw new TokenRequestError('token response lacks an access token', { url: tokenUrl });
    return result.accessToken;
  };
}

function configuration(options: TokenProviderOptions, host: URL, authority: string): Configuration {
  const credential =
    options.credential.kind === 'secret'
      ? { clientSecret: options.credential.secret }
      : {
          clientCertificate: certificateCredential(options.credential.certificatePem, options.credential.privateKeyPem),
        };
  const microsoftHost = host.href === new URL(DEFAULT_AUTHORITY_HOST).href;
  return {
    auth: {
      clientId: options.clientId,
      authority,
      ...credential,
      // Any other host (a national cloud, the simulator) is trusted as named instead of being
      // looked up through Microsoft's instance discovery, which would leave the network it runs in.
      ...(microsoftHost ? {} : { knownAuthorities: [host.host] }),
    },
    ...(options.networkClient ? { system: { networkClient: options.networkClient } } : {}),
  };
}

function toTokenRequestError(error: unknown, url: string): TokenRequestError {
  if (error instanceof ServerError) {
    // errorMessage is Entra's error_description: it names the tenant and app, never the secret.
    const description = error.errorMessage.split('\n')[0]?.slice(0, 300) ?? '';
    return new TokenRequestError(
      `token endpoint answered ${error.status ?? 'an error'} ${error.errorCode}: ${description}`,
      {
        url,
        oauthError: error.errorCode,
        cause: error,
        ...(error.status === undefined ? {} : { status: error.status }),
      },
    );
  }
  if (error instanceof AuthError) {
    // Only a network failure is worth retrying; any other client-side error is configuration.
    const network = NETWORK_ERRORS.has(error.errorCode);
    const timedOut = network && /timed? ?out/i.test(error.errorMessage);
    return new TokenRequestError(`token request failed: ${error.errorCode}`, {
      url,
      timedOut,
      retriable: network,
      cause: error,
    });
  }
  return new TokenRequestError('token request failed', { url, cause: error });
}
