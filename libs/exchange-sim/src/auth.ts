// Credential checks for the EWS endpoint: HTTP Basic against a user list, Bearer against a
// token list, either, or none. Comparisons are constant-time.
import { constantTimeEqual as same } from './constantTimeEqual.ts';

export type AuthMode = 'basic' | 'bearer' | 'any' | 'none';

export interface AuthConfig {
  mode: AuthMode;
  /** user → password (Basic). */
  users: ReadonlyMap<string, string>;
  /** Accepted bearer tokens. */
  tokens: readonly string[];
}

export type AuthOutcome = { ok: true; principal: string } | { ok: false; challenge: string };

function challengeFor(mode: AuthMode): string {
  if (mode === 'bearer') return 'Bearer';
  if (mode === 'any') return 'Basic realm="exchange-simulator", Bearer';
  return 'Basic realm="exchange-simulator"';
}

export function checkAuth(config: AuthConfig, header: string | undefined): AuthOutcome {
  if (config.mode === 'none') return { ok: true, principal: 'anonymous' };
  const challenge = { ok: false as const, challenge: challengeFor(config.mode) };
  if (!header) return challenge;
  const [scheme = '', value = ''] = header.split(/\s+/, 2);
  if (scheme.toLowerCase() === 'basic' && config.mode !== 'bearer') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    if (sep < 0) return challenge;
    const user = decoded.slice(0, sep);
    const expected = config.users.get(user);
    return expected !== undefined && same(expected, decoded.slice(sep + 1)) ? { ok: true, principal: user } : challenge;
  }
  if (scheme.toLowerCase() === 'bearer' && config.mode !== 'basic') {
    return config.tokens.some((t) => same(t, value)) ? { ok: true, principal: 'bearer' } : challenge;
  }
  return challenge;
}
