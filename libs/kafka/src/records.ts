// Record shapes at libs/kafka's edge, so callers never import engine types.
import type { IncomingHeaders } from '@rooms-sync/events';

/** A record to produce as is (e.g. DLQ forwarding). */
export type OutgoingRecord = {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, Buffer | string | (Buffer | string)[] | undefined>;
};

/** A record as consumed. */
export type ConsumedRecord = {
  key: Buffer | null;
  value: Buffer | null;
  headers?: IncomingHeaders | undefined;
  offset: string;
  /** Broker or producer time, epoch ms as a string. */
  timestamp: string;
};
