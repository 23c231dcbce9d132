// A failed probe → what the operator reads: the reason in words and, where there is one, what to
// do about it. Codes first (they say more than statuses), as data.
import type { ProbeFailure } from './probeConnection.ts';

export interface Verdict {
  readonly reason: string;
  /** What to do, when there is something specific. */
  readonly hint?: string | undefined;
}

export interface VerdictContext {
  readonly mailbox: string | undefined;
  /** The app's client id, for the RBAC commands; undefined for EWS with a user account. */
  readonly clientId: string | undefined;
}

const ON_PREMISES = 'this mailbox lives on-premises: add it through an EWS connection';
const IN_THE_CLOUD = 'this mailbox is in Exchange Online, where EWS is blocked: use a Graph connection';
const NO_MAILBOX = 'no such mailbox';

const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  invalid_client: 'the secret or certificate is wrong or expired',
  unauthorized_client: 'the app (client id) is not registered in this tenant',
  invalid_scope: 'the app may not ask for this resource (scope refused)',
  invalid_request: 'Entra ID refused the token request (tenant id, client id?)',
};

const GRAPH_CODES: Readonly<Record<string, 'onprem' | 'denied' | 'missing'>> = {
  MailboxNotEnabledForRESTAPI: 'onprem',
  MailboxNotSupportedForRESTAPI: 'onprem',
  ErrorAccessDenied: 'denied',
  Authorization_RequestDenied: 'denied',
  AccessDenied: 'denied',
  ErrorInvalidUser: 'missing',
  ResourceNotFound: 'missing',
  Request_ResourceNotFound: 'missing',
};

const EWS_CODES: Readonly<Record<string, 'cloud' | 'denied' | 'missing' | 'credentials'>> = {
  HttpStatus403: 'cloud',
  ErrorNonExistentMailbox: 'missing',
  ErrorInvalidSmtpAddress: 'missing',
  ErrorAccessDenied: 'denied',
  ErrorImpersonateUserDenied: 'denied',
  ErrorImpersonationDenied: 'denied',
  ErrorImpersonationFailed: 'denied',
  HttpStatus401: 'credentials',
};

export function connectionVerdict(failure: ProbeFailure, context: VerdictContext): Verdict {
  if (failure.step === 'token') {
    const known = failure.oauthError === undefined ? undefined : OAUTH_ERRORS[failure.oauthError];
    if (known !== undefined) return { reason: known, hint: `Entra ID said: ${failure.message}` };
    if (!failure.reached) return { reason: `Entra ID could not be reached: ${failure.message}` };
    return { reason: `no token from Entra ID: ${failure.message}` };
  }
  if (failure.via === 'graph') {
    switch (GRAPH_CODES[failure.code]) {
      case 'onprem':
        return { reason: ON_PREMISES };
      case 'denied':
        return { reason: 'access denied to this mailbox', hint: rbacHint(context) };
      case 'missing':
        return { reason: NO_MAILBOX };
      case undefined:
        return graphByKind(failure);
    }
  }
  switch (EWS_CODES[failure.code]) {
    case 'cloud':
      return { reason: IN_THE_CLOUD };
    case 'missing':
      return { reason: NO_MAILBOX };
    case 'denied':
      return {
        reason: 'access denied to this mailbox',
        hint: 'the service account needs the ApplicationImpersonation role on the room mailboxes (New-ManagementRoleAssignment -Role ApplicationImpersonation -User <account> -CustomRecipientWriteScope <scope>)',
      };
    case 'credentials':
      return { reason: 'EWS refused the credentials (HTTP 401): check the user name and password' };
    case undefined:
      break;
  }
  if (failure.kind === 'throttled') return { reason: `EWS is throttling: try again later (${failure.message})` };
  if (failure.kind === 'transient')
    return { reason: `EWS could not be reached or failed: ${failure.code}: ${failure.message}` };
  return { reason: `EWS answered ${failure.code}: ${failure.message}` };
}

function graphByKind(failure: Extract<ProbeFailure, { via: 'graph' }>): Verdict {
  switch (failure.kind) {
    case 'throttled': {
      const wait = failure.retryAfterMs === undefined ? '' : ` in ${String(Math.ceil(failure.retryAfterMs / 1000))} s`;
      return { reason: `Graph is throttling this app on this mailbox: try again${wait}` };
    }
    case 'transient':
      return { reason: `Graph could not be reached or failed: ${failure.code}: ${failure.message}` };
    case 'unauthorized':
      return {
        reason: `Graph refused the token: ${failure.message}`,
        hint: 'the app needs the application permission Calendars.Read, with admin consent',
      };
    case 'not_found':
      return { reason: NO_MAILBOX };
    default:
      return { reason: `Graph answered ${failure.code}: ${failure.message}` };
  }
}

// docs/connections.md: Exchange Online RBAC for Applications, scoped to the room mailboxes.
function rbacHint(context: VerdictContext): string {
  const app = context.clientId ?? '<client id>';
  const mailbox = context.mailbox ?? '<room address>';
  return [
    'the app needs "Application Calendars.Read" on this mailbox through RBAC for Applications in Exchange Online:',
    `  New-ManagementRoleAssignment -App ${app} -Role "Application Calendars.Read" -CustomResourceScope <room mailboxes scope>`,
    `  check: Test-ServicePrincipalAuthorization -Identity ${app} -Resource ${mailbox}`,
  ].join('\n');
}
