import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decideImport, planRoomImport } from './planRoomImport.ts';

const CONNECTIONS = new Set(['default', 'cloud']);

test('rooms are normalised, take the defaults where they name nothing, and count once', () => {
  const plan = planRoomImport(
    [
      { address: 'Room-1@Contoso.Example', where: 'argument 1' },
      { address: 'room-2@contoso.example', connection: 'cloud', tenant: 'fabrikam', where: 'line 3' },
      { address: 'room-1@contoso.example', where: 'argument 3' },
    ],
    { connection: 'default', tenant: 'contoso' },
    CONNECTIONS,
  );
  assert.deepEqual(plan, {
    ok: true,
    rooms: [
      { address: 'room-1@contoso.example', connection: 'default', tenant: 'contoso' },
      { address: 'room-2@contoso.example', connection: 'cloud', tenant: 'fabrikam' },
    ],
  });
});

test('every bad address, unknown connection and conflicting duplicate is reported, and nothing planned', () => {
  const plan = planRoomImport(
    [
      { address: 'not-an-address', where: 'line 1' },
      { address: 'room-1@contoso.example', connection: 'nowhere', where: 'line 2' },
      { address: 'room-2@contoso.example', where: 'line 3' },
      { address: 'ROOM-2@contoso.example', connection: 'cloud', where: 'line 4' },
    ],
    { connection: 'default' },
    CONNECTIONS,
  );
  assert.deepEqual(plan, {
    ok: false,
    errors: [
      'line 1: not a mailbox address: not-an-address',
      'line 2: no such connection: nowhere (configured: default, cloud)',
      'line 4: room-2@contoso.example given twice, with a different connection or tenant',
    ],
  });
});

const ROOMS = [
  { address: 'a@x.example', connection: 'default' },
  { address: 'b@x.example', connection: 'default' },
  { address: 'c@x.example', connection: 'cloud' },
];
const REFUSED = [{ address: 'b@x.example', connection: 'default', reason: 'no such mailbox' }];

test('no refusal: every room is added', () => {
  assert.deepEqual(decideImport(ROOMS, [], false), { add: ROOMS, problems: [], refused: false });
});

test('a refusal stops the whole import, unless the unreachable are skipped', () => {
  assert.deepEqual(decideImport(ROOMS, REFUSED, false), { add: [], problems: REFUSED, refused: true });
  assert.deepEqual(decideImport(ROOMS, REFUSED, true), {
    add: [ROOMS[0], ROOMS[2]],
    problems: REFUSED,
    refused: false,
  });
});
