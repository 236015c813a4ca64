/**
 * The course's `model_forecast`: slide a window over a series and predict, in batches, the value
 * after each window.
 */
import { Tensor } from '../engine/tensor.js';
import type { Sequential } from '../model/sequential.js';
import { InputError, OptionError } from '../errors.js';

/** Windows cut and predicted at a time (rounded up to whole batches). */
const CHUNK_WINDOWS = 4096;

export interface ModelForecastOptions {
  /** Window length the model was trained on. */
  window: number;
  /** Windows per forward pass; default 32. */
  batchSize?: number;
}

/**
 * One forecast per window of `series`: `series.length - window + 1` values, the i-th predicting
 * the value after `series[i .. i+window-1]`. A model built for windows of shape (W, 1), such as
 * the course's sequence-to-sequence models, gets them as (N, W, 1) (the course's
 * `series[..., np.newaxis]`); for a sequence-output model (B, T, 1), the last step's output is
 * taken, as the course does.
 * @example
 * // the course's validation forecast: points split..end
 * const forecast = modelForecast(model, series.slice(split - window, -1), { window: 20 });
 * @throws OptionError when `window` or `batchSize` is not a positive integer; InputError when the
 *   series is not an array, is shorter than the window or holds a value that is not a finite number.
 */
export function modelForecast(model: Sequential, series: ArrayLike<number>, options: ModelForecastOptions): Float32Array {
  const { window, batchSize = 32 } = options ?? ({} as ModelForecastOptions);
  if (!Number.isInteger(window) || window < 1)
    throw new OptionError(
      `modelForecast window must be a positive integer, got ${window}: pass the window the model was trained on, e.g. { window: 20 }.`,
    );
  if (typeof series !== 'object' || series === null || typeof series.length !== 'number')
    throw new InputError(`modelForecast needs a series of numbers (an array or Float32Array), got ${String(series)}.`);
  const n = series.length - window + 1;
  if (n < 1)
    throw new InputError(
      `modelForecast: window ${window} needs at least ${window} values, the series has ${series.length}: pass a longer series or a shorter window.`,
    );
  const data = Float32Array.from(series); // float32, as the windows the model sees
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]))
      throw new InputError(`modelForecast: the series has ${series[i]} at index ${i}: fill or drop missing values first.`);
  }
  const input = model.inputShape;
  const perStep = input?.length === 2 && input[1] === 1; // built for (W, 1) windows
  if (!(Number.isInteger(batchSize) && batchSize >= 1))
    throw new OptionError(`modelForecast batchSize must be a positive integer, got ${batchSize}: use e.g. 32.`);
  // one batch of windows at a time, so memory stays batch × window whatever the series' length
  // (the same batches as predict would make of all N windows at once: the same numbers)
  const out = new Float32Array(n);
  const b0 = Math.min(batchSize, n);
  const x = new Float32Array(b0 * window); // (B, window), row by row
  for (let start = 0; start < n; start += batchSize) {
    const b = Math.min(batchSize, n - start);
    const xb = b === b0 ? x : x.subarray(0, b * window);
    for (let i = 0; i < b; i++) xb.set(data.subarray(start + i, start + i + window), i * window);
    const y = model.predict(new Tensor(xb, perStep ? [b, window, 1] : [b, window]), { batchSize });
    const perRow = y.size / b;
    if (perRow === 1) {
      out.set(y.data, start);
      continue;
    }
    // sequence output (B, T, F): the last step's first feature
    const steps = y.shape[1];
    const features = perRow / steps;
    for (let i = 0; i < b; i++) out[start + i] = y.data[i * perRow + (steps - 1) * features];
  }
  return out;
}
