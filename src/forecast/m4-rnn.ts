/**
 * M4's RNN benchmark (Makridakis et al. 2020; the organisers' `ML_benchmarks.py`, Keras 2.0.9) as
 * a seqcast recipe, on seqcast's own layers and training loop. `fit` on a training part of n values:
 *
 *   1. seasonal adjustment as M4's (stats/m4-seasonality.ts): divide by the multiplicative
 *      seasonal factors when the 90 % test at lag m finds seasonality (period m > 1, n ≥ 3m);
 *   2. remove the least-squares line a·t + b (t = 0..n−1) from the adjusted series: residuals r;
 *   3. windows of 3 residuals predict the next (n − 3 windows), as the benchmark's `split_into_train_test`;
 *   4. SimpleRNN(6, linear activation, no bias; kernel glorot_uniform, recurrent kernel orthogonal)
 *      → Dense(1) (linear, with a bias), on the raw residuals (no scaling, as the benchmark);
 *      MSE loss, RMSprop at 0.001 (Keras's defaults), 100 epochs, batch 1, the windows shuffled
 *      every epoch (Keras `fit`'s default), weights and shuffle seeded by `seed`.
 *
 * `forecast(history, h)` feeds each forecast residual back as the newest of the 3 inputs, then
 * adds the line back at t = n, n + 1, ... and multiplies by the seasonal factor of each position.
 * As the benchmark, a forecast below 0 becomes 0 and one above 1000 × the history's maximum becomes
 * that maximum. The line and the factors are indexed from the first training value, so a history
 * must start where the training part started (backtests pass the series from its start).
 *
 * What is not the benchmark's: its seasonality test adds r_1 unsquared (see m4-seasonality.ts),
 * and Keras 2.0.9's RMSprop added ε = 1e-7 after the square root, not inside it (rmsprop.ts); with
 * unscaled residuals √v is far above 1e-7, so the steps are the same to float32 precision. Keras
 * has no divergence check; neither does this recipe (a NaN loss still stops it). Browser-safe.
 */
import * as layers from '../layers/index.js';
import { sequential, type Sequential } from '../model/sequential.js';
import { Tensor } from '../engine/tensor.js';
import { windowedDataset } from '../data/window.js';
import { rmsprop } from '../optim/rmsprop.js';
import { mse } from '../losses/losses.js';
import { abortCallback } from '../model/abort.js';
import { OptionError, SeqcastError } from '../errors.js';
import { MAX_EPOCHS } from '../limits.js';
import { checkRecursive, checkSliding, checkTrain, type Forecaster, type FitReport } from './forecaster.js';
import { m4SeasonalFigure } from './stats/m4-seasonality.js';
import { trendSlope } from './stats/theta.js';
import { mean } from './stats/sums.js';

/** Options of {@link m4RnnForecaster}. */
export interface M4RnnOptions {
  /** The season length m (24 hourly); 1, the default, for no seasonal adjustment (M4's weekly data). */
  period?: number;
  /** Seed of the initial weights and of the shuffle; default 0. */
  seed?: number;
  /** Passes over the windows; default 100 (the benchmark's). */
  epochs?: number;
}

/** A fitted M4 RNN forecaster: the contract, plus what the preprocessing found and the network. */
export interface M4RnnForecaster extends Forecaster {
  /** (period) The seasonal factors by position from the first value; null when not seasonal or before `fit`. */
  readonly seasonalFigure: Float64Array | null;
  /** The line a·t + b removed from the adjusted training part; null before `fit`. */
  readonly trend: { slope: number; intercept: number } | null;
  /** The trained network; null before `fit`. */
  readonly model: Sequential | null;
}

/** Values each window holds (the benchmark's `in_size`). */
const WINDOW = 3;
/** SimpleRNN units. */
const UNITS = 6;
/** Fewest training values: one window and its target, and a line through them. */
const MIN_TRAIN = WINDOW + 1;

/**
 * M4's RNN benchmark (see the file's comment).
 * @example
 * const f = m4RnnForecaster({ period: 24, seed: 1 });
 * await f.fit(train); // about 90,000 steps of batch 1 on an M4 hourly series
 * f.forecast(train, 48);
 * @throws OptionError when `period` is not a positive integer, `seed` not an integer in [0, 2^32 − 1]
 *   or `epochs` not an integer from 1 to 100,000. `fit` throws on fewer than 4 training values or
 *   NaN or ±Infinity among them, and TrainingDivergedError when the loss becomes NaN;
 *   `predictSliding`/`forecast` throw before `fit` and as every forecaster (checkSliding, checkRecursive).
 */
export function m4RnnForecaster(options: M4RnnOptions = {}): M4RnnForecaster {
  if (typeof options !== 'object' || options === null)
    throw new OptionError('m4RnnForecaster options must be an object such as { period: 24 }.');
  for (const key of Object.keys(options)) {
    if (!['period', 'seed', 'epochs'].includes(key))
      throw new OptionError(`Unknown m4-rnn option '${key}': the options are period, seed, epochs.`);
  }
  const period = integer(options.period ?? 1, 'period', 1, 100_000, 'the season length, e.g. 24 for hourly data, or 1');
  const seed = integer(options.seed ?? 0, 'seed', 0, 0xffffffff, 'e.g. 0');
  const epochs = integer(options.epochs ?? 100, 'epochs', 1, MAX_EPOCHS, 'e.g. 100 (the benchmark)');
  const name = period > 1 ? `m4-rnn (${period})` : 'm4-rnn';
  let figure: Float64Array | null = null;
  let trend: { slope: number; intercept: number } | null = null;
  let model: Sequential | null = null;

  const factor = (t: number): number => (figure ? figure[t % period] : 1);
  const line = (t: number): number => trend!.intercept + trend!.slope * t;
  /** The residual of values[t]: seasonally adjusted, the line removed. */
  const residual = (values: ArrayLike<number>, t: number): number => values[t] / factor(t) - line(t);
  /** A residual forecast for position t back on the series' scale, bounded as the benchmark does. */
  const restore = (r: number, t: number, max: number): number => {
    const y = (r + line(t)) * factor(t);
    return y < 0 ? 0 : y > 1000 * max ? max : y;
  };
  const fitted = (what: string): Sequential => {
    if (!model) throw new SeqcastError(`${name}: ${what} needs a fitted forecaster: call fit(train) first.`);
    return model;
  };

  return {
    name,
    minHistory: WINDOW,
    get seasonalFigure() {
      return figure;
    },
    get trend() {
      return trend;
    },
    get model() {
      return model;
    },
    async fit(train, { callbacks = [], signal } = {}): Promise<FitReport> {
      checkTrain(name, MIN_TRAIN, train);
      signal?.throwIfAborted();
      const n = train.length;
      figure = m4SeasonalFigure(train, period);
      const adjusted = Float64Array.from(train, (v, t) => v / factor(t)); // (n)
      const slope = trendSlope(adjusted); // np.polyfit(t, x, 1)
      trend = { slope, intercept: mean(adjusted) - (slope * (n - 1)) / 2 };
      const residuals = Float32Array.from(adjusted, (v, t) => v - line(t)); // (n)
      const net = sequential(
        [
          layers.expandDims(-1, { inputShape: [WINDOW] }),
          layers.simpleRNN(UNITS, { activation: 'linear', useBias: false }),
          layers.dense(1),
        ],
        { seed, name: 'm4-rnn' },
      );
      net.compile({ loss: mse(), optimizer: rmsprop({ learningRate: 0.001 }) });
      // Keras fit(shuffle=True): a fresh permutation of all windows each epoch (a buffer as large as the data)
      const data = windowedDataset(residuals, { window: WINDOW, batchSize: 1, shuffleBuffer: n, seed });
      const all = signal ? [abortCallback(signal), ...callbacks] : callbacks;
      model = null; // unfitted until training ends
      const history = await net.fit(data, { epochs, callbacks: all, divergenceFactor: Infinity });
      model = net;
      return { history };
    },
    predictSliding(series, from) {
      checkSliding(name, WINDOW, series, from);
      const net = fitted('predictSliding');
      const k = series.length - from;
      if (k === 0) return new Float32Array(0);
      const x = new Float32Array(k * WINDOW); // (K, 3) the residuals before each point
      for (let i = 0; i < k; i++) for (let j = 0; j < WINDOW; j++) x[i * WINDOW + j] = residual(series, from + i - WINDOW + j);
      const r = net.predict(new Tensor(x, [k, WINDOW]), { batchSize: 256 }).data; // (K, 1)
      let max = -Infinity;
      for (let t = 0; t < from; t++) max = Math.max(max, series[t]);
      const out = new Float32Array(k);
      for (let i = 0; i < k; i++) {
        out[i] = restore(r[i], from + i, max);
        max = Math.max(max, series[from + i]); // the history before the next point
      }
      return out;
    },
    forecast(history, horizon) {
      checkRecursive(name, WINDOW, history, horizon);
      const net = fitted('forecast');
      const n = history.length;
      const x = new Float32Array(WINDOW); // (1, 3) the newest residuals, each forecast fed back
      for (let j = 0; j < WINDOW; j++) x[j] = residual(history, n - WINDOW + j);
      let max = -Infinity;
      for (let t = 0; t < n; t++) max = Math.max(max, history[t]);
      const out = new Float32Array(horizon);
      for (let j = 0; j < horizon; j++) {
        const r = net.predict(new Tensor(x.slice(), [1, WINDOW])).data[0];
        out[j] = restore(r, n + j, max);
        x.copyWithin(0, 1);
        x[WINDOW - 1] = r;
      }
      return out;
    },
    describe() {
      if (!trend) return name;
      return `${name}: ${figure ? 'seasonally adjusted' : 'not seasonal'}, trend ${Number(trend.slope.toPrecision(4))}/step, seed ${seed}`;
    },
  };
}

function integer(value: unknown, field: string, min: number, max: number, fix: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new OptionError(`m4-rnn ${field} must be an integer from ${min} to ${max}, got ${String(value)}: use ${fix}.`);
  }
  return value;
}
