/**
 * The course's `model_forecast`: slide a window over a series and predict, in batches, the value
 * after each window.
 */
import { Tensor } from '../engine/tensor.js';
import type { Sequential } from '../model/sequential.js';

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
 * @throws when the series is shorter than the window or holds a value that is not a number.
 */
export function modelForecast(
  model: Sequential,
  series: ArrayLike<number>,
  { window, batchSize = 32 }: ModelForecastOptions,
): Float32Array {
  if (!Number.isInteger(window) || window < 1) throw new Error(`modelForecast window must be a positive integer, got ${window}.`);
  const n = series.length - window + 1;
  if (n < 1)
    throw new Error(
      `modelForecast: window ${window} needs at least ${window} values, the series has ${series.length}: pass a longer series or a shorter window.`,
    );
  for (let i = 0; i < series.length; i++) {
    if (!Number.isFinite(series[i]))
      throw new Error(`modelForecast: the series has ${series[i]} at index ${i}: fill or drop missing values first.`);
  }
  // (N, window): every window, row by row
  const x = new Float32Array(n * window);
  for (let i = 0; i < n; i++) for (let t = 0; t < window; t++) x[i * window + t] = series[i + t];
  const input = model.inputShape;
  const perStep = input?.length === 2 && input[1] === 1; // built for (W, 1) windows
  const y = model.predict(new Tensor(x, perStep ? [n, window, 1] : [n, window]), { batchSize });
  const perRow = y.size / n;
  if (perRow === 1) return y.data;
  // sequence output (N, T, F): the last step's first feature
  const steps = y.shape[1];
  const features = perRow / steps;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = y.data[i * perRow + (steps - 1) * features];
  return out;
}
