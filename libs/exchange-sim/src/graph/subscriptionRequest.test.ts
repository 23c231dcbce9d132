import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphError } from './GraphError.ts';
import { grantExpiry, parseCreateRequest, parseUpdateRequest } from './subscriptionRequest.ts';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const limits = { maxExpirationMinutes: 10_080, minExpirationMinutes: 45, allowHttp: false };
const at = (minutes: number) => new Date(NOW + minutes * 60_000).toISOString();
const body = (o: Record<string, unknown> = {}) => ({
  resource: 'users/room@contoso.example/events',
  changeType: 'created,updated,deleted',
  notificationUrl: 'https://hooks.example/api/webhooks/graph',
  expirationDateTime: at(60),
  ...o,
});
const refused = (fn: () => unknown, status: number, code: string) => {
  assert.throws(fn, (e: unknown) => e instanceof GraphError && e.status === status && e.code === code);
};

test('expiry: over the maximum is 400, under 45 minutes is raised to 45, the past is 400', () => {
  assert.equal(grantExpiry(at(10_080), NOW, limits), NOW + 10_080 * 60_000);
  refused(() => grantExpiry(at(10_081), NOW, limits), 400, 'ExtensionError');
  assert.equal(grantExpiry(at(5), NOW, limits), NOW + 45 * 60_000);
  refused(() => grantExpiry(at(-1), NOW, limits), 400, 'ExtensionError');
  refused(() => grantExpiry('soon', NOW, limits), 400, 'InvalidRequest');
  // The older 4,230-minute limit is a setting away.
  refused(() => grantExpiry(at(4231), NOW, { ...limits, maxExpirationMinutes: 4230 }), 400, 'ExtensionError');
});

test('resource forms, change types, clientState and URLs', () => {
  const ok = parseCreateRequest(body({ clientState: 'x'.repeat(128) }), NOW, limits);
  assert.deepEqual(
    [ok.user, ok.changeTypes, ok.clientState?.length],
    ['room@contoso.example', ['created', 'updated', 'deleted'], 128],
  );
  assert.equal(parseCreateRequest(body({ resource: '/Users/6f1c/Events' }), NOW, limits).user, '6f1c');
  refused(() => parseCreateRequest(body({ resource: 'users/x/messages' }), NOW, limits), 400, 'InvalidRequest');
  refused(() => parseCreateRequest(body({ changeType: 'updated,moved' }), NOW, limits), 400, 'InvalidRequest');
  refused(() => parseCreateRequest(body({ clientState: 'x'.repeat(129) }), NOW, limits), 400, 'InvalidRequest');
  refused(
    () => parseCreateRequest(body({ notificationUrl: 'http://hooks.example/x' }), NOW, limits),
    400,
    'ValidationError',
  );
  assert.equal(
    parseCreateRequest(body({ notificationUrl: 'http://127.0.0.1:1/x' }), NOW, { ...limits, allowHttp: true })
      .notificationUrl,
    'http://127.0.0.1:1/x',
  );
  refused(
    () => parseCreateRequest(body({ lifecycleNotificationUrl: 'ftp://x' }), NOW, { ...limits, allowHttp: true }),
    400,
    'ValidationError',
  );
});

test('an update may change the expiry and the notification URL only', () => {
  assert.deepEqual(parseUpdateRequest({ expirationDateTime: at(100) }, NOW, limits), { expiresAt: NOW + 100 * 60_000 });
  refused(() => parseUpdateRequest({ lifecycleNotificationUrl: 'https://x' }, NOW, limits), 400, 'InvalidRequest');
  refused(() => parseUpdateRequest([], NOW, limits), 400, 'InvalidRequest');
});
