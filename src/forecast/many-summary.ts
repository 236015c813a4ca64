/**
 * The summary of a many-series backtest: per forecaster, its mean and median MASE over the series
 * (each series' MASE the mean over its folds, as one-series backtests report it) and how many
 * series it wins (the lowest MASE on that series; a tie goes to the forecaster listed first).
 * A series where a forecaster's MASE is undefined (a constant training part) counts for neither
 * its mean nor its median, and is won by none if every MASE there is undefined. Browser-safe.
 */

/** One forecaster's line of the summary. */
export interface ForecasterSummary {
  name: string;
  /** Series whose MASE is a number. */
  series: number;
  meanMase: number;
  medianMase: number;
  /** Series on which it has the lowest MASE. */
  wins: number;
}

/** The summary, forecasters in the order the backtest lists them. */
export interface ManySummary {
  forecasters: ForecasterSummary[];
}

/**
 * Sums up per-series mean MASEs.
 * @example summarizeMany([['ets', 'naive'], ['ets', 'naive']], [[0.8, 1], [1.2, 1]]).forecasters[0] // { name: 'ets', series: 2, meanMase: 1, medianMase: 1, wins: 1 }
 * @throws never; series whose forecaster names differ from the first's are a bug (the names come from one spec list).
 */
export function summarizeMany(names: string[][], mase: number[][]): ManySummary {
  if (names.length === 0) return { forecasters: [] };
  const list = names[0];
  const wins = new Array<number>(list.length).fill(0);
  for (const row of mase) {
    let best = -1;
    for (let j = 0; j < row.length; j++) if (Number.isFinite(row[j]) && (best < 0 || row[j] < row[best])) best = j;
    if (best >= 0) wins[best]++;
  }
  return {
    forecasters: list.map((name, j) => {
      const kept = mase.map((row) => row[j]).filter(Number.isFinite);
      return { name, series: kept.length, meanMase: mean(kept), medianMase: median(kept), wins: wins[j] };
    }),
  };
}

/** The mean, summed with Neumaier's compensation (thousands of terms); NaN for none. */
function mean(values: number[]): number {
  if (values.length === 0) return NaN;
  let [sum, c] = [0, 0];
  for (const v of values) {
    const t = sum + v;
    c += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return (sum + c) / values.length;
}

/** The median (the mean of the two middle values for an even count); NaN for none. */
function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
