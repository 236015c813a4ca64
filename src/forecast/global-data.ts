/**
 * The training windows of a global network (src/forecast/global-network.ts), streamed: windows
 * cut from many series, one batch at a time, never all at once. S = series used, N = windows in
 * all of them, W = window, H' = output steps, C = id columns (the series count with ids, else 0),
 * B = batch size.
 *
 *   window k of series i:  x = series_i[k, k + W), y = series_i[k + W, k + W + H')
 *   numbering:             the windows of all series, series after series: 0 .. N − 1
 *                          (offsets, a prefix sum per series, find a window's series)
 *   each epoch:            N ≤ cap: every window once, in a seeded random order (a full
 *                          Fisher–Yates permutation, not tf.data's buffer shuffle);
 *                          N > cap: cap windows drawn uniformly with replacement
 *   each batch:            x and y normalized by the window's own statistics ('window', RevIN) or
 *                          by its series' training statistics ('series'), then laid out as
 *                          {@link writeInput} says
 *
 * Memory: the order of one epoch (4 bytes × min(N, cap)), the offsets (8 bytes × (S + 1)) and one
 * batch; the series themselves are the caller's arrays, never copied.
 *
 * Browser-safe.
 */
import { RandomState } from '../engine/random.js';
import { Tensor } from '../engine/tensor.js';
import type { Batch, Dataset } from '../data/dataset.js';
import type { WindowNormalizer, WindowStats } from '../data/transforms/window-normalizer.js';

/** How the input of one window is laid out for the network. */
export interface InputLayout {
  /** Values per window (W). */
  window: number;
  /** One-hot id columns (C): the number of series with ids, 0 without. */
  ids: number;
  /** A recurrent network: (W, 1 + C) per example when C > 0, (W) when C = 0; an mlp: (W + C). */
  recurrent: boolean;
}

/**
 * The shape of one example's input (no batch axis) for a layout.
 * @example inputShape({ window: 24, ids: 8, recurrent: true }); // [24, 9]
 * @throws never.
 */
export function inputShape({ window, ids, recurrent }: InputLayout): number[] {
  if (recurrent) return ids === 0 ? [window] : [window, 1 + ids];
  return [window + ids];
}

/**
 * Writes one normalized window `x` (W) and the one-hot of series `id` into `out` at `offset`, as
 * `layout` says: an mlp's row is the W values then C id columns; a recurrent row is W steps of
 * [value, C id columns] (the id repeated at every step), or just the W values without ids.
 * `id` −1 writes no one.
 * @example writeInput(row, 0, x, 2, { window: 3, ids: 4, recurrent: false }); // row = [x0, x1, x2, 0, 0, 1, 0]
 * @throws never (the caller sizes `out`: the product of {@link inputShape}).
 */
export function writeInput(out: Float32Array, offset: number, x: ArrayLike<number>, id: number, layout: InputLayout): void {
  const { window: W, ids: C, recurrent } = layout;
  if (!recurrent || C === 0) {
    for (let t = 0; t < W; t++) out[offset + t] = x[t];
    if (C > 0) {
      out.fill(0, offset + W, offset + W + C);
      if (id >= 0) out[offset + W + id] = 1;
    }
    return;
  }
  const F = 1 + C; // features per step
  out.fill(0, offset, offset + W * F);
  for (let t = 0; t < W; t++) {
    out[offset + t * F] = x[t];
    if (id >= 0) out[offset + t * F + 1 + id] = 1;
  }
}

/** Options of {@link globalWindows}. */
export interface GlobalWindowsOptions {
  /** The training parts used, each at least W + H' values (the caller skipped the shorter ones). */
  series: readonly Float32Array[];
  /** Each used series' id column (its index among all the series given), −1 without ids. */
  ids: readonly number[];
  /** Each used series' training statistics ('series' normalization), or null for per-window normalization. */
  seriesStats: readonly WindowStats[] | null;
  /** Per-window normalization (RevIN) when `seriesStats` is null. */
  normalizer: WindowNormalizer;
  layout: InputLayout;
  /** Output steps per window (H'). */
  steps: number;
  batchSize: number;
  seed: number;
  /** Windows per epoch at most (the memory and time cap). */
  cap: number;
}

/** A streamed dataset of windows from many series. */
export interface GlobalWindows extends Dataset {
  /** Windows in all series (N). */
  readonly windows: number;
  /** Windows each epoch trains on: min(N, cap). */
  readonly perEpoch: number;
  readonly batches: number;
}

/**
 * The windows of many series as a dataset for `model.fit`, streamed one batch at a time (the
 * file's comment). Iterating it again is the next epoch (a new order).
 *
 * @example
 * const data = globalWindows({ series: [a, b], ids: [-1, -1], seriesStats: null, normalizer: windowNormalizer(),
 *   layout: { window: 24, ids: 0, recurrent: false }, steps: 18, batchSize: 32, seed: 0, cap: 100_000 });
 * await model.fit(data, { epochs: 100 });
 * @throws never (the caller checks the series: finite, each long enough for one window).
 */
export function globalWindows(options: GlobalWindowsOptions): GlobalWindows {
  const { series, ids, seriesStats, normalizer, layout, steps, batchSize, cap } = options;
  const W = layout.window;
  const offsets = new Float64Array(series.length + 1); // (S + 1) first window number of each series
  for (let i = 0; i < series.length; i++) offsets[i + 1] = offsets[i] + (series[i].length - W - steps + 1);
  const windows = offsets[series.length];
  const perEpoch = Math.min(windows, cap);
  const rng = new RandomState(options.seed);
  const xSize = inputShape(layout).reduce((a, b) => a * b, 1);

  /** The series holding window number k: the last i with offsets[i] ≤ k (binary search). */
  const seriesOf = (k: number): number => {
    let lo = 0;
    let hi = series.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (offsets[mid] <= k) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };

  const epochOrder = (): Uint32Array => {
    const order = new Uint32Array(perEpoch); // (min(N, cap)) window numbers
    if (windows <= cap) {
      for (let k = 0; k < perEpoch; k++) order[k] = k;
      for (let k = perEpoch - 1; k > 0; k--) {
        const j = rng.randint(k + 1);
        const t = order[k];
        order[k] = order[j];
        order[j] = t;
      }
    } else {
      for (let k = 0; k < perEpoch; k++) order[k] = rng.randint(windows);
    }
    return order;
  };

  const batchOf = (order: Uint32Array, from: number, to: number): Batch => {
    const B = to - from;
    const x = new Float32Array(B * xSize); // (B, ...inputShape)
    const y = new Float32Array(B * steps); // (B, H')
    for (let b = 0; b < B; b++) {
      const k = order[from + b];
      const i = seriesOf(k);
      const start = k - offsets[i];
      const values = series[i];
      const raw = values.subarray(start, start + W);
      const targets = values.subarray(start + W, start + W + steps);
      let normalized: Float32Array;
      let stats: WindowStats;
      if (seriesStats) {
        stats = seriesStats[i];
        normalized = normalizer.normalizeWith(raw, stats);
      } else {
        ({ x: normalized, stats } = normalizer.normalize(raw));
      }
      writeInput(x, b * xSize, normalized, ids[i], layout);
      y.set(normalizer.normalizeWith(targets, stats), b * steps);
    }
    return { x: new Tensor(x, [B, ...inputShape(layout)]), y: new Tensor(y, [B, steps]) };
  };

  return {
    windows,
    perEpoch,
    batches: Math.ceil(perEpoch / batchSize),
    *[Symbol.iterator](): Generator<Batch> {
      const order = epochOrder();
      for (let from = 0; from < perEpoch; from += batchSize) yield batchOf(order, from, Math.min(from + batchSize, perEpoch));
    },
  };
}
