// The one request runner createEwsClient builds and every operation takes; its own module so the
// operations need not import createEwsClient (which imports them).
import type { ExchangeService } from 'ews-javascript-api';
import type { EwsResult } from './EwsClient.ts';

/**
 * Runs one EWS request on a fresh service impersonating `mailbox`; with `impersonate: false`, in
 * the account's own context, `mailbox` then only naming the request's subject in errors and logs.
 */
export type RunEws = <T>(
  operation: string,
  mailbox: string,
  call: (service: ExchangeService) => Promise<T>,
  options?: { impersonate: boolean },
) => Promise<EwsResult<T>>;
