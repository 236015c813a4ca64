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
 *
 * N = number of windows, W = window, B = batch size.
 */
import { RandomState } from '../engine/random.js';
import { Tensor } from '../engine/tensor.js';
import type { Batch, Dataset } from './dataset.js';

/** Options of {@link windowedDataset}; defaults are the course's. */
export interface WindowOptions {
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
  /** Number of windows (examples) per epoch: series length - window. */
  readonly size: number;
  /** Number of batches per epoch: ceil(size / batchSize). */
  readonly batches: number;
  /** Features per example. */
  readonly window: number;
  /** Examples per full batch. */
  readonly batchSize: number;
}

/**
 * All windows of a series in order, unshuffled: features `x` (N, W) row-major and labels `y` (N),
 * with `y[k] = series[k + window]`.
 *
 * @example
 * windows([1, 2, 3, 4], 2); // { x: Float32Array [1, 2, 2, 3], y: Float32Array [3, 4] }
 * @throws when `window` is not a positive integer, the series is shorter than `window + 1`, or
 *   it holds NaN or ±Infinity.
 */
export function windows(series: ArrayLike<number>, window: number): { x: Float32Array; y: Float32Array } {
  const data = checkedSeries(series, window);
  const n = data.length - window;
  const x = new Float32Array(n * window); // (N, W)
  const y = new Float32Array(n); // (N)
  for (let k = 0; k < n; k++) {
    x.set(data.subarray(k, k + window), k * window);
    y[k] = data[k + window];
  }
  return { x, y };
}

/**
 * The course's `windowed_dataset(series, window_size, batch_size, shuffle_buffer)`: windows of
 * `window + 1` consecutive values (shift 1, remainder dropped), buffer-shuffled afresh each epoch,
 * batched into `{ x: (B, window), y: (B, 1) }`. The shuffle is seeded, so runs are reproducible;
 * each epoch draws its own seed from the dataset's generator, so an epoch's order does not
 * depend on how far the previous one was read.
 *
 * @example
 * const { series } = syntheticSeries();
 * const train = windowedDataset(series.subarray(0, 1000), { window: 20 }); // 980 windows, 31 batches
 * for (const { x, y } of train) { x.shape; y.shape; } // [32, 20], [32, 1] ... last [20, 20], [20, 1]
 * @throws when `window` is not a positive integer, the series is shorter than `window + 1`, it
 *   holds NaN or ±Infinity (the message names the index), `batchSize` is not a positive integer,
 *   `shuffleBuffer` is not a non-negative integer, or `seed` is not an integer in [0, 2^32 - 1].
 */
export function windowedDataset(series: ArrayLike<number>, options: WindowOptions): WindowedDataset {
  const { window, batchSize = 32, shuffleBuffer = 1000, seed = 0 } = options;
  const data = checkedSeries(series, window);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new Error(`windowedDataset batchSize must be a positive integer, got ${batchSize}: use e.g. 32.`);
  }
  if (!Number.isInteger(shuffleBuffer) || shuffleBuffer < 0) {
    throw new Error(
      `windowedDataset shuffleBuffer must be a non-negative integer, got ${shuffleBuffer}: use 0 for no shuffling or e.g. 1000.`,
    );
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new Error(`windowedDataset seed must be an integer in [0, 4294967295], got ${seed}: use e.g. 0 or 42.`);
  }
  const size = data.length - window;
  const batches = Math.ceil(size / batchSize);
  const epochSeeds = new RandomState(seed);

  function* epoch(order: Int32Array): Generator<Batch> {
    for (let start = 0; start < size; start += batchSize) {
      const b = Math.min(batchSize, size - start);
      const x = new Float32Array(b * window); // (B, W)
      const y = new Float32Array(b); // (B, 1)
      for (let i = 0; i < b; i++) {
        const k = order[start + i];
        x.set(data.subarray(k, k + window), i * window);
        y[i] = data[k + window];
      }
      yield { x: new Tensor(x, [b, window]), y: new Tensor(y, [b, 1]) };
    }
  }

  return {
    size,
    batches,
    window,
    batchSize,
    [Symbol.iterator]() {
      // Fix this epoch's order now, from a seed of its own.
      const rng = new RandomState(epochSeeds.nextUint32());
      return epoch(bufferShuffle(size, shuffleBuffer, rng));
    },
  };
}

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

/** The series as float32, after checking the window and that every value is finite. */
function checkedSeries(series: ArrayLike<number>, window: number): Float32Array {
  if (!Number.isInteger(window) || window < 1) {
    throw new Error(`window must be a positive integer number of time steps, got ${window}: use e.g. 20.`);
  }
  if (window + 1 > series.length) {
    throw new Error(
      `window ${window} needs at least ${window + 1} values, the series has ${series.length}: use a shorter window or a longer series.`,
    );
  }
  const data = Float32Array.from(series); // a copy: later edits to the caller's array do not leak in
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      const what = Number.isFinite(series[i]) ? `${series[i]}, too large for float32` : String(series[i]);
      throw new Error(
        `series[${i}] is ${what}: windows need finite values; fill or drop missing values (e.g. interpolate) before windowing.`,
      );
    }
  }
  return data;
}
