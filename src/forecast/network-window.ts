/**
 * The window a network gets when nothing else says: two seasons, at least 8 values (8 for yearly
 * and quarterly data, 24 for monthly), so each window sees the seasonal pattern twice. Used by
 * `auto`'s candidates and the accuracy benchmark.
 */

/**
 * The default window for a season length.
 * @example networkWindow(12); // 24
 * @throws never.
 */
export function networkWindow(period: number): number {
  return Math.max(8, 2 * period);
}
