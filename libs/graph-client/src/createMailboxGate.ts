// Graph throttles per app and mailbox: at most 4 requests at once, and after a 429 none until its
// Retry-After has passed (asking earlier only extends the penalty). Every request to a mailbox
// passes this gate.
import { setTimeout as sleep } from 'node:timers/promises';

export interface MailboxGate {
  run<T>(mailbox: string, request: () => Promise<T>): Promise<T>;
  /** No request to the mailbox starts before `ms` from now. */
  holdOff(mailbox: string, ms: number): void;
}

export interface MailboxGateOptions {
  maxConcurrent: number;
  now?: () => number;
  wait?: (ms: number) => Promise<unknown>;
}

interface Lane {
  running: number;
  waiting: (() => void)[];
  openAt: number;
}

export function createMailboxGate(options: MailboxGateOptions): MailboxGate {
  const now = options.now ?? Date.now;
  const wait = options.wait ?? sleep;
  const lanes = new Map<string, Lane>();
  const laneOf = (mailbox: string): Lane => {
    const key = mailbox.toLowerCase();
    let lane = lanes.get(key);
    if (!lane) lanes.set(key, (lane = { running: 0, waiting: [], openAt: 0 }));
    return lane;
  };

  return {
    async run(mailbox, request) {
      const lane = laneOf(mailbox);
      if (lane.running >= options.maxConcurrent) {
        await new Promise<void>((resolve) => lane.waiting.push(resolve));
      } else {
        lane.running += 1;
      }
      try {
        // A hold-off set while this request waited counts too.
        for (let closed = lane.openAt - now(); closed > 0; closed = lane.openAt - now()) await wait(closed);
        return await request();
      } finally {
        const next = lane.waiting.shift();
        // The slot passes straight to the next waiter, so running never drops below the queue.
        if (next) next();
        else lane.running -= 1;
      }
    },
    holdOff(mailbox, ms) {
      const lane = laneOf(mailbox);
      lane.openAt = Math.max(lane.openAt, now() + ms);
    },
  };
}
