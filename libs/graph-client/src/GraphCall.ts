// One Graph request as the operations see it: the SDK client and a per-request abort signal in,
// a GraphResult out; the gate, the timeout and the error mapping are the caller's (createGraphClient).
import type { Client } from '@microsoft/microsoft-graph-client';
import type { GraphResult } from './GraphClient.ts';

export type GraphCall = <T>(
  operation: string,
  mailbox: string,
  request: (client: Client, signal: AbortSignal) => Promise<T>,
) => Promise<GraphResult<T>>;
