// The access tokens the simulated Entra ID issues and the Graph face accepts: RS256 JWTs signed
// with a key made at start (published at jwks_uri), with Entra's app-only claims (tid, appid,
// roles, aud = the resource of the requested scope).
import type { KeyObject } from 'node:crypto';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { parseJwt, signJwt, verifyJwtSignature } from './jwt.ts';

export const GRAPH_RESOURCE = 'https://graph.microsoft.com';

export interface TokenClaims {
  tenantId: string;
  clientId: string;
  audience: string;
  expiresAt: number;
  /** The application permissions the token carries. */
  roles: string[];
}

export type TokenCheck = { ok: true; claims: TokenClaims } | { ok: false; message: string };
export type AccessTokens = ReturnType<typeof createAccessTokens>;

export function createAccessTokens(options: { clock: Clock; lifetimeMs: number }) {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest('base64url')
    .slice(0, 27);
  const key: KeyObject = publicKey;
  return {
    lifetimeSeconds: Math.floor(options.lifetimeMs / 1000),
    issue(tenantId: string, clientId: string, audience: string, roles: readonly string[]): string {
      const now = Math.floor(options.clock.now() / 1000);
      return signJwt(
        { kid, x5t: kid },
        {
          aud: audience,
          iss: `https://sts.windows.net/${tenantId}/`,
          iat: now,
          nbf: now,
          exp: now + Math.floor(options.lifetimeMs / 1000),
          appid: clientId,
          appidacr: '1',
          idtyp: 'app',
          oid: randomUUID(),
          roles,
          sub: clientId,
          tid: tenantId,
          uti: randomUUID().replaceAll('-', ''),
          ver: '1.0',
        },
        privateKey,
      );
    },
    /** Graph's checks, in Graph's order: well-formed, signed by us, not expired, for Graph. */
    verify(token: string): TokenCheck {
      const jwt = parseJwt(token);
      if (!jwt) return { ok: false, message: 'IDX14100: JWT is not well formed, there are no dots (.).' };
      if (jwt.header.kid !== kid || !verifyJwtSignature(jwt, key))
        return { ok: false, message: 'Access token validation failure. Invalid signature.' };
      const { tid, appid, aud, exp, roles } = jwt.payload;
      if (typeof tid !== 'string' || typeof appid !== 'string' || typeof aud !== 'string' || typeof exp !== 'number')
        return { ok: false, message: 'Access token validation failure.' };
      if (exp * 1000 <= options.clock.now())
        return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
      if (aud !== GRAPH_RESOURCE && aud !== `${GRAPH_RESOURCE}/`)
        return { ok: false, message: 'Access token validation failure. Invalid audience.' };
      const granted = Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [];
      return {
        ok: true,
        claims: { tenantId: tid, clientId: appid, audience: aud, expiresAt: exp * 1000, roles: granted },
      };
    },
    jwks() {
      const jwk = key.export({ format: 'jwk' });
      return {
        keys: [
          {
            kty: 'RSA',
            use: 'sig',
            kid,
            x5t: kid,
            n: jwk.n,
            e: jwk.e,
            issuer: 'https://login.microsoftonline.com/{tenantid}/v2.0',
          },
        ],
      };
    },
  };
}
