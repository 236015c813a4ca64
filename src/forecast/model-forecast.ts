/**
 * The course's `model_forecast`: slide a window over a series and predict, in batches, the value
 * after each window.
 */
import { Tensor } from '../engine/tensor.js';
import type { Sequential } from '../model/sequential.js';

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
 * @throws when `window` or `batchSize` is not a positive integer, the series is shorter than the
 *   window, or it holds a value that is not a number.
 */
export function modelForecast(
  model: Sequential,
  series: ArrayLike<number>,
  { window, batchSize = 32 }: ModelForecastOptions,
): Float32Array {
  if (!Number.isInteger(window) || window < 1) throw new Error(`modelForecast window must be a positive integer, got ${window}.`);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`modelForecast batchSize must be a positive integer, got ${batchSize}.`);
  const n = series.length - window + 1;
  if (n < 1)
    throw new Error(
      `modelForecast: window ${window} needs at least ${window} values, the series has ${series.length}: pass a longer series or a shorter window.`,
    );
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series[i]))
      throw new Error(`modelForecast: the series has ${series[i]} at index ${i}: fill or drop missing values first.`);
  }
  const input = model.inputShape;
  const perStep = input?.length === 2 && input[1] === 1; // built for (W, 1) windows
  const out = new Float32Array(n);
  // windows are cut a chunk at a time, never all at once (N × window values would be `window`
  // copies of the series); a chunk is whole batches, so every batch is the one predict would form
  const chunk = batchSize * Math.max(1, Math.ceil(CHUNK_WINDOWS / batchSize));
  for (let start = 0; start < n; start += chunk) {
    const size = Math.min(chunk, n - start);
    const x = new Float32Array(size * window); // (chunk, window): windows start .. start + size - 1
    for (let i = 0; i < size; i++) for (let t = 0; t < window; t++) x[i * window + t] = series[start + i + t];
    const y = model.predict(new Tensor(x, perStep ? [size, window, 1] : [size, window]), { batchSize });
    const perRow = y.size / size;
    // a sequence output (B, T, F): the last step's first feature
    const at = perRow === 1 ? 0 : (y.shape[1] - 1) * (perRow / y.shape[1]);
    for (let i = 0; i < size; i++) out[start + i] = y.data[i * perRow + at];
  }
  return out;
}
