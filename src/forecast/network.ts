/**
 * A network as a {@link Forecaster}: the wrapper around the model (as neuralforecast separates
 * them) that scales, windows, trains and forecasts.
 *
 *   fit(train):       scaler fitted on train → windowedDataset of the scaled train → model.fit
 *   predictSliding:   modelForecast over scaled windows ending before each point → inverse scaling
 *   forecast:         one step at a time, each scaled forecast appended to the window
 *
 * Every `fit` starts from the spec's seeded initial weights, so the same spec and data always give
 * the same model (a backtest fold is a pure function of its inputs).
 */
import { Tensor } from '../engine/tensor.js';
import { windowedDataset } from '../data/window.js';
import { checkWindowFits } from '../data/window-spec.js';
import { fitScaler, scalerFromJSON, type Scaler, type ScalerJSON } from '../data/scaling.js';
import { abortCallback } from '../model/abort.js';
import { TrainingDivergedError, type History } from '../model/fit.js';
import type { Sequential } from '../model/sequential.js';
import { compiledModelFromSpec, modelFromSpec, resolveNetworkSpec, type NetworkSpec, type NetworkSpecInput } from '../model/model-spec.js';
import { modelForecast } from './model-forecast.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type FitReport, type Forecaster } from './forecaster.js';

/** A network forecaster: a {@link Forecaster} that also exposes what the CLI saves. */
export interface NetworkForecaster extends Forecaster {
  /** The full spec (defaults filled in), plain JSON. */
  readonly spec: NetworkSpec;
  /** The model: freshly initialized before `fit`, trained after. */
  readonly model: Sequential;
  /** The scaler fitted on the training part; null before `fit`. */
  readonly scaler: Scaler | null;
  /** Loss and metrics per epoch of the last `fit`; null before it. */
  readonly history: History | null;
  /** Trains a fresh model from the spec's seeded initial weights; resolves with its history. */
  fit(train: Float32Array, options?: FitCallOptions): Promise<FitReport>;
}

/**
 * A forecaster that trains the network a spec describes.
 *
 * @example
 * const lstm = networkForecaster({ model: 'lstm', units: 32, epochs: 50 });
 * await lstm.fit(series.subarray(0, 1000));
 * const validation = lstm.predictSliding(series, 1000); // one-step forecasts of series[1000..]
 * const next30 = lstm.forecast(series, 30);
 * await lstm.model.save('models/lstm', { metadata: { spec: lstm.spec, scaler: lstm.scaler!.toJSON() } });
 * @throws when the spec is invalid (see resolveNetworkSpec); `fit` throws when the training series
 *   has fewer than window + 1 values or holds NaN, and TrainingDivergedError when the loss becomes
 *   NaN (lower the learning rate); `predictSliding`/`forecast` throw before `fit` and on bad
 *   input as every forecaster does (see checkSliding, checkRecursive).
 */
export function networkForecaster(spec: NetworkSpecInput): NetworkForecaster {
  const resolved = resolveNetworkSpec(spec);
  return new Network(resolved, modelFromSpec(resolved), null);
}

/**
 * A network forecaster around a model that is already trained (e.g. from `loadModel`), with the
 * spec and the scaler it was trained with (e.g. from the model's metadata). It forecasts at once;
 * calling `fit` on it trains afresh from the spec's initial weights.
 *
 * @example
 * const model = await loadModel('models/lstm');
 * const f = networkForecasterFromModel(model, model.metadata.spec as NetworkSpec, model.metadata.scaler as ScalerJSON);
 * f.forecast(series, 30);
 * @throws when the spec or the scaler JSON is invalid, or the model does not take windows of
 *   `spec.window` values (its input shape must be [null] or [window]).
 */
export function networkForecasterFromModel(model: Sequential, spec: NetworkSpecInput, scaler: Scaler | ScalerJSON): NetworkForecaster {
  const resolved = resolveNetworkSpec(spec);
  const input = model.inputShape;
  if (input && !(input.length === 1 && (input[0] === null || input[0] === resolved.window))) {
    throw new Error(
      `networkForecasterFromModel: the model takes input of shape [${input.map(String).join(', ')}] per example, but the spec's windows are [${resolved.window}]: pass the spec the model was trained with.`,
    );
  }
  const fitted = typeof (scaler as Scaler).transform === 'function' ? (scaler as Scaler) : scalerFromJSON(scaler);
  return new Network(resolved, model, fitted);
}

class Network implements NetworkForecaster {
  readonly name: string;
  readonly minHistory: number;
  history: History | null = null;

  constructor(
    readonly spec: NetworkSpec,
    public model: Sequential,
    public scaler: Scaler | null,
  ) {
    this.name = spec.model;
    this.minHistory = spec.window;
  }

  async fit(train: Float32Array, { callbacks = [], signal }: FitCallOptions = {}): Promise<FitReport> {
    const { spec } = this;
    checkWindowFits(train.length, spec.window, { part: 'training part', who: this.name });
    checkTrain(this.name, spec.window + 1, train); // and every value finite
    signal?.throwIfAborted();
    const scaler = fitScaler(spec.scaling, train);
    const data = windowedDataset(scaler.transform(train), {
      window: spec.window,
      batchSize: spec.batchSize,
      shuffleBuffer: spec.shuffleBuffer,
      seed: spec.seed,
    });
    this.model = compiledModelFromSpec(spec);
    this.scaler = scaler;
    this.history = null;
    const all = signal ? [abortCallback(signal), ...callbacks] : callbacks;
    try {
      this.history = await this.model.fit(data, { epochs: spec.epochs, callbacks: all });
    } catch (e) {
      if (e instanceof TrainingDivergedError) this.history = e.history;
      throw e;
    }
    return { history: this.history };
  }

  predictSliding(series: Float32Array, from: number): Float32Array {
    const scaler = this.fitted('predictSliding');
    const { window } = this.spec;
    checkSliding(this.name, window, series, from);
    if (from === series.length) return new Float32Array(0);
    // windows series[k-window .. k-1] for k = from .. end-1: the values before each forecast point
    const scaled = scaler.transform(series.subarray(from - window, series.length - 1));
    return scaler.inverse(modelForecast(this.model, scaled, { window, batchSize: Math.max(this.spec.batchSize, 32) }));
  }

  forecast(history: Float32Array, horizon: number): Float32Array {
    const scaler = this.fitted('forecast');
    const { window } = this.spec;
    checkRecursive(this.name, window, history, horizon);
    // the last window of history, then each scaled forecast appended: (window + horizon)
    const values = new Float32Array(window + horizon);
    values.set(scaler.transform(history.subarray(history.length - window)));
    for (let j = 0; j < horizon; j++) {
      const x = new Tensor(values.slice(j, j + window), [1, window]);
      values[window + j] = this.model.predict(x).data[0];
    }
    return scaler.inverse(values.subarray(window));
  }

  private fitted(what: string): Scaler {
    if (!this.scaler) {
      throw new Error(
        `${this.name}: ${what} needs a trained network: call fit(train) first, or rebuild a saved one with networkForecasterFromModel.`,
      );
    }
    return this.scaler;
  }
}
