// The paths that stop before the database is reached: usage and configuration.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { captureIo } from '../testing/captureIo.ts';
import { rooms } from './rooms.ts';

const ENV = { ROOMS_APPSETTINGS_PATH: '', DatabaseUrl: 'postgres://nobody@127.0.0.1:1/x' };

test('a missing or unknown verb, a missing or extra address print the usage, EX_USAGE', async () => {
  for (const argv of [[], ['frobnicate'], ['add'], ['list', 'x@y.example'], ['remove', 'a@b.example', 'c@d.example']]) {
    const c = captureIo(ENV);
    assert.equal(await rooms.run(argv, c.io), 64, argv.join(' '));
    assert.match(c.err(), /^usage: rooms <command>/, argv.join(' '));
  }
});

test('--room-list goes only with import and no file; room-lists takes no address', async () => {
  for (const argv of [
    ['add', 'a@b.example', '--room-list', 'bldg@b.example'],
    ['import', 'rooms.txt', '--room-list', 'bldg@b.example'],
    ['room-lists', 'bldg@b.example'],
  ]) {
    const c = captureIo(ENV);
    assert.equal(await rooms.run(argv, c.io), 64, argv.join(' '));
    assert.match(c.err(), /^usage: rooms <command>/, argv.join(' '));
  }
  const c = captureIo(ENV);
  assert.equal(await rooms.run(['import', '--room-list', 'building-a'], c.io), 64);
  assert.equal(c.err(), 'not a room list address: building-a\n');
});

test('an address that is not a mailbox is named, EX_USAGE', async () => {
  const c = captureIo(ENV);
  assert.equal(await rooms.run(['enable', 'not-an-address'], c.io), 64);
  assert.equal(c.err(), 'not a mailbox address: not-an-address\n');
});

test('--help prints the usage on stdout', async () => {
  const c = captureIo(ENV);
  assert.equal(await rooms.run(['rooms', '--help'], c.io), 0);
  assert.match(c.out(), /^usage: rooms <command>/);
});

test('a DatabaseUrl that is not PostgreSQL is a config error, EX_CONFIG', async () => {
  const c = captureIo({ ...ENV, DatabaseUrl: 'mysql://x' });
  assert.equal(await rooms.run(['list'], c.io), 78);
  assert.match(c.err(), /^config error: .*DatabaseUrl/);
});
