import assert from 'node:assert/strict';
import { createPrivateKey, createSign } from 'node:crypto';
import { after, test } from 'node:test';
import { createManualClock } from '../clock.ts';
import { createTestTls } from '@rooms-sync/testing';
import { createAppRegistry } from './appRegistry.ts';
import { verifyClientAssertion } from './verifyClientAssertion.ts';

const tls = createTestTls();
after(() => {
  tls.cleanup();
});
const ENDPOINT = 'https://127.0.0.1:8091/contoso/oauth2/v2.0/token';
const clock = createManualClock();
const apps = createAppRegistry();
const app = apps.register({ tenantId: 'contoso', clientId: 'app', certificatePem: tls.certPem });
const key = createPrivateKey(tls.keyPem);
const now = Math.floor(clock.now() / 1000);

/** An RS256 assertion with x5t (SHA-1), the older form MSAL sends for a SHA-1 thumbprint. */
function assertion(payload: Record<string, unknown>, header: Record<string, unknown> = {}): string {
  const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const x5t = Buffer.from(app.certificates[0]?.fingerprint.replaceAll(':', '') ?? '', 'hex').toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', x5t, ...header })}.${b64({
    aud: ENDPOINT,
    iss: 'app',
    sub: 'app',
    jti: 'j',
    nbf: now,
    exp: now + 600,
    ...payload,
  })}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}
const check = (a: string) => verifyClientAssertion(a, app, { apps, clock, tokenEndpoint: ENDPOINT });
const code = (a: string) => {
  const r = check(a);
  return r.ok ? 0 : r.aadsts;
};

test('a well-formed assertion by the registered certificate passes', () => {
  assert.deepEqual(check(assertion({})), { ok: true });
});

test('unknown certificate, bad signature, wrong audience, issuer or time range are refused with their AADSTS codes', () => {
  assert.equal(code(assertion({}, { x5t: Buffer.alloc(20).toString('base64url') })), 700027);
  const good = assertion({});
  assert.equal(code(`${good.slice(0, good.lastIndexOf('.'))}.${Buffer.from('x').toString('base64url')}`), 700027);
  assert.equal(code(assertion({ aud: 'https://login.microsoftonline.com/contoso/oauth2/v2.0/token' })), 700212);
  assert.equal(code(assertion({ iss: 'other', sub: 'other' })), 700023);
  assert.equal(code(assertion({ exp: now - 3600 })), 700024);
  assert.equal(code('not.a.jwt'), 50027);
});
