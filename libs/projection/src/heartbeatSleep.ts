// A wait inside a batch must not cost the consumer its group session: it is slept in slices
// with a heartbeat after each, so the partition stays paused (not reassigned) meanwhile.
const SLICE_MS = 3_000;

const timerSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface HeartbeatSleepOptions {
  heartbeat?: (() => Promise<void>) | undefined;
  sleep?: ((ms: number) => Promise<void>) | undefined;
  /** Ends the wait early (between slices). */
  signal?: AbortSignal | undefined;
}

export async function heartbeatSleep(ms: number, options: HeartbeatSleepOptions): Promise<void> {
  const sleep = options.sleep ?? timerSleep;
  for (let left = ms; left > 0 && options.signal?.aborted !== true; left -= SLICE_MS) {
    await sleep(Math.min(left, SLICE_MS));
    await options.heartbeat?.();
  }
}
