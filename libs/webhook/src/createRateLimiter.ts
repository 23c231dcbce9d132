// A token bucket per source address. Exchange pushes at most a few requests per
// second per subscription; a source far above that is a scanner or a loop.
export interface RateLimiter {
  /** True when the request may proceed. */
  take(source: string): boolean;
}

export interface RateLimiterOptions {
  perSecond: number;
  burst: number;
  now?: () => number;
  /** Buckets kept at most; the oldest are forgotten first. */
  maxSources?: number;
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const maxSources = options.maxSources ?? 10_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(source) {
      const t = now();
      const bucket = buckets.get(source) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.perSecond);
      bucket.at = t;
      buckets.delete(source);
      buckets.set(source, bucket);
      if (buckets.size > maxSources) {
        const oldest = buckets.keys().next().value;
        if (oldest !== undefined) buckets.delete(oldest);
      }
      if (bucket.tokens < 1) return false;
      bucket.tokens -= 1;
      return true;
    },
  };
}
