import assert from 'node:assert/strict';
import { test } from 'node:test';
import { connectionVerdict } from './connectionVerdict.ts';
import type { ProbeFailure } from './probeConnection.ts';
import { ewsFailure as ews, graphFailure as graph } from './testing/probeFailures.ts';

const context = { mailbox: 'room-1@contoso.example', clientId: 'app-1' };
const token = (oauthError: string | undefined, status: number | undefined): ProbeFailure => ({
  step: 'token',
  oauthError,
  status,
  reached: status !== undefined,
  message: 'AADSTS7000215: Invalid client secret provided.',
});

test('token refusals: the credential, the app, or Entra ID out of reach', () => {
  assert.equal(
    connectionVerdict(token('invalid_client', 401), context).reason,
    'the secret or certificate is wrong or expired',
  );
  assert.match(connectionVerdict(token('unauthorized_client', 400), context).reason, /not registered in this tenant/);
  assert.match(connectionVerdict(token(undefined, undefined), context).reason, /^Entra ID could not be reached/);
  assert.match(connectionVerdict(token('server_error', 500), context).reason, /^no token from Entra ID/);
});

test('Graph: on-premises mailbox, access denied with the RBAC hint, no such mailbox', () => {
  assert.equal(
    connectionVerdict(graph('MailboxNotEnabledForRESTAPI', 404, 'permanent'), context).reason,
    'this mailbox lives on-premises: add it through an EWS connection',
  );
  const denied = connectionVerdict(graph('ErrorAccessDenied', 403, 'permanent'), context);
  assert.equal(denied.reason, 'access denied to this mailbox');
  assert.match(denied.hint ?? '', /RBAC for Applications/);
  assert.match(denied.hint ?? '', /New-ManagementRoleAssignment -App app-1 -Role "Application Calendars\.Read"/);
  assert.match(
    denied.hint ?? '',
    /Test-ServicePrincipalAuthorization -Identity app-1 -Resource room-1@contoso\.example/,
  );
  assert.equal(connectionVerdict(graph('ErrorInvalidUser', 404, 'permanent'), context).reason, 'no such mailbox');
  assert.equal(connectionVerdict(graph('ResourceNotFound', 404, 'not_found'), context).reason, 'no such mailbox');
});

test('Graph by kind: throttled with its wait, transient, a refused token', () => {
  const throttled = graph('ApplicationThrottled', 429, 'throttled', 2500);
  assert.match(connectionVerdict(throttled, context).reason, /throttling .* try again in 3 s$/);
  assert.match(
    connectionVerdict(graph('NetworkError', undefined, 'transient'), context).reason,
    /could not be reached/,
  );
  const refused = connectionVerdict(graph('InvalidAuthenticationToken', 401, 'unauthorized'), context);
  assert.match(refused.hint ?? '', /Calendars\.Read/);
});

test('EWS: a 403 for an Exchange Online mailbox, no such mailbox, impersonation, credentials', () => {
  assert.equal(
    connectionVerdict(ews('HttpStatus403', 'unauthorized'), context).reason,
    'this mailbox is in Exchange Online, where EWS is blocked: use a Graph connection',
  );
  assert.equal(connectionVerdict(ews('ErrorNonExistentMailbox', 'permanent'), context).reason, 'no such mailbox');
  assert.match(
    connectionVerdict(ews('ErrorImpersonateUserDenied', 'permanent'), context).hint ?? '',
    /ApplicationImpersonation/,
  );
  assert.match(connectionVerdict(ews('HttpStatus401', 'unauthorized'), context).reason, /refused the credentials/);
  assert.match(connectionVerdict(ews('NetworkError', 'transient'), context).reason, /^EWS could not be reached/);
  assert.equal(
    connectionVerdict(ews('ErrorSchemaValidation', 'permanent'), context).reason,
    'EWS answered ErrorSchemaValidation: ErrorSchemaValidation message',
  );
});
