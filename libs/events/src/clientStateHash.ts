// Graph echoes a subscription's clientState in every notification; the ingress compares it with
// what the manager chose. Only its SHA-256 travels (SubscriptionCreated.clientStateHash): the
// value is 32 random bytes, so the hash reveals nothing usable, and the secret itself never
// reaches Kafka, a log or the database.
import { createHash, timingSafeEqual } from 'node:crypto';

export function clientStateHash(clientState: string): string {
  return createHash('sha256').update(clientState, 'utf8').digest('hex');
}

/** Constant-time: how much of the hash matched is not observable from the answer's timing. */
export function clientStateMatches(clientState: unknown, expectedHash: string): boolean {
  if (typeof clientState !== 'string') return false;
  const expected = Buffer.from(expectedHash, 'hex');
  const actual = createHash('sha256').update(clientState, 'utf8').digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}
