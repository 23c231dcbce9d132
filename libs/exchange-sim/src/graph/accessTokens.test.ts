import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createManualClock } from '../clock.ts';
import { createAccessTokens, GRAPH_RESOURCE } from './accessTokens.ts';

test('issued tokens verify until they expire; other audiences and other signers do not', () => {
  const clock = createManualClock();
  const tokens = createAccessTokens({ clock, lifetimeMs: 3_600_000 });
  const t = tokens.issue('tenant', 'app', GRAPH_RESOURCE, ['Calendars.Read']);
  const ok = tokens.verify(t);
  assert.ok(ok.ok);
  if (ok.ok) assert.deepEqual([ok.claims.tenantId, ok.claims.clientId], ['tenant', 'app']);
  const outlook = tokens.verify(tokens.issue('tenant', 'app', 'https://outlook.office365.com', []));
  assert.ok(!outlook.ok);
  if (!outlook.ok) assert.match(outlook.message, /Invalid audience/);
  const other = createAccessTokens({ clock, lifetimeMs: 3_600_000 }).issue('tenant', 'app', GRAPH_RESOURCE, []);
  const forged = tokens.verify(other);
  assert.ok(!forged.ok);
  clock.advance(3_600_000);
  const expired = tokens.verify(t);
  assert.ok(!expired.ok);
  if (!expired.ok) assert.match(expired.message, /expired/);
  assert.deepEqual(tokens.jwks().keys.length, 1);
});
