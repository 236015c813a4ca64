/**
 * Per-window normalization (as RevIN and DeepAR): each input window, and the targets that follow
 * it, expressed relative to the window's own level and scale, so a network sees the shape of the
 * recent past and not its level: a series that trends out of the training range still gives
 * windows in the range the network was trained on. Unlike a target transform nothing is fitted on
 * the training part: the statistics of each window come from that window alone.
 *
 *   x = (w − c) / s,   y' = (y − c) / s,   ŷ = ŷ' · s + c
 *
 *   center c:  'mean' (RevIN), 'last' (the last value: the network forecasts changes from it), 'none' (0)
 *   scale s:   'std' (population standard deviation, RevIN), 'mean-abs' (mean |w − c|; with
 *              center 'none' that is DeepAR's mean |w|), 'none' (1)
 *
 * A window with no variation (s ≤ 1e-6 · max |w|, below float32's resolution at that size, or 0)
 * gets s = 1: it is then only shifted, never divided by rounding noise.
 *
 * How a network forecaster uses it (after its target transform, on the transformed series z):
 *
 *   fit:             model.fit(normalizer.normalizeDataset(windowedDataset(z, ...)))
 *                    (each window's x and y normalized with that window's statistics)
 *   one-step:        for each window w before a point: { x, stats } = normalize(w);
 *                    ŷ = denormalize(model(x), stats); then the target transform's inverseSliding
 *   multi-step:      window = the last W values; repeat: { x, stats } = normalize(window);
 *                    ŷ = denormalize(model(x), stats); append ŷ to the window (direct: denormalize
 *                    all h outputs with the one window's stats); then inverseForecast
 *
 * Browser-safe.
 */
import { Tensor } from '../../engine/tensor.js';
import { InputError, ModelFileError, OptionError } from '../../errors.js';
import type { Batch, Dataset } from '../dataset.js';
import { checkFinite } from './transform.js';

/** Where a window is centred: its mean, its last value, or not at all. */
export type WindowCenter = 'mean' | 'last' | 'none';
/** How a window is scaled: by its standard deviation, its mean absolute deviation from the center, or not. */
export type WindowScale = 'std' | 'mean-abs' | 'none';

/** Options of {@link windowNormalizer}. */
export interface WindowNormalizerOptions {
  /** Default 'mean' (RevIN). */
  center?: WindowCenter;
  /** Default 'std' (RevIN). */
  scale?: WindowScale;
}

/** One window's statistics: its values were normalized as (v − center) / scale. */
export interface WindowStats {
  center: number;
  /** Positive. */
  scale: number;
}

/** A window normalizer as plain JSON (saved with a model). */
export interface WindowNormalizerJSON {
  kind: 'window-normalizer';
  center: WindowCenter;
  scale: WindowScale;
}

/** Normalizes each window by its own statistics (the file's comment). */
export interface WindowNormalizer {
  readonly center: WindowCenter;
  readonly scale: WindowScale;
  /** The window normalized, and the statistics that undo it. */
  normalize(window: ArrayLike<number>): { x: Float32Array; stats: WindowStats };
  /** Other values (a window's targets) normalized with a window's statistics. */
  normalizeWith(values: ArrayLike<number>, stats: WindowStats): Float32Array;
  /** Normalized values (a network's forecasts) back to the window's level and scale. */
  denormalize(y: ArrayLike<number>, stats: WindowStats): Float32Array;
  /** A dataset whose every row (one window of a univariate series, its targets) is normalized by its own window. */
  normalizeDataset(dataset: Dataset): Dataset;
  /** The options as plain JSON; {@link windowNormalizerFromJSON} rebuilds the normalizer. */
  toJSON(): WindowNormalizerJSON;
}

const CENTERS: readonly WindowCenter[] = ['mean', 'last', 'none'];
const SCALES: readonly WindowScale[] = ['std', 'mean-abs', 'none'];
/** A window's spread at or below this share of its largest |value| is rounding noise in float32. */
const FLAT = 1e-6;

/**
 * A per-window normalizer (the file's comment).
 *
 * @example
 * const revin = windowNormalizer(); // center 'mean', scale 'std'
 * const { x, stats } = revin.normalize([10, 12, 14]); // x ≈ [-1.2247, 0, 1.2247], stats { center: 12, scale: 1.633 }
 * revin.denormalize([2], stats); // Float32Array [15.266]
 * windowNormalizer({ center: 'last', scale: 'none' }).normalize([5, 7]).x; // Float32Array [-2, 0]
 * @throws OptionError when `center` or `scale` is not one of the names above. `normalize` throws
 *   InputError on an empty window or one holding NaN or ±Infinity; `normalizeWith`/`denormalize`
 *   on NaN or ±Infinity or stats that are not { center: finite, scale: positive };
 *   `normalizeDataset` (when iterated) on a multivariate batch.
 */
export function windowNormalizer(options: WindowNormalizerOptions = {}): WindowNormalizer {
  const { center = 'mean', scale = 'std' } = options;
  if (!CENTERS.includes(center)) {
    throw new OptionError(`windowNormalizer center must be one of ${CENTERS.join(', ')}, got ${JSON.stringify(center)}: e.g. 'mean'.`);
  }
  if (!SCALES.includes(scale)) {
    throw new OptionError(`windowNormalizer scale must be one of ${SCALES.join(', ')}, got ${JSON.stringify(scale)}: e.g. 'std'.`);
  }
  return makeNormalizer(center, scale);
}

/**
 * Rebuilds a window normalizer from {@link WindowNormalizer.toJSON} output.
 * @example windowNormalizerFromJSON({ kind: 'window-normalizer', center: 'last', scale: 'mean-abs' });
 * @throws ModelFileError when `json` is not such an object (the message names the field).
 */
export function windowNormalizerFromJSON(json: unknown): WindowNormalizer {
  const bad = (what: string): never => {
    throw new ModelFileError(
      `Not a window normalizer's state: ${what}; the file is corrupt, edited or foreign: save it again with windowNormalizer(...).toJSON().`,
    );
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('expected a JSON object');
  const o = json as Record<string, unknown>;
  if (o.kind !== 'window-normalizer') bad(`kind is ${JSON.stringify(o.kind)}, expected 'window-normalizer'`);
  if (!CENTERS.includes(o.center as WindowCenter)) bad(`center is ${JSON.stringify(o.center)}, expected one of ${CENTERS.join(', ')}`);
  if (!SCALES.includes(o.scale as WindowScale)) bad(`scale is ${JSON.stringify(o.scale)}, expected one of ${SCALES.join(', ')}`);
  for (const key of Object.keys(o)) if (!['kind', 'center', 'scale'].includes(key)) bad(`unknown field '${key}'`);
  return makeNormalizer(o.center as WindowCenter, o.scale as WindowScale);
}

function makeNormalizer(center: WindowCenter, scale: WindowScale): WindowNormalizer {
  const who = `windowNormalizer (${center}, ${scale})`;

  /** The statistics of w[from, to), its values checked finite (named by their index in w). */
  const statsOf = (w: ArrayLike<number>, from = 0, to = w.length): WindowStats => {
    if (to <= from) throw new InputError(`${who}: normalize got an empty window: pass the values before the forecast point.`);
    checkFinite(who, 'window', w, from, to);
    const n = to - from;
    let sum = 0; // float64
    let largest = 0;
    for (let i = from; i < to; i++) {
      sum += w[i];
      largest = Math.max(largest, Math.abs(w[i]));
    }
    const mean = sum / n;
    const c = center === 'mean' ? mean : center === 'last' ? w[to - 1] : 0;
    let s = 1;
    if (scale === 'std') {
      let squares = 0; // around the mean, two passes: no cancellation far from 0
      for (let i = from; i < to; i++) squares += (w[i] - mean) ** 2;
      s = Math.sqrt(squares / n);
    } else if (scale === 'mean-abs') {
      let deviations = 0;
      for (let i = from; i < to; i++) deviations += Math.abs(w[i] - c);
      s = deviations / n;
    }
    if (!(s > FLAT * largest)) s = 1; // flat: shift only
    return { center: c, scale: s };
  };

  /** (values[i] − center) / scale for i in [from, to), written to out from `at`. */
  const into = (values: ArrayLike<number>, from: number, to: number, stats: WindowStats, out: Float32Array, at: number): void => {
    for (let i = from; i < to; i++) out[at + i - from] = (values[i] - stats.center) / stats.scale;
  };

  const apply = (values: ArrayLike<number>, stats: WindowStats, what: string): Float32Array => {
    checkStats(who, stats);
    checkFinite(who, what, values);
    const out = new Float32Array(values.length);
    into(values, 0, values.length, stats, out, 0);
    return out;
  };

  // statsOf has checked the window and made valid stats: no second pass of checks before `into`
  const normalize = (window: ArrayLike<number>): { x: Float32Array; stats: WindowStats } => {
    const stats = statsOf(window);
    const x = new Float32Array(window.length);
    into(window, 0, window.length, stats, x, 0);
    return { x, stats };
  };

  return {
    center,
    scale,
    normalize,
    normalizeWith(values, stats) {
      return apply(values, stats, 'values');
    },
    denormalize(y, stats) {
      checkStats(who, stats);
      checkFinite(who, 'y', y);
      const out = new Float32Array(y.length);
      for (let i = 0; i < y.length; i++) out[i] = y[i] * stats.scale + stats.center;
      return out;
    },
    normalizeDataset(dataset) {
      return {
        batches: dataset.batches,
        *[Symbol.iterator](): Generator<Batch> {
          for (const batch of dataset) yield normalizeBatch(batch);
        },
      };
    },
    toJSON: () => ({ kind: 'window-normalizer', center, scale }),
  };

  /** Each row of x (one window) and of y (its targets) normalized by that window's statistics. */
  function normalizeBatch({ x, y }: Batch): Batch {
    const rows = x.shape[0];
    if (x.shape.length > 2 && x.shape.slice(2).some((d) => d !== 1)) {
      throw new OptionError(
        `${who}: normalizeDataset normalizes windows of one series, got x of shape [${x.shape.join(', ')}]: window a univariate series.`,
      );
    }
    const width = x.data.length / rows;
    const height = y.data.length / rows;
    checkFinite(who, 'targets', y.data);
    // row by row in place of normalize + apply per row: the same numbers, no array per row
    const nx = new Float32Array(x.data.length);
    const ny = new Float32Array(y.data.length);
    for (let b = 0; b < rows; b++) {
      const stats = statsOf(x.data, b * width, (b + 1) * width);
      into(x.data, b * width, (b + 1) * width, stats, nx, b * width);
      into(y.data, b * height, (b + 1) * height, stats, ny, b * height);
    }
    return { x: new Tensor(nx, x.shape), y: new Tensor(ny, y.shape) };
  }
}

function checkStats(who: string, stats: WindowStats): void {
  if (!stats || !Number.isFinite(stats.center) || !(stats.scale > 0) || !Number.isFinite(stats.scale)) {
    throw new InputError(
      `${who}: stats must be { center: a finite number, scale: a positive number }, got ${JSON.stringify(stats)}: pass the stats normalize returned for the window.`,
    );
  }
}
