// Test receivers record what reaches them; a test waits until what they recorded satisfies it.
// The receiver calls wake() after each change, and every pending condition is checked again.
export interface Waiters {
  wake(): void;
  /** Resolves once `holds()` is true; rejects after `timeoutMs` with `describe()` in the message. */
  until(holds: () => boolean, timeoutMs: number, describe: () => string): Promise<void>;
}

export function createWaiters(): Waiters {
  const pending = new Set<() => void>();
  return {
    wake() {
      for (const check of [...pending]) check();
    },
    until(holds, timeoutMs, describe) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!holds()) return;
          pending.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          pending.delete(check);
          reject(new Error(`${describe()}: condition not met within ${timeoutMs} ms`));
        }, timeoutMs);
        pending.add(check);
        check();
      });
    },
  };
}
