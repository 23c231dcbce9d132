// How many new subscriptions the manager may start per time: a token bucket, so 1,000 rooms
// added at once are subscribed at a steady rate instead of in one herd that Exchange or Graph
// would throttle (docs/architecture.md §6). Pure apart from the clock it is given.

export interface TokenBucketOptions {
  /** Tokens added per second. */
  readonly ratePerSecond: number;
  /** The most tokens held: what a quiet bucket allows at once. */
  readonly burst: number;
  readonly now: () => number;
}

export interface TokenBucket {
  /** Takes a token if there is one. */
  take(): boolean;
  /** Milliseconds until the bucket holds `count` tokens again (0 if it does), `count` capped at the burst. */
  msUntil(count: number): number;
}

export function createTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { ratePerSecond, burst, now } = options;
  let tokens = burst;
  let at = now();
  const refill = () => {
    const t = now();
    // A clock that steps back adds nothing rather than taking tokens away.
    tokens = Math.min(burst, tokens + (Math.max(0, t - at) * ratePerSecond) / 1000);
    at = t;
  };
  return {
    take() {
      refill();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    msUntil(count) {
      refill();
      const missing = Math.min(count, burst) - tokens;
      return missing <= 0 ? 0 : Math.ceil((missing * 1000) / ratePerSecond);
    },
  };
}
