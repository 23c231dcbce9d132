import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorMessage } from './errorMessage.ts';

test('an Error gives its message, anything else its string form', () => {
  assert.equal(errorMessage(new RangeError('too far')), 'too far');
  assert.equal(errorMessage('plain'), 'plain');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
});
