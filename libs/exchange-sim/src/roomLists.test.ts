import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRoomLists } from './roomLists.ts';
import { SimError } from './SimError.ts';

test('a room list is kept by its lower-cased address, members de-duplicated in order; put replaces it', () => {
  const lists = createRoomLists();
  lists.put({
    address: 'Building-A@Contoso.example',
    name: 'Building A',
    rooms: ['R1@x.example', 'r2@x.example', 'r1@x.example'],
  });
  assert.deepEqual(lists.find('building-a@contoso.example'), {
    address: 'building-a@contoso.example',
    name: 'Building A',
    rooms: ['r1@x.example', 'r2@x.example'],
  });
  lists.put({ address: 'building-a@contoso.example', rooms: [] });
  assert.deepEqual(lists.list(), [
    { address: 'building-a@contoso.example', name: 'building-a@contoso.example', rooms: [] },
  ]);
});

test('an address that is none is refused; removing an unknown list is NotFound', () => {
  const lists = createRoomLists();
  assert.throws(
    () => lists.put({ address: 'no at sign', rooms: [] }),
    (e) => e instanceof SimError && e.code === 'Invalid',
  );
  assert.throws(
    () => {
      lists.remove('x@contoso.example');
    },
    (e) => e instanceof SimError && e.code === 'NotFound',
  );
  lists.put({ address: 'x@contoso.example', rooms: [] });
  lists.remove('X@contoso.example');
  assert.equal(lists.find('x@contoso.example'), undefined);
});
