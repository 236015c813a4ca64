/**
 * A network as a {@link Forecaster}: the wrapper around the model (as neuralforecast separates
 * them) that transforms, windows, trains and forecasts. W = window, L = the transform's lag,
 * H' = the values the network outputs per window (the spec's horizon H for a direct network, 1 for
 * a recursive one), T = the spec's target transform, N = per-window normalization (optional).
 *
 *   fit(train):             T fitted on train → windows of T(train) labelled with the next H'
 *                           values (each normalized by its window) → model.fit
 *   predictSliding(s, k):   each window of T(s) before a point → model → its first output
 *                           (denormalized) → T.inverseSliding with the actual values before it
 *   forecast(history, h):   the last window of T(history) → model → H' values appended, again
 *                           until h values → T.inverseForecast from the history's end.
 *                           Recursive: one step at a time; direct: h ≤ H is one prediction's first
 *                           h outputs, h > H chains blocks of H (each block's window ends with the
 *                           block before it)
 *   minHistory:             W + L
 *
 * A quantile network (`quantiles` in the spec, see src/model/quantile-spec.ts) outputs Q values per
 * step, step-major, ordered by construction. Its point forecast is the median: `predictSliding`
 * and `forecast` read the median of each step, exactly as a point network reads its one output
 * (so `forecast` with h > H chains blocks on the median path). `forecastQuantiles(history, h)`
 * gives every level's path for h ≤ H: each level's outputs denormalized by the window and through
 * T.inverseForecast on their own. That is exact for the transforms a quantile spec allows (they
 * are increasing and pointwise, so a quantile maps to the quantile) and keeps the order.
 *
 * With the default transform ['standard'] and H' = 1 this is exactly the forecaster before
 * transforms existed: the standard scaler, the same windows, the same numbers.
 *
 * Every `fit` starts from the spec's seeded initial weights, so the same spec and data always give
 * the same model (a backtest fold is a pure function of its inputs).
 */
import { Tensor } from '../engine/tensor.js';
import { InputError, ModelFileError, OptionError } from '../errors.js';
import type { Scaler, ScalerJSON } from '../data/scaling.js';
import { transformFromJSON } from '../data/transforms/registry.js';
import type { TargetTransform, TransformJSON } from '../data/transforms/transform.js';
import type { WindowNormalizer, WindowStats } from '../data/transforms/window-normalizer.js';
import { abortCallback } from '../model/abort.js';
import { TrainingDivergedError, type History } from '../model/fit.js';
import type { Sequential } from '../model/sequential.js';
import {
  compiledModelFromSpec,
  headWidth,
  modelFromSpec,
  resolveNetworkSpec,
  trainingEpochs,
  type NetworkSpec,
  type NetworkSpecInput,
} from '../model/model-spec.js';
import { medianIndex } from '../model/quantile-spec.js';
import { networkTrainingData, specNormalizer } from '../model/network-data.js';
import { outputSteps, specTransform, transformKinds } from '../model/target-spec.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type FitReport, type Forecaster } from './forecaster.js';

/** A network forecaster: a {@link Forecaster} that also exposes what the CLI saves. */
export interface NetworkForecaster extends Forecaster {
  /** The full spec (defaults filled in), plain JSON. */
  readonly spec: NetworkSpec;
  /** The model: freshly initialized before `fit`, trained after. */
  readonly model: Sequential;
  /** The spec's target transform fitted on the training part (save its `toJSON()`); null before `fit`. */
  readonly transform: TargetTransform | null;
  /** Loss and metrics per epoch of the last `fit`; null before it. */
  readonly history: History | null;
  /** Trains a fresh model from the spec's seeded initial weights; resolves with its history. */
  fit(train: Float32Array, options?: FitCallOptions): Promise<FitReport>;
  /**
   * A quantile network's forecasts of the `horizon` values after `history` (at most the spec's
   * horizon), one path per quantile level, never crossing.
   * @throws OptionError for a network without `quantiles` or a horizon past the spec's.
   */
  forecastQuantiles(history: Float32Array, horizon: number): QuantileForecast;
}

/** Quantile forecasts: `values[i][k]` is the `levels[i]` quantile of step k + 1; levels increasing, so is each step's column. */
export interface QuantileForecast {
  /** The quantile levels, increasing (the spec's `quantiles`). */
  levels: number[];
  /** One path of `horizon` values per level. */
  values: Float32Array[];
}

/**
 * A forecaster that trains the network a spec describes. A direct network (`horizon: H`,
 * `strategy: 'direct'`) forecasts up to H values with one prediction; `forecast(history, h)` with
 * h > H chains predictions of H values, each fed the values before it. `predictSliding` gives
 * one-step forecasts (the first output of each window's prediction) for every strategy.
 *
 * @example
 * const lstm = networkForecaster({ model: 'lstm', units: 32, epochs: 50 });
 * await lstm.fit(series.subarray(0, 1000));
 * const validation = lstm.predictSliding(series, 1000); // one-step forecasts of series[1000..]
 * const next30 = lstm.forecast(series, 30);
 * await lstm.model.save('models/lstm', { metadata: { spec: lstm.spec, transform: lstm.transform!.toJSON() } });
 * @example
 * // 18 months at once, on differenced then standardized values, each window normalized by itself
 * const direct = networkForecaster({ model: 'lstm', window: 36, horizon: 18, transform: ['difference', 'standard'], normalize: 'window' });
 * @throws OptionError (or Error) when the spec is invalid (see resolveNetworkSpec); `fit` throws a
 *   SeriesInputError when the training series has fewer than window + lag + H' values, an InputError
 *   when it holds NaN or a value the transform cannot take (log of 0), and TrainingDivergedError
 *   when the loss becomes NaN (lower the learning rate); `predictSliding`/`forecast` throw before
 *   `fit` and on bad input as every forecaster does (see checkSliding, checkRecursive).
 */
export function networkForecaster(spec: NetworkSpecInput): NetworkForecaster {
  const resolved = resolveNetworkSpec(spec);
  return new Network(resolved, null, null); // the model is built when asked for: a fit builds its own
}

/**
 * A network forecaster around a model that is already trained (e.g. from `loadModel`), with the
 * spec and the fitted transform it was trained with (e.g. from the model's metadata: a
 * `TransformJSON`, or the `ScalerJSON` that models saved before transforms existed hold). It
 * forecasts at once; calling `fit` on it trains afresh from the spec's initial weights.
 *
 * @example
 * const model = await loadModel('models/lstm');
 * const { spec, transform } = readRunMetadata(model.metadata);
 * const f = networkForecasterFromModel(model, spec!, transform!);
 * f.forecast(series, 30);
 * @throws when the spec is invalid; ModelFileError when the transform is not a fitted transform's
 *   state or its kinds are not the spec's transform, or the model does not take windows of
 *   `spec.window` values (input shape [null] or [window]) or does not output the spec's steps.
 */
export function networkForecasterFromModel(
  model: Sequential,
  spec: NetworkSpecInput,
  transform: TargetTransform | TransformJSON | Scaler | ScalerJSON,
): NetworkForecaster {
  const resolved = resolveNetworkSpec(spec);
  const input = model.inputShape;
  if (input && !(input.length === 1 && (input[0] === null || input[0] === resolved.window))) {
    throw new ModelFileError(
      `networkForecasterFromModel: the model takes input of shape [${input.map(String).join(', ')}] per example, but the spec's windows are [${resolved.window}]: pass the spec the model was trained with.`,
    );
  }
  const output = model.layers.at(-1)?.outputShape;
  const width = headWidth(resolved);
  const quantiles = resolved.quantiles ? `, ${resolved.quantiles.length} quantiles of each step` : '';
  if (output && output.at(-1) !== width) {
    throw new ModelFileError(
      `networkForecasterFromModel: the model outputs ${output.at(-1)} value(s) per window, but the spec's network (${resolved.strategy}, horizon ${resolved.horizon}${quantiles}) outputs ${width}: pass the spec the model was trained with.`,
    );
  }
  return new Network(resolved, model, fittedTransform(transform, resolved));
}

/** The fitted transform from whichever form it comes in, checked against the spec's kinds. */
function fittedTransform(given: TargetTransform | TransformJSON | Scaler | ScalerJSON, spec: NetworkSpec): TargetTransform {
  const fn = (name: string): boolean => typeof (given as unknown as Record<string, unknown>)[name] === 'function';
  let transform: TargetTransform;
  if (fn('inverseForecast')) transform = given as TargetTransform;
  else if (fn('inverse'))
    transform = transformFromJSON((given as Scaler).toJSON()); // a fitted Scaler
  else transform = transformFromJSON(given);
  if (!transform.fitted) {
    throw new ModelFileError(
      `networkForecasterFromModel: the transform ${transform.name} is not fitted: pass the one fitted with the model.`,
    );
  }
  const want = transformKinds(spec.transform).join(', ');
  const have = kindsOfState(transform.toJSON()).join(', ');
  if (want !== have) {
    throw new ModelFileError(
      `networkForecasterFromModel: the fitted transform is [${have}] but the spec's transform is [${want}]: pass the transform saved with the model.`,
    );
  }
  return transform;
}

function kindsOfState(json: TransformJSON): string[] {
  return json.kind === 'chain' ? json.transforms.flatMap(kindsOfState) : [json.kind];
}

class Network implements NetworkForecaster {
  readonly name: string;
  readonly minHistory: number;
  history: History | null = null;
  /** Steps the model forecasts per window. */
  private readonly steps: number;
  /** Values per step: the quantile levels of a quantile network, else 1. */
  private readonly perStep: number;
  /** Which of a step's values is the point forecast: the median's index, else 0. */
  private readonly point: number;
  private readonly normalizer: WindowNormalizer | null;

  constructor(
    readonly spec: NetworkSpec,
    private built: Sequential | null,
    public transform: TargetTransform | null,
  ) {
    this.name = spec.model;
    this.minHistory = spec.window + (transform ?? specTransform(spec)).lag;
    this.steps = outputSteps(spec);
    this.perStep = spec.quantiles?.length ?? 1;
    this.point = spec.quantiles ? medianIndex(spec.quantiles) : 0;
    this.normalizer = specNormalizer(spec);
  }

  /** The model: the spec's seeded initial one, built when first asked for (a fit builds its own), or the trained one. */
  get model(): Sequential {
    return (this.built ??= modelFromSpec(this.spec));
  }

  set model(model: Sequential) {
    this.built = model;
  }

  async fit(train: Float32Array, { callbacks = [], signal }: FitCallOptions = {}): Promise<FitReport> {
    const { spec } = this;
    checkTrain(this.name, 0, train); // every value finite, in the forecasters' words
    const { transform, data } = networkTrainingData(spec, train, { who: this.name });
    signal?.throwIfAborted();
    this.model = compiledModelFromSpec(spec);
    this.transform = transform;
    this.history = null;
    const all = signal ? [abortCallback(signal), ...callbacks] : callbacks;
    try {
      this.history = await this.model.fit(data, { epochs: trainingEpochs(spec, data.batches ?? 0), callbacks: all });
    } catch (e) {
      if (e instanceof TrainingDivergedError) this.history = e.history;
      throw e;
    }
    return { history: this.history };
  }

  predictSliding(series: Float32Array, from: number): Float32Array {
    const transform = this.fitted('predictSliding');
    const { window } = this.spec;
    checkSliding(this.name, this.minHistory, series, from);
    const n = series.length - from;
    if (n === 0) return new Float32Array(0);
    // z: the transformed values before each forecast point, window k = z[k .. k + W) for k < n
    const z = transform.transform(series.subarray(from - window - transform.lag, series.length - 1)); // (W + n − 1)
    const x = new Float32Array(n * window); // (n, W)
    for (let k = 0; k < n; k++) x.set(z.subarray(k, k + window), k * window);
    const stats = this.normalizeRows(x, n);
    const y = this.model.predict(new Tensor(x, [n, window]), { batchSize: Math.max(this.spec.batchSize, 32) }).data; // (n, H', Q)
    const first = new Float32Array(n); // each window's one-step forecast (the median of a quantile network)
    for (let k = 0; k < n; k++) first[k] = y[k * this.steps * this.perStep + this.point];
    if (stats) for (let k = 0; k < n; k++) first[k] = this.normalizer!.denormalize([first[k]], stats[k])[0];
    return transform.inverseSliding(series, from, first);
  }

  forecast(history: Float32Array, horizon: number): Float32Array {
    const transform = this.fitted('forecast');
    const { window } = this.spec;
    checkRecursive(this.name, this.minHistory, history, horizon);
    // the last window of the transformed history, then each block of forecasts: (W + horizon)
    const values = new Float32Array(window + horizon);
    values.set(transform.transform(history.subarray(history.length - window - transform.lag)));
    for (let done = 0; done < horizon;) {
      const y = this.predictWindow(values.slice(done, done + window)); // (H', Q)
      const take = Math.min(this.steps, horizon - done);
      for (let k = 0; k < take; k++) values[window + done + k] = y[k * this.perStep + this.point];
      done += take;
    }
    return transform.inverseForecast(history, values.subarray(window));
  }

  forecastQuantiles(history: Float32Array, horizon: number): QuantileForecast {
    const levels = this.spec.quantiles;
    if (!levels) {
      throw new OptionError(
        `${this.name}: forecastQuantiles needs a quantile network: give the spec quantiles, e.g. { quantiles: [0.1, 0.5, 0.9] }, and train it again.`,
      );
    }
    const transform = this.fitted('forecastQuantiles');
    checkRecursive(this.name, this.minHistory, history, horizon);
    if (horizon > this.steps) {
      throw new InputError(
        `${this.name}: forecastQuantiles can forecast at most ${this.steps} step(s), the horizon the network was trained for, got ${horizon}: quantiles further ahead would need the distribution of the steps before them; train with horizon: ${horizon}.`,
      );
    }
    const { window } = this.spec;
    const y = this.predictWindow(transform.transform(history.subarray(history.length - window - transform.lag))); // (H', Q)
    const Q = this.perStep;
    const values = levels.map((_, i) => {
      const path = new Float32Array(horizon); // one level, transformed scale
      for (let k = 0; k < horizon; k++) path[k] = y[k * Q + i];
      return transform.inverseForecast(history, path); // pointwise and increasing: a quantile stays a quantile
    });
    return { levels: [...levels], values };
  }

  /** The model's outputs for one window of transformed values (W), normalized and back when the spec says: (H', Q). */
  private predictWindow(window: Float32Array): Float32Array {
    let x = window;
    let stats: WindowStats | null = null;
    if (this.normalizer) ({ x, stats } = this.normalizer.normalize(x));
    const y = this.model.predict(new Tensor(x, [1, x.length])).data;
    return stats ? this.normalizer!.denormalize(y, stats) : y;
  }

  /** Normalizes each of the n rows of x (n, W) in place by itself; their statistics, or null without normalization. */
  private normalizeRows(x: Float32Array, n: number): WindowStats[] | null {
    if (!this.normalizer) return null;
    const window = x.length / n;
    const stats: WindowStats[] = [];
    for (let k = 0; k < n; k++) {
      const row = this.normalizer.normalize(x.subarray(k * window, (k + 1) * window));
      x.set(row.x, k * window);
      stats.push(row.stats);
    }
    return stats;
  }

  private fitted(what: string): TargetTransform {
    if (!this.transform) {
      throw new Error(
        `${this.name}: ${what} needs a trained network: call fit(train) first, or rebuild a saved one with networkForecasterFromModel.`,
      );
    }
    return this.transform;
  }
}
