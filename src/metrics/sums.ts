/**
 * Compensated (Neumaier) sums, for means and sums of squares whose terms differ widely in size.
 * Browser-safe.
 */

/**
 * The sum of `term(i)` for i in [0, n), Neumaier-compensated: a series' mean or a sum of squares
 * keeps its low-order bits when the terms differ widely in size (a level of 50,000 next to
 * residuals of 3), where a plain float64 sum would drop them as it grows.
 * @example compensatedSum(3, (i) => [1e16, 1, -1e16][i]) // 1 (a plain sum gives 0)
 * @throws never.
 */
export function compensatedSum(n: number, term: (i: number) => number): number {
  let sum = 0;
  let compensation = 0; // the low-order bits lost so far
  for (let i = 0; i < n; i++) {
    const v = term(i);
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
