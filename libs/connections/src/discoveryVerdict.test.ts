import assert from 'node:assert/strict';
import { test } from 'node:test';
import { discoveryVerdict } from './discoveryVerdict.ts';
import { ewsFailure as ews, graphFailure as graph } from './testing/probeFailures.ts';

const context = { roomList: 'bldg-a@contoso.example', clientId: 'app-1' };

test('an unknown room list is named, through EWS and Graph alike', () => {
  for (const failure of [
    ews('ErrorNameResolutionNoResults', 'permanent'),
    graph('ErrorItemNotFound', 404, 'not_found'),
    graph('SomethingNew', 404, 'not_found'),
  ]) {
    assert.deepEqual(discoveryVerdict(failure, context), { reason: 'no such room list: bldg-a@contoso.example' });
  }
});

test('Graph access denied names Place.Read.All and the app; a 403 with another code too', () => {
  for (const failure of [graph('ErrorAccessDenied', 403, 'permanent'), graph('Forbidden', 403, 'unauthorized')]) {
    const verdict = discoveryVerdict(failure, context);
    assert.equal(verdict.reason, 'access denied to the room lists');
    assert.match(verdict.hint ?? '', /Place\.Read\.All/);
    assert.match(verdict.hint ?? '', /app-1/);
  }
});

test('EWS: credentials, a 403 (EWS blocked), throttling, an unknown code', () => {
  assert.match(discoveryVerdict(ews('HttpStatus401', 'unauthorized'), context).reason, /credentials/);
  assert.match(discoveryVerdict(ews('HttpStatus403', 'unauthorized'), context).reason, /Graph connection/);
  assert.match(discoveryVerdict(ews('ErrorServerBusy', 'throttled'), context).reason, /^EWS is throttling/);
  assert.equal(
    discoveryVerdict(ews('ErrorSomethingNew', 'permanent'), { roomList: undefined, clientId: undefined }).reason,
    'EWS answered ErrorSomethingNew: ErrorSomethingNew message',
  );
});

test('a token failure is the connection verdict', () => {
  const verdict = discoveryVerdict(
    { step: 'token', oauthError: 'invalid_client', status: 401, reached: true, message: 'AADSTS7000215' },
    context,
  );
  assert.equal(verdict.reason, 'the secret or certificate is wrong or expired');
});
