import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifyGraphError, retryAfterMs } from './classifyGraphError.ts';

test('each Graph answer maps to what the caller does next', () => {
  const cases: [status: number | undefined, code: string, message: string, kind: string][] = [
    [429, 'TooManyRequests', 'Application is over its MailboxConcurrency limit.', 'throttled'],
    [503, 'ServiceUnavailable', '', 'transient'],
    [undefined, 'NetworkError', 'connect ECONNREFUSED', 'transient'],
    [401, 'InvalidAuthenticationToken', 'Access token has expired.', 'unauthorized'],
    [404, 'ResourceNotFound', 'The object was not found.', 'not_found'],
    [
      404,
      'MailboxNotEnabledForRESTAPI',
      'The mailbox is either inactive, soft-deleted, or is hosted on-premise.',
      'permanent',
    ],
    [403, 'ErrorAccessDenied', 'Access is denied. Check credentials and try again.', 'permanent'],
    [410, 'syncStateNotFound', 'The sync state is not found.', 'invalid_sync_state'],
    [410, 'Gone', '', 'invalid_sync_state'],
    [400, 'InvalidRequest', 'Subscription expiration can only be 10070 minutes in the future.', 'expiry_too_long'],
    [
      400,
      'ValidationError',
      'Subscription validation request failed. Notification endpoint must respond with 200 OK.',
      'transient',
    ],
    [400, 'BadRequest', 'Invalid filter clause', 'permanent'],
  ];
  for (const [status, code, message, kind] of cases) {
    assert.equal(classifyGraphError({ status, code, message }), kind, `${status} ${code}`);
  }
});

test('Retry-After in seconds or as an HTTP date', () => {
  const now = Date.parse('2026-12-05T10:00:00Z');
  assert.equal(retryAfterMs('7', now), 7000);
  assert.equal(retryAfterMs('Sat, 05 Dec 2026 10:00:30 GMT', now), 30_000);
  assert.equal(retryAfterMs('Sat, 05 Dec 2026 09:00:00 GMT', now), 0);
  assert.equal(retryAfterMs('soon', now), undefined);
  assert.equal(retryAfterMs(null, now), undefined);
});
