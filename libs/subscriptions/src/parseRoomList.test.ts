import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRoomList, splitRecord } from './parseRoomList.ts';

test('a plain list: one address per line, blank lines and # comments ignored', () => {
  const text = '\uFEFF# rooms of building A\r\nroom-1@contoso.example\r\n\r\n  room-2@contoso.example  \n# end\n';
  assert.deepEqual(parseRoomList(text), {
    ok: true,
    rooms: [
      { address: 'room-1@contoso.example', line: 2 },
      { address: 'room-2@contoso.example', line: 4 },
    ],
  });
  assert.deepEqual(parseRoomList('\n# nothing\n'), { ok: true, rooms: [] });
});

test('a plain list refuses a line that is not one address', () => {
  assert.deepEqual(parseRoomList('room-1@contoso.example\nroom-2@x.example room-3@x.example\na,b\n'), {
    ok: false,
    errors: [
      'line 2: one address per line (a CSV needs a header naming an address column)',
      'line 3: one address per line (a CSV needs a header naming an address column)',
    ],
  });
});

test('a CSV: the header names the columns in any order and case; empty fields take the defaults', () => {
  const text = 'Tenant,Address,connection\ncontoso,room-1@contoso.example,cloud\n,"room-2@contoso.example",\n';
  assert.deepEqual(parseRoomList(text), {
    ok: true,
    rooms: [
      { address: 'room-1@contoso.example', connection: 'cloud', tenant: 'contoso', line: 2 },
      { address: 'room-2@contoso.example', connection: undefined, tenant: undefined, line: 3 },
    ],
  });
  assert.deepEqual(parseRoomList('address\nroom-1@contoso.example\n'), {
    ok: true,
    rooms: [{ address: 'room-1@contoso.example', connection: undefined, tenant: undefined, line: 2 }],
  });
});

test('a CSV is refused whole, each fault with its line', () => {
  const text = 'address,site,address\nroom-1@contoso.example,a\n"room-2@contoso.example,b,c\n,x,y\n';
  assert.deepEqual(parseRoomList(text), {
    ok: false,
    errors: [
      'header: unknown column "site" (known: address, connection, tenant)',
      'header: column "address" twice',
      'line 2: 2 fields, the header has 3',
      'line 3: unbalanced quotes',
      'line 4: no address',
    ],
  });
});

test('splitRecord: quoted fields, doubled quotes, trimming, empty fields', () => {
  assert.deepEqual(splitRecord('a, "b ""c"", d" ,,e'), ['a', 'b "c", d', '', 'e']);
  assert.deepEqual(splitRecord('a,'), ['a', '']);
  assert.equal(splitRecord('"a" b,c'), undefined);
  assert.equal(splitRecord('a"b'), undefined);
});
