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
