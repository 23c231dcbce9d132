// OAuth 2.0 client-credentials grant against Entra ID (app-only, full_access_as_app;
// docs/protocols.md §3). One small POST, so no msal: the token is cached until shortly
// before it expires and concurrent callers share one refresh.
import { TokenRequestError } from './TokenRequestError.ts';

export interface ClientCredentialsOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** Default https://login.microsoftonline.com */
  authorityHost?: string;
  /** Default https://outlook.office365.com/.default */
  scope?: string;
  /** Refresh this long before expiry. Default 5 minutes. */
  refreshBeforeExpiryMs?: number;
  /** Default 10 000. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

interface CachedToken {
  token: string;
  refreshAt: number;
}

const DEFAULT_SCOPE = 'https://outlook.office365.com/.default';
const DEFAULT_AUTHORITY = 'https://login.microsoftonline.com';

export function createClientCredentialsTokenProvider(options: ClientCredentialsOptions): () => Promise<string> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const skew = options.refreshBeforeExpiryMs ?? 5 * 60_000;
  const authority = (options.authorityHost ?? DEFAULT_AUTHORITY).replace(/\/+$/, '');
  const url = `${authority}/${encodeURIComponent(options.tenantId)}/oauth2/v2.0/token`;
  let cached: CachedToken | undefined;
  let inFlight: Promise<string> | undefined;

  async function requestToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      scope: options.scope ?? DEFAULT_SCOPE,
    });
    let response: Response;
    try {
      response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (cause) {
      const timedOut = cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError');
      throw new TokenRequestError(timedOut ? 'token request timed out' : 'token endpoint unreachable', {
        url,
        timedOut,
        cause,
      });
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = readString(parsed, 'error') ?? 'unknown_error';
      // error_description can echo the client id but never the secret; keep it short anyway.
      const description = (readString(parsed, 'error_description') ?? '').split('\n')[0]?.slice(0, 300) ?? '';
      throw new TokenRequestError(`token endpoint answered ${response.status} ${error}: ${description}`, {
        url,
        status: response.status,
        oauthError: error,
      });
    }
    const token = readString(parsed, 'access_token');
    const expiresIn = readNumber(parsed, 'expires_in');
    if (token === undefined || expiresIn === undefined) {
      throw new TokenRequestError('token response lacks access_token or expires_in', { url, status: response.status });
    }
    // Never cache past half the lifetime, so short-lived test tokens still get refreshed.
    cached = { token, refreshAt: now() + Math.max(expiresIn * 1000 - skew, (expiresIn * 1000) / 2) };
    return token;
  }

  return async function clientCredentialsToken(): Promise<string> {
    if (cached && now() < cached.refreshAt) return cached.token;
    inFlight ??= requestToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function readString(o: unknown, key: string): string | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v: unknown = (o as Record<string, unknown>)[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function readNumber(o: unknown, key: string): number | undefined {
  if (typeof o !== 'object' || o === null) return undefined;
  const v: unknown = (o as Record<string, unknown>)[key];
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}
