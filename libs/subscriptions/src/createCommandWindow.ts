// Up to `limit` commands of a reconcile pass in flight at once, never two of one room: each
// room's commands, and so its events, keep the order decide gave them (its Kafka key is the
// mailbox, so rooms need no order among themselves). A command that reports failure closes the
// window: nothing new starts, and the pass ends once those in flight are done.

export interface CommandWindow {
  /**
   * Resolves once a slot is free and no task of `room` is in flight: true, or false when an
   * earlier task failed. The caller decides then (with what those tasks changed) whether to start.
   */
  slot(room: string): Promise<boolean>;
  /** Starts `task` now (after `slot`); it resolves to false, or rejects, to report a failure. */
  start(room: string, task: () => Promise<boolean>): void;
  /** Waits for every task in flight; false when one failed. */
  drain(): Promise<boolean>;
}

export function createCommandWindow(limit: number): CommandWindow {
  const inFlight = new Map<string, Promise<void>>();
  let ok = true;
  return {
    async slot(room) {
      while (ok && (inFlight.size >= limit || inFlight.has(room))) await Promise.race(inFlight.values());
      return ok;
    },
    start(room, task) {
      const running = task()
        .then(
          (fine) => {
            if (!fine) ok = false;
          },
          () => {
            ok = false;
          },
        )
        .finally(() => {
          inFlight.delete(room);
        });
      inFlight.set(room, running);
    },
    async drain() {
      await Promise.all(inFlight.values());
      return ok;
    },
  };
}
