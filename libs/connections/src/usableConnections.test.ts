import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '@rooms-sync/config';
import type { CommandConnection, ConnectionEntry } from './commandConnections.ts';
import { usableConnections } from './usableConnections.ts';

const cloud: CommandConnection = {
  name: 'cloud',
  kind: 'graph',
  tenantId: 't',
  clientId: 'c',
  credential: { kind: 'secret', secret: 's' },
  authorityHost: 'https://login.example',
  graphUrl: 'https://graph.example',
};
const missingUser = new ConfigError({ key: 'EwsUsername', source: 'unset', reason: 'required when EwsAuth=basic' });
const entries: ConnectionEntry[] = [
  { ok: false, name: 'default', kind: 'ews', url: 'https://ews.example/EWS/Exchange.asmx', errors: [missingUser] },
  { ok: true, connection: cloud },
];

test('an incomplete connection no new room uses is left out; the usable ones are there by name', () => {
  const usable = usableConnections(entries, [{ connection: 'cloud' }]);
  assert.ok(usable.ok);
  assert.deepEqual([...usable.connections], [['cloud', cloud]]);
  assert.deepEqual(usableConnections(entries, []), { ok: true, connections: new Map([['cloud', cloud]]) });
});

test('an incomplete connection a new room uses: its config errors, nothing usable', () => {
  assert.deepEqual(usableConnections(entries, [{ connection: 'cloud' }, { connection: 'default' }]), {
    ok: false,
    errors: [missingUser],
  });
});
