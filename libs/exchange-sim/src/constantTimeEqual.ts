// Secrets and tokens are compared in constant time, as a real server must: the simulator's
// checks should not teach our clients to rely on anything Exchange or Entra ID would not do.
import { timingSafeEqual } from 'node:crypto';

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
