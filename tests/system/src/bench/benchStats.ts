// The arithmetic of the scale bench's figures, pure so it is tested apart from the processes.

/** The nearest-rank percentile (0 < p ≤ 1) of the values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * The least-squares line through the points: its slope (y per unit of x) and the slope's standard
 * error, the noise a flat series shows (a slope within two standard errors of 0 is no trend). NaN
 * with fewer than two distinct x (the error: fewer than three points).
 */
export function leastSquaresFit(points: readonly (readonly [number, number])[]): {
  slope: number;
  standardError: number;
} {
  const n = points.length;
  const none = { slope: Number.NaN, standardError: Number.NaN };
  if (n < 2) return none;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  if (sxx === 0) return none;
  const slope = sxy / sxx;
  const residuals = points.reduce((s, [x, y]) => s + (y - (my + slope * (x - mx))) ** 2, 0);
  return { slope, standardError: n > 2 ? Math.sqrt(residuals / (n - 2) / sxx) : Number.NaN };
}

export interface BlockTrend {
  /** y per unit of x, of the line through the block means. */
  slope: number;
  /** The slope's standard error from the scatter of the block means about that line. */
  standardError: number;
  /** Blocks with at least one point. */
  blocks: number;
  /** Change of the block means over the first half of the blocks, then over the second half. */
  rise: readonly [number, number];
}

/**
 * The drift of a series sampled every few seconds, such as a process's RSS. RSS moves in steps and
 * stays there, so neighbouring samples are not independent: their scatter about a line understates
 * the noise (0.00 MB/min read as a trend). The points are averaged over consecutive blocks `block`
 * wide in x and the line fitted through the block means, whose scatter is the noise (batch means).
 * `rise` tells a warm-up from a leak: a leak rises as much in the second half as in the first.
 */
export function blockTrend(points: readonly (readonly [number, number])[], block: number): BlockTrend {
  const first = points[0]?.[0] ?? 0;
  const sums = new Map<number, { x: number; y: number; n: number }>();
  for (const [x, y] of points) {
    const k = Math.floor((x - first) / block);
    const s = sums.get(k) ?? { x: 0, y: 0, n: 0 };
    sums.set(k, { x: s.x + x, y: s.y + y, n: s.n + 1 });
  }
  const means = [...sums.entries()].sort(([a], [b]) => a - b).map(([, s]) => [s.x / s.n, s.y / s.n] as const);
  const y = (i: number) => means[i]?.[1] ?? Number.NaN;
  const last = means.length - 1;
  // Between the two middle blocks when their count is even, so both halves span as many.
  const middle = (y(Math.floor(last / 2)) + y(Math.ceil(last / 2))) / 2;
  return { ...leastSquaresFit(means), blocks: means.length, rise: [middle - y(0), y(last) - middle] };
}
