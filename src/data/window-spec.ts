/**
 * What one windowed example is, for every windowing mode: the series as a table of rows, the
 * checks on the window options, and how example k is copied out of the table.
 *
 * N = rows of the series, F = features per row, W = window, H = horizon, T = target columns.
 */

/**
 * A series: univariate as numbers (`number[]`, `Float32Array`), or multivariate as rows of F
 * features each (`number[][]`, `Float32Array[]`): `series[i][f]` is feature f at time i.
 */
export type SeriesInput = ArrayLike<number> | ArrayLike<ArrayLike<number>>;

/** The label options shared by `windows` and `windowedDataset`. */
export interface WindowLabelOptions {
  /** Future values per label: `y` holds values t+1 .. t+H after a window ending at t. Default 1. */
  horizon?: number;
  /**
   * One label per time step, as the course's seq2seq windows: windows of W + 1 values,
   * x = w[:-1], y = w[1:]; x is (B, W, F) (F = 1 for a univariate series) and y (B, W, T).
   * Needs horizon 1. Default false.
   */
  sequenceLabels?: boolean;
  /** Columns of a multivariate series to predict; default [0] (the first column is the target). */
  targets?: readonly number[];
}

/** One example's layout and a function that copies example k out of the series. */
export interface WindowSpec {
  /** Examples in the series. */
  readonly size: number;
  /** Shape of one example's x and y, without the batch axis. */
  readonly xShape: number[];
  readonly yShape: number[];
  /** Copies example k into x at xOffset and y at yOffset. */
  fill(k: number, x: Float32Array, xOffset: number, y: Float32Array, yOffset: number): void;
}

/**
 * Checks a series and the window options and returns the layout of its examples.
 * @example windowSpec([1, 2, 3, 4, 5], 2, { horizon: 2 }).yShape; // [2]
 * @throws when `window` or `horizon` is not a positive integer, `sequenceLabels` is combined with a
 *   horizon above 1, the series is too short (both lengths are named), a row has another number of
 *   features than the first, a value is NaN or ±Infinity (its index is named), or `targets` are
 *   not distinct column indices of the series.
 */
export function windowSpec(series: SeriesInput, window: number, options: WindowLabelOptions = {}): WindowSpec {
  const { horizon = 1, sequenceLabels = false } = options;
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`window must be a positive integer number of time steps, got ${window}: use e.g. 20.`);
  }
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new Error(`horizon must be a positive integer number of future steps, got ${horizon}: use e.g. 1 for one-step-ahead labels.`);
  }
  if (sequenceLabels && horizon !== 1) {
    throw new Error(`sequenceLabels gives one next-step label per time step, so it needs horizon 1, got ${horizon}: drop one of the two options.`);
  }
  const multivariate = series.length > 0 && typeof series[0] === 'object' && series[0] !== null;
  const { data, rows, features } = multivariate ? tableOf(series as ArrayLike<ArrayLike<number>>) : { ...vectorOf(series as ArrayLike<number>), features: 1 };
  const targets = checkedTargets(options.targets, features, multivariate);
  const span = sequenceLabels ? window + 1 : window + horizon; // rows one example reads
  if (span > rows) {
    const unit = multivariate ? 'rows' : 'values';
    throw new Error(
      sequenceLabels || horizon === 1
        ? `window ${window} needs at least ${window + 1} ${unit}, the series has ${rows}: use a shorter window or a longer series.`
        : `window ${window} and horizon ${horizon} need at least ${span} ${unit}, the series has ${rows}: use a shorter window or horizon, or a longer series.`,
    );
  }
  const T = targets.length;
  const F = features;
  const labelSteps = sequenceLabels ? window : horizon;
  const labelStart = sequenceLabels ? 1 : window; // first label row, relative to the window start
  return {
    size: rows - span + 1,
    xShape: multivariate || sequenceLabels ? [window, F] : [window],
    yShape: sequenceLabels || T > 1 ? [labelSteps, T] : [labelSteps],
    fill(k, x, xOffset, y, yOffset) {
      x.set(data.subarray(k * F, (k + window) * F), xOffset); // (W, F)
      let o = yOffset; // (steps, T)
      for (let s = 0; s < labelSteps; s++) {
        const row = (k + labelStart + s) * F;
        for (let j = 0; j < T; j++) y[o++] = data[row + targets[j]];
      }
    },
  };
}

/** A univariate series as float32 (a copy), every value checked to be finite. */
function vectorOf(series: ArrayLike<number>): { data: Float32Array; rows: number } {
  const data = Float32Array.from(series); // a copy: later edits to the caller's array do not leak in
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw notFinite(`series[${i}]`, series[i]);
  }
  return { data, rows: data.length };
}

/** Rows of a multivariate series as one row-major float32 table (N, F), checked. */
function tableOf(series: ArrayLike<ArrayLike<number>>): { data: Float32Array; rows: number; features: number } {
  const rows = series.length;
  const features = series[0].length;
  if (!Number.isInteger(features) || features < 1) throw new Error('series[0] has no values: each row of a multivariate series needs at least one feature.');
  const data = new Float32Array(rows * features); // (N, F)
  for (let i = 0; i < rows; i++) {
    const row = series[i];
    if (typeof row !== 'object' || row === null || row.length !== features) {
      const got = typeof row === 'object' && row !== null ? `${row.length} values` : `${String(row)}, not a row`;
      throw new Error(`series[${i}] has ${got}, series[0] has ${features}: every row of a multivariate series needs the same features.`);
    }
    for (let f = 0; f < features; f++) {
      data[i * features + f] = row[f];
      if (!Number.isFinite(data[i * features + f])) throw notFinite(`series[${i}][${f}]`, row[f]);
    }
  }
  return { data, rows, features };
}

function notFinite(where: string, raw: unknown): Error {
  const what = Number.isFinite(raw) ? `${String(raw)}, too large for float32` : String(raw);
  return new Error(`${where} is ${what}: windows need finite values; fill or drop missing values (e.g. interpolate) before windowing.`);
}

function checkedTargets(targets: readonly number[] | undefined, features: number, multivariate: boolean): readonly number[] {
  if (targets === undefined) return [0];
  if (!multivariate && !(targets.length === 1 && targets[0] === 0)) {
    throw new Error(`targets [${Array.from(targets).join(', ')}] need a multivariate series (rows of features); a univariate series has the one target [0].`);
  }
  const ok = targets.length > 0 && targets.every((t) => Number.isInteger(t) && t >= 0 && t < features) && new Set(targets).size === targets.length;
  if (!ok) {
    throw new Error(`targets must be distinct column indices in [0, ${features - 1}], got [${Array.from(targets).join(', ')}]: the series has ${features} features per row.`);
  }
  return targets;
}
