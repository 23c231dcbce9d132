// The one request runner createEwsClient builds and every operation takes; its own module so the
// operations need not import createEwsClient (which imports them).
import type { ExchangeService } from 'ews-javascript-api';
import type { EwsResult } from './EwsClient.ts';

/** Runs one EWS request on a fresh service for `mailbox`. */
export type RunEws = <T>(
  operation: string,
  mailbox: string,
  call: (service: ExchangeService) => Promise<T>,
) => Promise<EwsResult<T>>;
