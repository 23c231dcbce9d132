import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientStateHash, clientStateMatches } from './clientStateHash.ts';

test('only the same clientState matches its hash', () => {
  const hash = clientStateHash('s3cret-state');
  assert.match(hash, /^[0-9a-f]{64}$/);
  assert.doesNotMatch(hash, /s3cret/);
  assert.equal(clientStateMatches('s3cret-state', hash), true);
  assert.equal(clientStateMatches('s3cret-statf', hash), false);
  assert.equal(clientStateMatches('', hash), false);
  assert.equal(clientStateMatches(undefined, hash), false);
  assert.equal(clientStateMatches(42, hash), false);
  assert.equal(clientStateMatches('s3cret-state', 'not-hex'), false);
});
