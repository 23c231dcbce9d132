// Just enough JWS for the simulator: compact RS256 signing of its own access tokens, and
// RS256/PS256 verification of client assertions (what MSAL signs with a certificate).
import type { KeyObject } from 'node:crypto';
import { createSign, createVerify, constants } from 'node:crypto';

export type JwtPart = Record<string, unknown>;
export interface ParsedJwt {
  header: JwtPart;
  payload: JwtPart;
  signingInput: string;
  signature: Buffer;
}

const b64url = (data: string | Buffer) => Buffer.from(data).toString('base64url');

export function signJwt(header: JwtPart, payload: JwtPart, key: KeyObject): string {
  const input = `${b64url(JSON.stringify({ ...header, alg: 'RS256', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

function part(text: string): JwtPart | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JwtPart) : undefined;
  } catch {
    return undefined;
  }
}

export function parseJwt(token: string): ParsedJwt | undefined {
  const pieces = token.split('.');
  if (pieces.length !== 3) return undefined;
  const [h = '', p = '', s = ''] = pieces;
  const header = part(h);
  const payload = part(p);
  if (!header || !payload || !/^[\w-]*$/.test(s)) return undefined;
  return { header, payload, signingInput: `${h}.${p}`, signature: Buffer.from(s, 'base64url') };
}

/** Checks the signature for the header's alg (RS256 or PS256 only: what Entra accepts from MSAL). */
export function verifyJwtSignature(jwt: ParsedJwt, key: KeyObject): boolean {
  const alg = jwt.header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') return false;
  const verifier = createVerify('RSA-SHA256').update(jwt.signingInput);
  return alg === 'RS256'
    ? verifier.verify(key, jwt.signature)
    : verifier.verify(
        { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO },
        jwt.signature,
      );
}
