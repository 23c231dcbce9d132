// A certificate credential as Entra ID checks it: a JWT (RS256 with x5t, or PS256 with x5t#S256,
// as MSAL signs it) by one of the app's registered certificates, for this token endpoint, issued
// and subject = the client id, within its lifetime.
import type { Clock } from '../clock.ts';
import type { AppRegistry, GraphApp } from './appRegistry.ts';
import { parseJwt, verifyJwtSignature } from './jwt.ts';

export type AssertionCheck = { ok: true } | { ok: false; aadsts: number; message: string };

const SKEW_S = 300;

export function verifyClientAssertion(
  assertion: string,
  app: GraphApp,
  deps: { apps: AppRegistry; clock: Clock; tokenEndpoint: string },
): AssertionCheck {
  const jwt = parseJwt(assertion);
  if (!jwt) return { ok: false, aadsts: 50027, message: 'JWT token is invalid or malformed.' };
  const x5t256 = jwt.header['x5t#S256'];
  const x5t = jwt.header.x5t;
  const cert =
    typeof x5t256 === 'string'
      ? deps.apps.certificate(app, Buffer.from(x5t256, 'base64url').toString('hex'), 'sha256')
      : typeof x5t === 'string'
        ? deps.apps.certificate(app, Buffer.from(x5t, 'base64url').toString('hex'), 'sha1')
        : undefined;
  if (!cert)
    return {
      ok: false,
      aadsts: 700027,
      message: `The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${typeof x5t256 === 'string' ? x5t256 : typeof x5t === 'string' ? x5t : ''}']`,
    };
  if (!verifyJwtSignature(jwt, cert.publicKey))
    return { ok: false, aadsts: 700027, message: 'Client assertion failed signature validation.' };
  const { aud, iss, sub, exp, nbf } = jwt.payload;
  if (iss !== sub || typeof iss !== 'string' || iss.toLowerCase() !== app.clientId)
    return { ok: false, aadsts: 700023, message: 'Client assertion issuer and subject must be the client id.' };
  if (typeof aud !== 'string' || aud.toLowerCase() !== deps.tokenEndpoint.toLowerCase())
    return {
      ok: false,
      aadsts: 700212,
      message: `No matching federated identity record found for presented assertion audience '${String(aud)}'.`,
    };
  const now = deps.clock.now() / 1000;
  if (typeof exp !== 'number' || exp + SKEW_S < now || (typeof nbf === 'number' && nbf - SKEW_S > now))
    return { ok: false, aadsts: 700024, message: 'Client assertion is not within its valid time range.' };
  return { ok: true };
}
