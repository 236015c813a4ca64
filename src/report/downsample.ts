/**
 * Which points of a long line to draw, so that a chart of millions of values stays a few thousand
 * points (a spec of a few hundred kilobytes, an SVG a browser opens at once) and still looks like
 * the whole line: the line is cut into buckets of consecutive points and each bucket keeps its
 * lowest and its highest point, in order (min/max decimation). Peaks and troughs survive, where
 * keeping every k-th point would skip them. Only what is drawn is downsampled, never what is
 * scored. Browser-safe.
 */

/**
 * Indices of the points to draw for a line of `values`: all of them when there are at most `max`,
 * else the first, the last, and the lowest and highest of each of (max - 2) / 2 buckets of
 * consecutive points, in increasing order (at most `max` in all). NaN and ±Infinity (drawn as
 * gaps) are kept only when a bucket has nothing else, so a gap stays visible.
 * @example downsample([1, 2, 3]) // [0, 1, 2]
 * @example downsample([0, 5, 1, 1, -4, 0, 0, 0], 6) // [0, 1, 2, 4, 5, 7]: buckets 1..3 and 4..6 keep their highest and lowest
 * @throws RangeError when `max` is not an integer of at least 4.
 */
export function downsample(values: ArrayLike<number>, max: number): number[] {
  if (!Number.isInteger(max) || max < 4) throw new RangeError(`downsample needs max ≥ 4 points, got ${max}.`);
  const n = values.length;
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const buckets = Math.floor((max - 2) / 2);
  const inner = n - 2; // the first and last points are kept as they are
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const from = 1 + Math.floor((b * inner) / buckets);
    const to = 1 + Math.floor(((b + 1) * inner) / buckets); // exclusive
    let [lo, hi] = [-1, -1];
    for (let i = from; i < to; i++) {
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      if (lo < 0 || v < values[lo]) lo = i;
      if (hi < 0 || v > values[hi]) hi = i;
    }
    if (lo < 0)
      kept.push(from); // nothing finite: keep the gap
    else if (lo === hi) kept.push(lo);
    else kept.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  kept.push(n - 1);
  return kept;
}
