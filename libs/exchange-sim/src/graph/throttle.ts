// Exchange Online's limits per app and mailbox as Graph enforces them: at most N requests at
// once and M per rolling window, plus a fault that throttles a mailbox for a while. Each refusal
// carries the seconds to wait (Retry-After).
import type { Clock } from '../clock.ts';

export interface ThrottleOptions {
  clock: Clock;
  /** Concurrent requests per app and mailbox (Graph: 4). */
  maxConcurrent: number;
  /** Requests per app and mailbox per window (Graph: 10,000 per 10 minutes). */
  maxRequests: number;
  windowMs: number;
}

/** One request the throttle saw: what tests read back (GET /admin/graph/requests) to check a client held off. */
export interface SeenRequest {
  at: string;
  appId: string;
  mailbox: string;
  request: string;
  admitted: boolean;
}

/** Requests kept for the admin read; older ones are forgotten. */
const SEEN_LIMIT = 1000;

export type Admission = { ok: true; release: () => void } | { ok: false; retryAfterS: number; message: string };
export type Throttle = ReturnType<typeof createThrottle>;

export function createThrottle(options: ThrottleOptions) {
  const { clock } = options;
  const inFlight = new Map<string, number>();
  const recent = new Map<string, number[]>();
  const blockedUntil = new Map<string, number>();
  const seen: SeenRequest[] = [];
  const decide = (appId: string, mailbox: string, now: number): Admission => {
    const until = blockedUntil.get(mailbox) ?? 0;
    if (until > now)
      return {
        ok: false,
        retryAfterS: Math.ceil((until - now) / 1000),
        message: 'Application is over its MailboxConcurrency limit.',
      };
    const key = `${appId}|${mailbox}`;
    const running = inFlight.get(key) ?? 0;
    if (running >= options.maxConcurrent)
      return { ok: false, retryAfterS: 1, message: 'Application is over its MailboxConcurrency limit.' };
    const times = (recent.get(key) ?? []).filter((t) => t > now - options.windowMs);
    if (times.length >= options.maxRequests) {
      recent.set(key, times);
      const oldest = times[0] ?? now;
      return {
        ok: false,
        retryAfterS: Math.max(1, Math.ceil((oldest + options.windowMs - now) / 1000)),
        message: 'Application is over its MailboxRequests limit.',
      };
    }
    times.push(now);
    recent.set(key, times);
    inFlight.set(key, running + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        inFlight.set(key, (inFlight.get(key) ?? 1) - 1);
      },
    };
  };
  return {
    /** Counts a request (`request`: method and path, for the log) of `appId` on `mailbox`; call `release` when it is answered. */
    admit(appId: string, mailbox: string, request = ''): Admission {
      const now = clock.now();
      const admission = decide(appId, mailbox, now);
      seen.push({ at: new Date(now).toISOString(), appId, mailbox, request, admitted: admission.ok });
      if (seen.length > SEEN_LIMIT) seen.shift();
      return admission;
    },
    /** The last requests seen, oldest first. */
    seen(): readonly SeenRequest[] {
      return seen;
    },
    /** The throttle fault: every app gets 429 on this mailbox for `ms`. */
    block(mailbox: string, ms: number): void {
      blockedUntil.set(mailbox, clock.now() + ms);
    },
    clear(): void {
      blockedUntil.clear();
    },
  };
}
