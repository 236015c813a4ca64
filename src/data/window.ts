/**
 * Windowing a series into supervised examples, as the course's `windowed_dataset` does with tf.data:
 * ```python
 * dataset = tf.data.Dataset.from_tensor_slices(series)
 * dataset = dataset.window(window_size + 1, shift=1, drop_remainder=True)
 * dataset = dataset.flat_map(lambda w: w.batch(window_size + 1))
 * dataset = dataset.shuffle(shuffle_buffer).map(lambda w: (w[:-1], w[-1]))
 * dataset = dataset.batch(batch_size).prefetch(1)
 * ```
 * Window k holds values k .. k + window; the first `window` are the features, the last the label.
 * That is the default; `window-spec.ts` adds multi-step labels (`horizon`), per-timestep labels
 * (`sequenceLabels`, the course's seq2seq windows) and multivariate series (rows of features,
 * `targets`). The shuffle and the seeding are the same in every mode.
 *
 * N = number of windows, W = window, B = batch size.
 */
import { RandomState } from '../engine/random.js';
import { Tensor } from '../engine/tensor.js';
import type { Batch, Dataset } from './dataset.js';
import { OptionError } from '../errors.js';
import { MAX_LAYOUT_VALUES } from '../limits.js';
import { windowSpec, type SeriesInput, type WindowLabelOptions } from './window-spec.js';

export type { SeriesInput, WindowLabelOptions } from './window-spec.js';

/** Options of {@link windowedDataset}; defaults are the course's. */
export interface WindowOptions extends WindowLabelOptions {
  /** Number of past values each example sees (the course uses 20). Required. */
  window: number;
  /** Examples per batch; the last batch of an epoch may be smaller. Default 32. */
  batchSize?: number;
  /** tf.data shuffle buffer size; 0 or 1 keeps the series order. Default 1000. */
  shuffleBuffer?: number;
  /** Seed of the shuffle (an integer in [0, 2^32 - 1]); same seed, same epoch orders. Default 0. */
  seed?: number;
}

/** A windowed series: iterate it once per epoch. */
export interface WindowedDataset extends Dataset {
  /** Number of windows (examples) per epoch: length − window − horizon + 1 (length − window with sequenceLabels). */
  readonly size: number;
  /** Number of batches per epoch: ceil(size / batchSize). */
  readonly batches: number;
  /** Features per example. */
  readonly window: number;
  /** Examples per full batch. */
  readonly batchSize: number;
  /** Shape of one example's x, without the batch axis: [W], or [W, F] (multivariate or sequenceLabels). */
  readonly xShape: number[];
  /** Shape of one example's y, without the batch axis: [H], [H, T] (several targets), or [W, T] (sequenceLabels). */
  readonly yShape: number[];
}

/**
 * All windows of a series in order, unshuffled: features `x` (N, ...xShape) and labels `y`
 * (N, ...yShape), row-major. By default x is (N, W) and y (N) with `y[k] = series[k + window]`;
 * the label options work as in {@link windowedDataset}.
 *
 * @example
 * windows([1, 2, 3, 4], 2); // { x: Float32Array [1, 2, 2, 3], y: Float32Array [3, 4], xShape: [2], yShape: [1] }
 * windows([1, 2, 3, 4, 5], 2, { horizon: 2 }).y; // Float32Array [3, 4, 4, 5]
 * @throws when `window` or `horizon` is not a positive integer, the series is shorter than one
 *   example, it holds NaN or ±Infinity, or the label options do not fit the series (see windowedDataset).
 */
export function windows(
  series: SeriesInput,
  window: number,
  options: WindowLabelOptions = {},
): { x: Float32Array; y: Float32Array; xShape: number[]; yShape: number[] } {
  const spec = windowSpec(series, window, options);
  const xSize = product(spec.xShape);
  const ySize = product(spec.yShape);
  checkLayout(
    spec.size,
    xSize + ySize,
    'windows',
    'lay out all windows at once; use windowedDataset, which makes one batch at a time, or a shorter window',
  );
  const x = new Float32Array(spec.size * xSize); // (N, ...xShape)
  const y = new Float32Array(spec.size * ySize); // (N, ...yShape)
  for (let k = 0; k < spec.size; k++) spec.fill(k, x, k * xSize, y, k * ySize);
  return { x, y, xShape: spec.xShape, yShape: spec.yShape };
}

/**
 * The course's `windowed_dataset(series, window_size, batch_size, shuffle_buffer)`: windows of
 * `window + 1` consecutive values (shift 1, remainder dropped), buffer-shuffled afresh each epoch,
 * batched into `{ x: (B, window), y: (B, 1) }`. The shuffle is seeded, so runs are reproducible;
 * each epoch draws its own seed from the dataset's generator, so an epoch's order does not
 * depend on how far the previous one was read.
 *
 * Other modes (T = number of targets, F = features per row):
 * - `horizon: H` — windows of W + H values, y (B, H): the H values after the features.
 * - `sequenceLabels: true` — the course's `seq2seq_window_dataset`: windows of W + 1 values,
 *   x = w[:-1] as (B, W, 1) and y = w[1:] as (B, W, 1), one next-step label per time step.
 * - a multivariate series, given as rows (`number[][]`, N rows of F features): x (B, W, F);
 *   `targets` picks the label columns (default [0]): y (B, H), or (B, H, T) with several targets,
 *   or (B, W, T) with sequenceLabels.
 *
 * @example
 * const { series } = syntheticSeries();
 * const train = windowedDataset(series.subarray(0, 1000), { window: 20 }); // 980 windows, 31 batches
 * for (const { x, y } of train) { x.shape; y.shape; } // [32, 20], [32, 1] ... last [20, 20], [20, 1]
 * windowedDataset(series, { window: 20, sequenceLabels: true }); // x [32, 20, 1], y [32, 20, 1]
 * windowedDataset(rows, { window: 24, horizon: 6, targets: [0, 2] }); // x [32, 24, F], y [32, 6, 2]
 * @throws when `window` or `horizon` is not a positive integer, the series is shorter than
 *   window + horizon (window + 1 with sequenceLabels), it holds NaN or ±Infinity (the message
 *   names the index), rows of a multivariate series differ in length, `targets` are not distinct
 *   column indices, `sequenceLabels` is combined with horizon > 1, `batchSize` is not a positive
 *   integer, `shuffleBuffer` is not a non-negative integer, or `seed` is not an integer in [0, 2^32 - 1].
 */
export function windowedDataset(series: SeriesInput, options: WindowOptions): WindowedDataset {
  const spec = windowSpec(series, options?.window, options);
  return batchedExamples(spec.size, spec.xShape, spec.yShape, (k, x, xo, y, yo) => spec.fill(k, x, xo, y, yo), options);
}

/** Options of {@link examplesDataset}: {@link windowedDataset}'s batching and shuffle. */
export type ExamplesOptions = Pick<WindowOptions, 'batchSize' | 'shuffleBuffer' | 'seed'>;

/**
 * A dataset over examples already laid out, N rows of x (N, ...xShape) and y (N, ...yShape), as
 * `windows()` gives them or rows prepared from them (each window normalized by itself once, not
 * again every epoch): batched and shuffled exactly as {@link windowedDataset} batches and shuffles
 * its windows, so the same options over the same rows give the same batches.
 *
 * @example
 * const { x, y, xShape, yShape } = windows(series, 24, { horizon: 6 });
 * examplesDataset(x, y, xShape, yShape, { seed: 0 }); // the batches of windowedDataset(series, { window: 24, horizon: 6 })
 * @throws OptionError when x and y do not hold the same number of rows of their shapes, or on
 *   the batching options as {@link windowedDataset}.
 */
export function examplesDataset(
  x: Float32Array,
  y: Float32Array,
  xShape: number[],
  yShape: number[],
  options: ExamplesOptions = {},
): WindowedDataset {
  const xSize = product(xShape);
  const ySize = product(yShape);
  const size = x.length / xSize;
  if (!Number.isInteger(size) || size < 1 || y.length !== size * ySize) {
    throw new OptionError(
      `examplesDataset needs x and y with the same number of rows: x holds ${x.length} values in rows of ${xSize} and y ${y.length} in rows of ${ySize}: pass windows()'s x and y.`,
    );
  }
  return batchedExamples(
    size,
    xShape,
    yShape,
    (k, bx, xo, by, yo) => {
      // rows of a few dozen values: a loop costs less than a subarray each
      for (let i = 0, from = k * xSize; i < xSize; i++) bx[xo + i] = x[from + i];
      for (let i = 0, from = k * ySize; i < ySize; i++) by[yo + i] = y[from + i];
    },
    options,
  );
}

/**
 * `size` examples, the k-th written by `fill`, buffer-shuffled afresh each epoch and batched: the
 * dataset both {@link windowedDataset} and {@link examplesDataset} are.
 */
function batchedExamples(
  size: number,
  xShape: number[],
  yShape: number[],
  fill: (k: number, x: Float32Array, xOffset: number, y: Float32Array, yOffset: number) => void,
  options: ExamplesOptions,
): WindowedDataset {
  const { batchSize = 32, shuffleBuffer = 1000, seed = 0 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new OptionError(`windowedDataset batchSize must be a positive integer, got ${batchSize}: use e.g. 32.`);
  }
  if (!Number.isInteger(shuffleBuffer) || shuffleBuffer < 0) {
    throw new OptionError(
      `windowedDataset shuffleBuffer must be a non-negative integer, got ${shuffleBuffer}: use 0 for no shuffling or e.g. 1000.`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new OptionError(`windowedDataset seed must be an integer in [0, 4294967295], got ${seed}: use e.g. 0 or 42.`);
  }
  const xSize = product(xShape);
  const ySize = product(yShape);
  const batches = Math.ceil(size / batchSize);
  checkLayout(Math.min(batchSize, size), xSize + ySize, 'a batch', 'use a smaller batchSize or window');
  const epochSeeds = new RandomState(seed);
  // each epoch's order comes from a generator seeded afresh: one state reseeded each epoch rather
  // than a new 2.5 KB one (a small network's epoch is a few steps); bufferShuffle draws the whole
  // order before the epoch's first batch, so the next epoch's reseed cannot reach it
  const epochRng = new RandomState(0);

  // a small epoch's batches are views of one allocation, a large one's each its own (a small
  // network's step takes a few microseconds: each allocation counts)
  const epochValues = size * (xSize + ySize) <= EPOCH_IN_ONE_VALUES ? size * (xSize + ySize) : 0;

  function* epoch(order: Int32Array): Generator<Batch> {
    const all = epochValues > 0 ? new Float32Array(epochValues) : null;
    let used = 0;
    for (let start = 0; start < size; start += batchSize) {
      const b = Math.min(batchSize, size - start);
      const n = b * (xSize + ySize);
      const values = all ? all.subarray(used, (used += n)) : new Float32Array(n); // x, then y
      const x = values.subarray(0, b * xSize); // (B, ...xShape)
      const y = values.subarray(b * xSize); // (B, ...yShape)
      for (let i = 0; i < b; i++) fill(order[start + i], x, i * xSize, y, i * ySize);
      yield { x: new Tensor(x, [b, ...xShape]), y: new Tensor(y, [b, ...yShape]) };
    }
  }

  return {
    size,
    batches,
    window: xShape[0],
    batchSize,
    xShape: [...xShape],
    yShape: [...yShape],
    [Symbol.iterator]() {
      // Fix this epoch's order now, from a seed of its own.
      epochRng.reseed(epochSeeds.nextUint32());
      return epoch(bufferShuffle(size, shuffleBuffer, epochRng));
    },
  };
}

/** Values (windows and labels) up to which an epoch's batches share one allocation: 2^16, 256 KiB. */
const EPOCH_IN_ONE_VALUES = 2 ** 16;

/**
 * The order in which tf.data's `shuffle(bufferSize)` emits `n` stream elements 0 .. n-1: fill a
 * buffer with the first `bufferSize` elements; then repeatedly emit a uniformly chosen buffer slot
 * and refill that slot with the next stream element (once the stream is exhausted, the slot takes
 * the buffer's last element and the buffer shrinks). A buffer of 0 or 1 keeps the stream order; a
 * buffer of at least `n` is a uniform permutation. Element i is never emitted before position
 * i - bufferSize + 1.
 *
 * @example bufferShuffle(5, 1, new RandomState(0)); // Int32Array [0, 1, 2, 3, 4]
 * @throws when `n` or `bufferSize` is not a non-negative integer.
 */
export function bufferShuffle(n: number, bufferSize: number, rng: RandomState): Int32Array {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(bufferSize) || bufferSize < 0) {
    throw new Error(`bufferShuffle needs non-negative integers, got n=${n}, bufferSize=${bufferSize}: pass whole counts.`);
  }
  const order = new Int32Array(n);
  if (bufferSize <= 1) {
    for (let i = 0; i < n; i++) order[i] = i;
    return order;
  }
  const buffer = new Int32Array(Math.min(bufferSize, n));
  let filled = buffer.length; // live slots
  for (let i = 0; i < filled; i++) buffer[i] = i;
  let next = filled; // next stream element
  for (let out = 0; out < n; out++) {
    const slot = rng.randint(filled);
    order[out] = buffer[slot];
    if (next < n) buffer[slot] = next++;
    else buffer[slot] = buffer[--filled];
  }
  return order;
}

/**
 * Refuses to lay out `examples` × `perExample` values at once past MAX_LAYOUT_VALUES (1 GiB of
 * float32), before allocating.
 */
function checkLayout(examples: number, perExample: number, what: string, fix: string): void {
  const values = examples * perExample;
  if (values <= MAX_LAYOUT_VALUES) return;
  throw new OptionError(
    `${what === 'windows' ? `The ${examples.toLocaleString('en-US')} windows` : `A batch of ${examples.toLocaleString('en-US')} windows`} (${perExample.toLocaleString('en-US')} values each with its label) would take ${((values * 4) / 1024 ** 3).toPrecision(3)} GB, more than the 1 GB windowing lays out at once: ${fix}.`,
  );
}

function product(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
