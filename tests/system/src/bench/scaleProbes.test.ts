import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countersSince } from './scaleProbes.ts';

test('countersSince is what happened in between: new keys counted whole, unchanged keys left out', () => {
  const before = {
    ewsCalls: { Subscribe: 100, SyncFolderItems: 40 },
    projectorCalls: { 'ews/SyncFolderItems/gap': 100 },
    syncsSkipped: 10,
    pushes: 500,
    liveRooms: 100,
  };
  const after = {
    ewsCalls: { Subscribe: 100, SyncFolderItems: 140, GetItem: 3 },
    projectorCalls: { 'ews/SyncFolderItems/gap': 100, 'ews/SyncFolderItems/reconcile': 100 },
    syncsSkipped: 6010,
    pushes: 6500,
    liveRooms: 99,
  };
  assert.deepEqual(countersSince(before, after), {
    ewsCalls: { SyncFolderItems: 100, GetItem: 3 },
    projectorCalls: { 'ews/SyncFolderItems/reconcile': 100 },
    syncsSkipped: 6000,
    pushes: 6000,
    liveRooms: 99,
  });
});
