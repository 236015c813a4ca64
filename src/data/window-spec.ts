/**
 * What one windowed example is, for every windowing mode: the series as a table of rows, the
 * checks on the window options, and how example k is copied out of the table.
 *
 * N = rows of the series, F = features per row, W = window, H = horizon, T = target columns.
 */
import { InputError, OptionError } from '../errors.js';
import { SeriesInputError } from './input-error.js';

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
 *   horizon above 1, the series is too short ({@link checkWindowFits}), a row has another number of
 *   features than the first, a value is NaN or ±Infinity (its index is named), or `targets` are
 *   not distinct column indices of the series.
 */
export function windowSpec(series: SeriesInput, window: number, options: WindowLabelOptions = {}): WindowSpec {
  checkSeries(series);
  checkOptions(options);
  const { horizon = 1, sequenceLabels = false } = options;
  checkWindow(window);
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new OptionError(
      `horizon must be a positive integer number of future steps, got ${horizon}: use e.g. 1 for one-step-ahead labels.`,
    );
  }
  if (sequenceLabels && horizon !== 1) {
    throw new OptionError(
      `sequenceLabels gives one next-step label per time step, so it needs horizon 1, got ${horizon}: drop one of the two options.`,
    );
  }
  const multivariate = series.length > 0 && typeof series[0] === 'object' && series[0] !== null;
  const { data, rows, features } = multivariate
    ? tableOf(series as ArrayLike<ArrayLike<number>>)
    : { ...vectorOf(series as ArrayLike<number>), features: 1 };
  const targets = checkedTargets(options.targets, features, multivariate);
  const span = sequenceLabels ? window + 1 : window + horizon; // rows one example reads
  checkWindowFits(rows, window, { horizon: span - window, unit: multivariate ? 'rows' : 'values' });
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

/**
 * Checks that a series is one: an array or typed array of numbers, or of rows (multivariate).
 * @example checkSeries([1, 2, 3]); // no error
 * @throws InputError for anything else (null, a string, a plain object, a number).
 */
export function checkSeries(series: unknown): asserts series is SeriesInput {
  const arrayLike =
    typeof series === 'object' && series !== null && (Array.isArray(series) || ArrayBuffer.isView(series) || isArrayLike(series));
  if (!arrayLike) {
    const got =
      series === null || typeof series !== 'object'
        ? `${typeof series === 'string' ? 'a string' : String(series)}`
        : 'an object without a length';
    throw new InputError(
      `A series must be an array or Float32Array of numbers (or an array of rows of numbers for a multivariate series), got ${got}: e.g. windowedDataset(Float32Array.from(values), { window: 20 }).`,
    );
  }
}

function isArrayLike(v: object): boolean {
  const n = (v as { length?: unknown }).length;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0;
}

/** The label options must be an object (a window given as a number in their place is named). */
function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw new OptionError(
      `The windowing options must be an object such as { window: 20 }, got ${String(options)}: e.g. windowedDataset(series, { window: 20, batchSize: 32 }).`,
    );
  }
}

/**
 * Checks that a window is a positive integer number of time steps.
 * @example checkWindow(20); // no error
 * @throws SeriesInputError when it is not: `window must be a positive integer number of time steps, got 0: use e.g. 20.`
 */
export function checkWindow(window: number): void {
  if (!Number.isInteger(window) || window < 1) {
    throw new SeriesInputError(
      ({ window: name }) => `window must be a positive integer number of time steps, got ${window}: use e.g. ${name ? name('20') : '20'}.`,
    );
  }
}

/** Options of {@link checkWindowFits}. */
export interface WindowFitOptions {
  /** Values each example takes after its window (its labels); default 1. */
  horizon?: number;
  /** What the values are: the whole 'series' (default) or the 'training part' before a split. */
  part?: 'series' | 'training part';
  /** 'rows' for a multivariate series; default 'values'. */
  unit?: 'values' | 'rows';
  /** Who checks, written before the message: 'lrFind', a forecaster's name. */
  who?: string;
}

/**
 * The one rule between a window and the values it is cut from: an example takes `window` values
 * and the `horizon` values after it, so `length` must be at least window + horizon. Windowing,
 * training a network, the learning-rate sweep, the CLI's split and the playground all check it
 * here, with one wording.
 * @example checkWindowFits(1000, 20, { part: 'training part' }); // no error
 * @throws SeriesInputError when `window` is not a positive integer, or when `length` is too short:
 *   `The series has 15 values but window 20 needs at least 21 (one window and the value after it): use a shorter window or a longer series.`
 */
export function checkWindowFits(length: number, window: number, options: WindowFitOptions = {}): void {
  const { horizon = 1, part = 'series', unit = 'values', who } = options;
  checkWindow(window);
  const need = window + horizon;
  if (length >= need) return;
  const subject = who === undefined ? `The ${part}` : `${who}: the ${part}`;
  const after = horizon === 1 ? `the ${unit === 'rows' ? 'row' : 'value'} after it` : `the ${horizon} ${unit} after it`;
  const needs = horizon === 1 ? `window ${window} needs` : `window ${window} and horizon ${horizon} need`;
  throw new SeriesInputError(({ window: windowName, split }) => {
    const shorter = `a shorter ${windowName ? windowName() : 'window'}${horizon === 1 ? '' : ' or horizon,'}`;
    // a larger split lengthens the training part, where the caller has one to set
    const longer = part === 'training part' && split ? `a larger ${split()}` : 'a longer series';
    return `${subject} has ${length} ${unit} but ${needs} at least ${need} (one window and ${after}): use ${shorter} or ${longer}.`;
  });
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
  if (!Number.isInteger(features) || features < 1)
    throw new InputError('series[0] has no values: each row of a multivariate series needs at least one feature.');
  const data = new Float32Array(rows * features); // (N, F)
  for (let i = 0; i < rows; i++) {
    const row = series[i];
    if (typeof row !== 'object' || row === null || row.length !== features) {
      const got = typeof row === 'object' && row !== null ? `${row.length} values` : `${String(row)}, not a row`;
      throw new InputError(
        `series[${i}] has ${got}, series[0] has ${features}: every row of a multivariate series needs the same features.`,
      );
    }
    for (let f = 0; f < features; f++) {
      data[i * features + f] = row[f];
      if (!Number.isFinite(data[i * features + f])) throw notFinite(`series[${i}][${f}]`, row[f]);
    }
  }
  return { data, rows, features };
}

function notFinite(where: string, raw: unknown): InputError {
  const what = Number.isFinite(raw) ? `${String(raw)}, too large for float32` : String(raw);
  return new InputError(
    `${where} is ${what}: windows need finite values; fill or drop missing values (e.g. interpolate) before windowing.`,
  );
}

function checkedTargets(targets: readonly number[] | undefined, features: number, multivariate: boolean): readonly number[] {
  if (targets === undefined) return [0];
  if (!multivariate && !(targets.length === 1 && targets[0] === 0)) {
    throw new OptionError(
      `targets [${Array.from(targets).join(', ')}] need a multivariate series (rows of features); a univariate series has the one target [0].`,
    );
  }
  const ok =
    targets.length > 0 && targets.every((t) => Number.isInteger(t) && t >= 0 && t < features) && new Set(targets).size === targets.length;
  if (!ok) {
    throw new OptionError(
      `targets must be distinct column indices in [0, ${features - 1}], got [${Array.from(targets).join(', ')}]: the series has ${features} features per row.`,
    );
  }
  return targets;
}
