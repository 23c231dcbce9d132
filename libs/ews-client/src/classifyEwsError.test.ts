import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyEwsError } from './classifyEwsError.ts';

test('EWS response codes map to the kind the caller acts on', () => {
  const cases: [string, ReturnType<typeof classifyEwsError>][] = [
    ['ErrorServerBusy', 'throttled'],
    ['ErrorInternalServerTransientError', 'transient'],
    ['ErrorMailboxStoreUnavailable', 'transient'],
    ['ErrorInvalidWatermark', 'invalid_watermark'],
    ['ErrorExpiredSubscription', 'invalid_watermark'],
    ['ErrorInvalidSyncStateData', 'invalid_sync_state'],
    ['ErrorNonExistentMailbox', 'permanent'],
    ['ErrorAccessDenied', 'permanent'],
    ['ErrorImpersonateUserDenied', 'permanent'],
    ['ErrorFolderNotFound', 'permanent'],
    ['ErrorExceededSubscriptionCount', 'permanent'],
  ];
  for (const [code, kind] of cases) assert.equal(classifyEwsError(code), kind, code);
});

test('transport pseudo-codes: timeouts and network errors are transient', () => {
  assert.equal(classifyEwsError('Timeout'), 'transient');
  assert.equal(classifyEwsError('NetworkError'), 'transient');
  assert.equal(classifyEwsError('ClientError'), 'permanent');
});

test('HTTP statuses: 401/403 unauthorized, 429/503 throttled, other 5xx transient, other 4xx permanent', () => {
  assert.equal(classifyEwsError('HttpStatus401'), 'unauthorized');
  assert.equal(classifyEwsError('HttpStatus403'), 'unauthorized');
  assert.equal(classifyEwsError('HttpStatus503'), 'throttled');
  assert.equal(classifyEwsError('HttpStatus429'), 'throttled');
  assert.equal(classifyEwsError('HttpStatus502'), 'transient');
  assert.equal(classifyEwsError('HttpStatus500'), 'transient');
  assert.equal(classifyEwsError('HttpStatus404'), 'permanent');
  assert.equal(classifyEwsError('SomethingNew', 401), 'unauthorized');
  assert.equal(classifyEwsError('SomethingNew', 504), 'transient');
});

test('the code wins over the HTTP status it came with', () => {
  assert.equal(classifyEwsError('ErrorServerBusy', 500), 'throttled');
  assert.equal(classifyEwsError('ErrorNonExistentMailbox', 500), 'permanent');
});

test('token endpoint failures follow the endpoint status', () => {
  assert.equal(classifyEwsError('TokenRequestFailed', 401), 'unauthorized');
  assert.equal(classifyEwsError('TokenRequestFailed', 400), 'permanent');
  assert.equal(classifyEwsError('TokenRequestFailed', 503), 'throttled');
  assert.equal(classifyEwsError('TokenRequestFailed'), 'transient');
});

test('unknown codes are permanent rather than retried forever', () => {
  assert.equal(classifyEwsError('ErrorSomethingNobodyHasSeen'), 'permanent');
  assert.equal(classifyEwsError('toString'), 'permanent');
});
