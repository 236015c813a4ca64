/**
 * A global network: one network trained on windows from many series at once (the idea behind
 * the M4/M5 winners, neuralforecast's and darts' multi-series training), then forecasting each of
 * them. W = window, H' = output steps (the horizon of a direct network, 1 for a recursive one),
 * S = series given to fitMany, C = id columns (S with ids, else 0).
 *
 *   fitMany(trains):        every series with at least W + H' values gives its windows (the
 *                           shorter ones are skipped and reported); one network is trained on
 *                           them, streamed in batches (global-data.ts), at most `windowsPerEpoch`
 *                           windows per epoch
 *   normalize 'window':     each window (and its targets) by its own mean and standard deviation
 *                           (RevIN): the network sees shapes, not levels, so series of any size
 *                           share it
 *   normalize 'series':     each series by the mean and standard deviation of its training part,
 *                           kept per series (saved with the model)
 *   seasonal:               each series' seasons removed before the network sees it (MSTL, as
 *                           stlf; on logs when every value of the series is positive and logs is
 *                           on): the network learns the adjusted series (trend and remainder), and
 *                           each forecast gets the seasons' last cycles back (then exp); a lighter
 *                           cousin of Smyl's ES-RNN, which won M4 on the same idea with exponential
 *                           smoothing. Every series' decomposition comes from its own values alone
 *   ids:                    the series' index as a one-hot of C columns appended to the input (an
 *                           mlp: after the window; a recurrent network: beside every step's
 *                           value). seqcast's Sequential has one input and no embedding layer, and
 *                           needs none: a one-hot times the first layer's kernel picks one row of
 *                           it, so the C rows are a learned embedding of each series (width: the
 *                           first layer's units), trained with the rest
 *   forecast(h, i):         the last W values, normalized as in training, → the network → H'
 *                           values denormalized, appended; again until h values (a direct
 *                           network's h ≤ H' is one prediction)
 *
 * The network itself is a spec's (src/model/model-spec.ts) without a target transform: the global
 * normalization takes its place (a `transform`, `normalize` or `quantiles` in the network spec is
 * refused). `forecasterFor(i)` is one series' view as a {@link Forecaster} (see there for `fit`).
 *
 * Browser-safe (saving is src/forecast/global-network-node.ts).
 */
import { Tensor } from '../engine/tensor.js';
import { InputError, ModelFileError, OptionError } from '../errors.js';
import { checkWindowFits } from '../data/window-spec.js';
import { windowNormalizer, type WindowStats } from '../data/transforms/window-normalizer.js';
import { abortCallback } from '../model/abort.js';
import { TrainingDivergedError, type History } from '../model/fit.js';
import {
  compiledModelFromSpec,
  defaultLearningRate,
  resolveNetworkSpec,
  trainingEpochs,
  type NetworkSpec,
  type NetworkSpecInput,
} from '../model/model-spec.js';
import type { Sequential } from '../model/sequential.js';
import { outputSteps } from '../model/target-spec.js';
import { checkRecursive, checkSliding, type FitCallOptions, type FitReport, type Forecaster } from './forecaster.js';
import { globalWindows, inputShape, writeInput, type InputLayout } from './global-data.js';
import { checkPeriods, slidingAdjusted, stlDecomposeForForecast } from './stats/stlf.js';

/** How a global network normalizes: each window by itself (RevIN), or each series by its training part. */
export type GlobalNormalize = 'window' | 'series';

/** A global network as a user writes it. */
export interface GlobalSpec {
  kind: 'global';
  /** The network: mlp, lstm, ... with window, horizon (direct by default for horizon > 1), epochs (and maxSteps), seed; no transform, normalize or quantiles. */
  network: NetworkSpecInput;
  normalize: GlobalNormalize;
  /** The series' index as a static one-hot input (a learned embedding); default false. At most {@link MAX_ID_SERIES} series. */
  ids?: boolean;
  /** Windows each epoch trains on at most (the memory and time cap); default {@link DEFAULT_WINDOWS_PER_EPOCH}. */
  windowsPerEpoch?: number;
  /**
   * Remove each series' seasons before the network sees it (see the file's comment): `periods` as
   * stlf's (e.g. [24, 168] for hourly data); `logs` (default true) decomposes the logs of a series
   * whose values are all positive, so seasons that swing with the level come off whole. Default: none.
   */
  seasonal?: GlobalSeasonal | null;
}

/** A global network's seasonal adjustment (GlobalSpec's `seasonal`). */
export interface GlobalSeasonal {
  periods: number[];
  logs?: boolean;
}

/** A global spec with every default filled in; `network` resolved (transform ['none']). */
export interface ResolvedGlobalSpec {
  kind: 'global';
  network: NetworkSpec;
  normalize: GlobalNormalize;
  ids: boolean;
  windowsPerEpoch: number;
  seasonal: Required<GlobalSeasonal> | null;
}

/** Windows per epoch by default: every window of the collection's series; a sample of 100,000 a epoch past that (about 1 s an epoch of a small mlp). */
export const DEFAULT_WINDOWS_PER_EPOCH = 100_000;
/** Series a network with ids takes at most: each id is an input column (and a row of the first layer's kernel). */
export const MAX_ID_SERIES = 10_000;

/** Options of {@link GlobalNetwork.fitMany}. */
export interface FitManyOptions extends FitCallOptions {
  /** A name per series, in order (saved with the model; `indexOf` finds a series by it); default none. */
  ids?: readonly string[];
}

/** A series fitMany left out. */
export interface GlobalSkippedSeries {
  index: number;
  id?: string;
  length: number;
  reason: string;
}

/** What {@link GlobalNetwork.fitMany} did. */
export interface FitManyReport extends FitReport {
  /** Indices of the series whose windows it trained on. */
  used: number[];
  /** The series too short for one window and its targets, skipped. */
  skipped: GlobalSkippedSeries[];
  /** Windows in the used series. */
  windows: number;
  /** Windows each epoch trained on: min(windows, windowsPerEpoch). */
  windowsPerEpoch: number;
}

/** What is saved beside the network (global.json): enough to forecast as before saving. */
export interface GlobalNetworkJSON {
  format: 'seqcast-global';
  version: 1;
  spec: ResolvedGlobalSpec;
  /** Series given to fitMany (S). */
  seriesCount: number;
  /** Their names, when fitMany had them. */
  seriesIds: string[] | null;
  /** Per series, 'series' normalization's training statistics (null for a skipped series); null for 'window'. */
  seriesStats: (WindowStats | null)[] | null;
}

/** One network for many series (the file's comment). */
export interface GlobalNetwork {
  readonly spec: ResolvedGlobalSpec;
  /** 'global mlp', 'global lstm (ids)'. */
  readonly name: string;
  /** The trained network; null before fitMany. */
  readonly model: Sequential | null;
  /** Loss per epoch of the last fitMany; null before (and after loading). */
  readonly history: History | null;
  /** Series given to the last fitMany; 0 before. */
  readonly seriesCount: number;
  /** Their names, if given. */
  readonly seriesIds: readonly string[] | null;
  /** Trains one fresh network (the spec's seeded weights) on the windows of every series long enough. */
  fitMany(trains: readonly Float32Array[], options?: FitManyOptions): Promise<FitManyReport>;
  /** The `horizon` values after `history`, the history of series `seriesIndex` (needed with ids or 'series' normalization's saved scale). */
  forecast(history: Float32Array, horizon: number, seriesIndex?: number): Float32Array;
  /** One-step forecasts of series[from..end), each from the values before it. */
  predictSliding(series: Float32Array, from: number, seriesIndex?: number): Float32Array;
  /** Series `seriesIndex` as a {@link Forecaster}. */
  forecasterFor(seriesIndex: number): Forecaster;
  /** The index of the series named `id` (fitMany's `ids`). */
  indexOf(id: string): number;
  /** What global.json holds. */
  toJSON(): GlobalNetworkJSON;
}

/**
 * Resolves and checks a global spec.
 * @example resolveGlobalSpec({ kind: 'global', network: { model: 'mlp', window: 24, horizon: 18 }, normalize: 'window' }).network.strategy; // 'direct'
 * @throws OptionError naming the field: not kind 'global', a normalize other than 'window' or
 *   'series', ids not a boolean, a bad windowsPerEpoch, a network spec resolveNetworkSpec
 *   refuses, or one with transform, normalize or quantiles (the global normalization replaces them).
 */
export function resolveGlobalSpec(spec: GlobalSpec): ResolvedGlobalSpec {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new OptionError(
      `A global spec must be an object such as { kind: 'global', network: { model: 'mlp' }, normalize: 'window' }, got ${JSON.stringify(spec)}.`,
    );
  }
  for (const key of Object.keys(spec)) {
    if (!['kind', 'network', 'normalize', 'ids', 'windowsPerEpoch', 'seasonal'].includes(key)) {
      throw new OptionError(`Unknown global spec field '${key}': the fields are kind, network, normalize, ids, windowsPerEpoch, seasonal.`);
    }
  }
  if (spec.kind !== 'global') throw new OptionError(`A global spec's kind must be 'global', got ${JSON.stringify(spec.kind)}.`);
  if (spec.normalize !== 'window' && spec.normalize !== 'series') {
    throw new OptionError(
      `A global spec's normalize must be 'window' (each window by its own mean and deviation) or 'series' (each series by its training part's), got ${JSON.stringify(spec.normalize)}.`,
    );
  }
  const ids = spec.ids ?? false;
  if (typeof ids !== 'boolean') throw new OptionError(`A global spec's ids must be true or false, got ${JSON.stringify(ids)}.`);
  const windowsPerEpoch = spec.windowsPerEpoch ?? DEFAULT_WINDOWS_PER_EPOCH;
  if (!Number.isInteger(windowsPerEpoch) || windowsPerEpoch < 1 || windowsPerEpoch > 2 ** 31) {
    throw new OptionError(
      `A global spec's windowsPerEpoch must be an integer from 1 to 2^31, got ${JSON.stringify(windowsPerEpoch)}: e.g. ${DEFAULT_WINDOWS_PER_EPOCH}.`,
    );
  }
  const network = spec.network;
  if (typeof network !== 'object' || network === null || Array.isArray(network)) {
    throw new OptionError(
      `A global spec's network must be a network spec such as { model: 'mlp', window: 24 }, got ${JSON.stringify(network)}.`,
    );
  }
  for (const field of ['transform', 'normalize', 'quantiles', 'scaling'] as const) {
    if (network[field] !== undefined) {
      throw new OptionError(
        `A global network's spec cannot set ${field}: the global spec's normalize ('window' or 'series') scales every series; remove network.${field}.`,
      );
    }
  }
  // the network sees normalized values: the learning rate for scaled data, unless given
  const learningRate = network.learningRate ?? defaultLearningRate(network.optimizer ?? 'adam', 'standard');
  const resolved = resolveNetworkSpec({ ...network, transform: 'none', learningRate });
  return { kind: 'global', network: resolved, normalize: spec.normalize, ids, windowsPerEpoch, seasonal: resolveSeasonal(spec.seasonal) };
}

/** GlobalSpec's `seasonal`, checked, with logs filled in; null when absent. */
function resolveSeasonal(seasonal: GlobalSeasonal | null | undefined): Required<GlobalSeasonal> | null {
  if (seasonal === undefined || seasonal === null) return null;
  if (typeof seasonal !== 'object' || Array.isArray(seasonal)) {
    throw new OptionError(`A global spec's seasonal must be an object such as { periods: [24, 168] }, got ${JSON.stringify(seasonal)}.`);
  }
  for (const key of Object.keys(seasonal)) {
    if (key !== 'periods' && key !== 'logs')
      throw new OptionError(`Unknown field '${key}' in a global spec's seasonal: the fields are periods, logs.`);
  }
  const periods = checkPeriods(seasonal.periods, "A global spec's seasonal");
  if (!periods.some((m) => m > 1)) {
    throw new OptionError(
      `A global spec's seasonal needs a period above 1, got ${JSON.stringify(periods)}: e.g. [24, 168] for hourly data, or leave seasonal out.`,
    );
  }
  const logs = seasonal.logs ?? true;
  if (typeof logs !== 'boolean') throw new OptionError(`A global spec's seasonal.logs must be true or false, got ${JSON.stringify(logs)}.`);
  return { periods, logs };
}

/**
 * A series as a seasonal global network sees it: its seasonally adjusted values (of its logs when
 * `logs`), and how forecasts of those go back: + the seasonal forecast, then exp when on logs.
 */
interface Adjusted {
  values: Float32Array;
  logs: boolean;
  /** The seasons' forecast for the steps after the values (on the log scale when `logs`). */
  seasonalForecast: Float64Array;
}

/** `values` seasonally adjusted by `seasonal` (see {@link Adjusted}), with the seasonal forecast for `horizon` steps. */
function adjust(values: Float32Array, seasonal: Required<GlobalSeasonal>, horizon: number): Adjusted {
  const logs = seasonal.logs && values.every((v) => v > 0);
  const d = stlDecomposeForForecast(logs ? Float32Array.from(values, Math.log) : values, seasonal.periods, horizon);
  return { values: Float32Array.from(d.adjusted), logs, seasonalForecast: d.seasonalForecast };
}

/** Adjusted-scale forecasts back on the series' scale: + the seasonal forecast of each step, then exp when on logs. */
function unadjust(y: Float32Array, a: Adjusted): Float32Array {
  return Float32Array.from(y, (v, j) => {
    const z = v + a.seasonalForecast[j];
    return a.logs ? Math.exp(z) : z;
  });
}

/**
 * A global network, untrained: `fitMany` trains it on many series, then it forecasts any of them.
 *
 * @example
 * const g = globalNetwork({ kind: 'global', network: { model: 'mlp', window: 24, horizon: 18, epochs: 100 }, normalize: 'window', ids: true });
 * const report = await g.fitMany([a, b, c], { ids: ['a', 'b', 'c'] }); // report.skipped: the series too short
 * g.forecast(b, 18, g.indexOf('b'));
 * await backtest(g.forecasterFor(1), ...); // one series as a Forecaster
 * @throws OptionError as {@link resolveGlobalSpec}. `fitMany` throws InputError with no series, a
 *   series that is not a Float32Array or holds NaN or ±Infinity (naming it), or every series too
 *   short; OptionError when `ids` does not name each series once, or with ids: true and more than
 *   {@link MAX_ID_SERIES} series; TrainingDivergedError when the loss becomes NaN. `forecast`
 *   throws before fitMany, without a seriesIndex when ids are on, and as every forecaster
 *   (checkRecursive).
 */
export function globalNetwork(spec: GlobalSpec): GlobalNetwork {
  return new Global(resolveGlobalSpec(spec), null, null);
}

/**
 * A global network around a trained model and its global.json (what {@link loadGlobalNetwork} reads).
 * @example const g = globalNetworkFromModel(await loadModel('g/network'), JSON.parse(text));
 * @throws ModelFileError when the JSON is not a global network's state or the model does not take its inputs.
 */
export function globalNetworkFromModel(model: Sequential, json: unknown): GlobalNetwork {
  const state = checkGlobalJSON(json);
  const g = new Global(state.spec, model, state);
  const dims = inputShape(g.layout);
  const want = dims.join(', ');
  const input = model.inputShape;
  // a recurrent network without ids takes [null] (any length), with ids [null, 1 + C]
  const fits = input && input.length === dims.length && input.every((d, i) => (i === 0 && d === null ? g.layout.recurrent : d === dims[i]));
  if (!fits) {
    throw new ModelFileError(
      `The global network's model takes input [${(input ?? []).map(String).join(', ')}] but its global.json describes windows of [${want}]: the folder's two files do not belong together; save the global network again.`,
    );
  }
  const out = model.layers.at(-1)?.outputShape?.at(-1);
  if (out !== outputSteps(state.spec.network)) {
    throw new ModelFileError(
      `The global network's model outputs ${out} value(s) per window but its spec forecasts ${outputSteps(state.spec.network)}: save the global network again.`,
    );
  }
  return g;
}

class Global implements GlobalNetwork {
  readonly name: string;
  history: History | null = null;
  seriesCount: number;
  seriesIds: string[] | null;
  private seriesStats: (WindowStats | null)[] | null;
  private readonly normalizer = windowNormalizer({ center: 'mean', scale: 'std' });
  private readonly steps: number;

  constructor(
    readonly spec: ResolvedGlobalSpec,
    public model: Sequential | null,
    state: GlobalNetworkJSON | null,
  ) {
    const tags = [
      ...(spec.seasonal ? [`STL(${spec.seasonal.periods.filter((m) => m > 1).join(',')})${spec.seasonal.logs ? ' of logs' : ''}`] : []),
      ...(spec.ids ? ['ids'] : []),
    ];
    this.name = `global ${spec.network.model}${tags.length ? ` (${tags.join(', ')})` : ''}`;
    this.steps = outputSteps(spec.network);
    this.seriesCount = state?.seriesCount ?? 0;
    this.seriesIds = state?.seriesIds ?? null;
    this.seriesStats = state?.seriesStats ?? null;
  }

  get layout(): InputLayout {
    const { network, ids } = this.spec;
    return { window: network.window, ids: ids ? this.seriesCount : 0, recurrent: network.model !== 'mlp' };
  }

  async fitMany(trains: readonly Float32Array[], { ids, callbacks = [], signal }: FitManyOptions = {}): Promise<FitManyReport> {
    const { network, normalize, seasonal } = this.spec;
    checkSeries(this.name, trains, ids);
    if (this.spec.ids && trains.length > MAX_ID_SERIES) {
      throw new OptionError(
        `${this.name}: ids: true takes at most ${MAX_ID_SERIES.toLocaleString('en-US')} series (one input column each), got ${trains.length.toLocaleString('en-US')}: use ids: false, or fit groups of series.`,
      );
    }
    const need = network.window + this.steps;
    const used: number[] = [];
    const skipped: GlobalSkippedSeries[] = [];
    trains.forEach((values, index) => {
      if (values.length >= need) used.push(index);
      else
        skipped.push({
          index,
          ...(ids ? { id: ids[index] } : {}),
          length: values.length,
          reason: `${values.length} values, fewer than window ${network.window} + ${this.steps} output step(s) = ${need}`,
        });
    });
    if (used.length === 0) {
      throw new InputError(
        `${this.name}: every one of the ${trains.length} series is too short: each needs at least ${need} values (window ${network.window} and ${this.steps} value(s) after it), the longest has ${Math.max(...trains.map((t) => t.length))}: use a shorter window or horizon, or longer series.`,
      );
    }
    signal?.throwIfAborted();
    // what the network learns: each series, or its seasonally adjusted values
    const series = seasonal ? trains.map((t) => (t.length >= need ? adjust(t, seasonal, 0).values : t)) : trains;
    signal?.throwIfAborted();
    // the state forecasts read: set before training, so a diverged fit still leaves a consistent network
    this.seriesCount = trains.length;
    this.seriesIds = ids ? [...ids] : null;
    this.seriesStats = normalize === 'series' ? series.map((t) => (t.length >= need ? this.normalizer.normalize(t).stats : null)) : null;
    const layout = this.layout;
    const data = globalWindows({
      series: used.map((i) => series[i]),
      ids: used.map((i) => (this.spec.ids ? i : -1)),
      seriesStats: this.seriesStats ? used.map((i) => this.seriesStats![i]!) : null,
      normalizer: this.normalizer,
      layout,
      steps: this.steps,
      batchSize: network.batchSize,
      seed: network.seed,
      cap: this.spec.windowsPerEpoch,
    });
    this.model = compiledModelFromSpec(network, { staticInputs: layout.ids });
    this.history = null;
    const all = signal ? [abortCallback(signal), ...callbacks] : callbacks;
    try {
      this.history = await this.model.fit(data, { epochs: trainingEpochs(network, data.batches), callbacks: all });
    } catch (e) {
      if (e instanceof TrainingDivergedError) this.history = e.history;
      throw e;
    }
    return { history: this.history, used, skipped, windows: data.windows, windowsPerEpoch: data.perEpoch };
  }

  forecast(history: Float32Array, horizon: number, seriesIndex?: number): Float32Array {
    this.check('forecast', seriesIndex);
    const W = this.spec.network.window;
    checkRecursive(this.name, W, history, horizon);
    const seasonal = this.spec.seasonal;
    const adjusted = seasonal ? adjust(history, seasonal, horizon) : null;
    const series = adjusted ? adjusted.values : history;
    const stats = this.fixedStats(series, seriesIndex);
    const values = new Float32Array(W + horizon); // the last window, then each block of forecasts
    values.set(series.subarray(series.length - W));
    for (let done = 0; done < horizon;) {
      const y = this.predictRows(values.subarray(done, done + W), 1, seriesIndex, stats)[0]; // (H')
      const take = Math.min(this.steps, horizon - done);
      values.set(y.subarray(0, take), W + done);
      done += take;
    }
    return adjusted ? unadjust(values.subarray(W), adjusted) : values.slice(W);
  }

  predictSliding(series: Float32Array, from: number, seriesIndex?: number): Float32Array {
    this.check('predictSliding', seriesIndex);
    const W = this.spec.network.window;
    checkSliding(this.name, W, series, from);
    const n = series.length - from;
    if (n === 0) return new Float32Array(0);
    const adjusted = this.spec.seasonal ? this.slidingAdjusted(series, from, this.spec.seasonal) : null;
    const values = adjusted ? adjusted.values : series;
    // 'series' normalization: the saved training statistics, else those of the values before `from`
    const stats = this.fixedStats(values.subarray(0, from), seriesIndex);
    const rows = values.subarray(from - W, values.length - 1); // window k = rows[k, k + W)
    const y = Float32Array.from(this.predictRows(rows, n, seriesIndex, stats), (row) => row[0]);
    return adjusted ? unadjust(y, adjusted) : y;
  }

  /**
   * What one-step forecasts from `from` run over with `seasonal`: the adjusted values of
   * series[0, from), then each later value minus the seasons' forecast from `from` (stlf's
   * slidingAdjusted), on logs when the values before `from` are all positive.
   */
  private slidingAdjusted(series: Float32Array, from: number, seasonal: Required<GlobalSeasonal>): Adjusted {
    const logs = seasonal.logs && series.subarray(0, from).every((v) => v > 0);
    if (logs) {
      const bad = series.findIndex((v, t) => t >= from && !(v > 0));
      if (bad >= 0) {
        throw new InputError(
          `${this.name}: the value at index ${bad} is ${series[bad]}, but the ${from} values before the first forecast are all positive, so the network works on logs: pass positive values, or use seasonal.logs: false.`,
        );
      }
    }
    const { adjusted, seasonalForecast } = slidingAdjusted(logs ? Float32Array.from(series, Math.log) : series, from, seasonal.periods);
    return { values: Float32Array.from(adjusted), logs, seasonalForecast };
  }

  forecasterFor(seriesIndex: number): Forecaster {
    return seriesView(this, seriesIndex);
  }

  indexOf(id: string): number {
    const index = this.seriesIds?.indexOf(id) ?? -1;
    if (index < 0) {
      const known = this.seriesIds
        ? `its series are ${this.seriesIds.slice(0, 5).join(', ')}${this.seriesIds.length > 5 ? ', ...' : ''}`
        : 'it was fitted without ids';
      throw new InputError(`${this.name}: no series is named '${id}' (${known}): pass a name given to fitMany's ids.`);
    }
    return index;
  }

  toJSON(): GlobalNetworkJSON {
    if (!this.model) throw new Error(`${this.name}: toJSON needs a trained network: call fitMany first.`);
    return {
      format: 'seqcast-global',
      version: 1,
      spec: this.spec,
      seriesCount: this.seriesCount,
      seriesIds: this.seriesIds,
      seriesStats: this.seriesStats,
    };
  }

  /**
   * The network's outputs for n windows: window k = rows[k, k + W) (rows holds n + W − 1 values),
   * each normalized (by `stats`, or by itself when null), denormalized back: n rows of (H').
   */
  private predictRows(rows: Float32Array, n: number, seriesIndex: number | undefined, stats: WindowStats | null): Float32Array[] {
    const layout = this.layout;
    const W = layout.window;
    const size = inputShape(layout).reduce((a, b) => a * b, 1);
    const x = new Float32Array(n * size); // (n, ...inputShape)
    const each: WindowStats[] = [];
    const id = this.spec.ids ? seriesIndex! : -1;
    for (let k = 0; k < n; k++) {
      const raw = rows.subarray(k, k + W);
      const row = stats ? { x: this.normalizer.normalizeWith(raw, stats), stats } : this.normalizer.normalize(raw);
      writeInput(x, k * size, row.x, id, layout);
      each.push(row.stats);
    }
    const y = this.model!.predict(new Tensor(x, [n, ...inputShape(layout)]), { batchSize: Math.max(this.spec.network.batchSize, 32) }).data; // (n, H')
    return each.map((s, k) => this.normalizer.denormalize(y.subarray(k * this.steps, (k + 1) * this.steps), s));
  }

  /** 'series' normalization's statistics: the saved ones of the series, else those of `values` (a series fitMany did not see). */
  private fixedStats(values: Float32Array, seriesIndex: number | undefined): WindowStats | null {
    if (this.spec.normalize !== 'series') return null;
    const saved = seriesIndex === undefined ? null : this.seriesStats?.[seriesIndex];
    return saved ?? this.normalizer.normalize(values).stats;
  }

  private check(what: string, seriesIndex: number | undefined): void {
    if (!this.model) {
      throw new Error(
        `${this.name}: ${what} needs a trained network: call fitMany(trains) first, or load a saved one with loadGlobalNetwork.`,
      );
    }
    if (seriesIndex === undefined) {
      if (this.spec.ids) {
        throw new OptionError(
          `${this.name}: ${what} needs the series' index: the network takes the series id as an input (ids: true); pass seriesIndex from 0 to ${this.seriesCount - 1}, e.g. indexOf(name).`,
        );
      }
      return;
    }
    if (!Number.isInteger(seriesIndex) || seriesIndex < 0 || seriesIndex >= this.seriesCount) {
      throw new OptionError(
        `${this.name}: seriesIndex must be an integer from 0 to ${this.seriesCount - 1} (the series given to fitMany), got ${seriesIndex}.`,
      );
    }
  }
}

/**
 * Series `seriesIndex` of a global network as a Forecaster. `predictSliding` and `forecast` use the
 * shared network. `fit(train)` cannot retrain the shared network on one series without changing
 * every other series' forecasts, so it fits a global network of the same spec on that one series
 * (a local network with the global normalization) and the view forecasts with it from then on;
 * the shared network is untouched. That is what a single-series backtest, the conformal wrapper
 * and the conformance suite need; to score the shared network, use backtestGlobal.
 */
function seriesView(global: Global, seriesIndex: number): Forecaster {
  const window = global.spec.network.window;
  const steps = outputSteps(global.spec.network);
  let own: { net: GlobalNetwork; index: number } | null = null;
  const name = `${global.name} (series ${seriesIndex})`;
  const target = (): { net: GlobalNetwork; index: number } => own ?? { net: global, index: seriesIndex };
  return {
    name,
    minHistory: window,
    async fit(train, options) {
      checkWindowFits(train.length, window, { horizon: steps, part: 'training part', who: name });
      const net = new Global(global.spec, null, null);
      const report = await net.fitMany([train], options);
      own = { net, index: 0 };
      return { history: report.history };
    },
    predictSliding(series, from) {
      const { net, index } = target();
      return net.predictSliding(series, from, index);
    },
    forecast(history, horizon) {
      const { net, index } = target();
      return net.forecast(history, horizon, index);
    },
  };
}

function checkSeries(who: string, trains: readonly Float32Array[], ids: readonly string[] | undefined): void {
  if (!Array.isArray(trains) || trains.length === 0) {
    throw new InputError(
      `${who}: fitMany needs at least one series, got ${Array.isArray(trains) ? 'none' : typeof trains}: pass an array of Float32Array training parts.`,
    );
  }
  trains.forEach((t, i) => {
    const name = ids?.[i] !== undefined ? `series ${i} ('${ids[i]}')` : `series ${i}`;
    if (!(t instanceof Float32Array))
      throw new InputError(`${who}: ${name} is not a Float32Array: pass each series' values as a Float32Array.`);
    for (let k = 0; k < t.length; k++) {
      if (!Number.isFinite(t[k])) {
        throw new InputError(`${who}: ${name} has ${t[k]} at index ${k}: fill or drop missing values (e.g. interpolate) before fitting.`);
      }
    }
  });
  if (ids === undefined) return;
  if (!Array.isArray(ids) || ids.length !== trains.length) {
    throw new OptionError(
      `${who}: ids names ${Array.isArray(ids) ? ids.length : 'no'} series but fitMany got ${trains.length}: give one id per series, in the same order.`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    if (typeof id !== 'string' || id === '')
      throw new OptionError(`${who}: every id must be a non-empty string, got ${JSON.stringify(id)}.`);
    if (seen.has(id)) throw new OptionError(`${who}: the id '${id}' names two series: give each series its own id.`);
    seen.add(id);
  }
}

/** global.json checked field by field. */
function checkGlobalJSON(json: unknown): GlobalNetworkJSON {
  const bad = (what: string): never => {
    throw new ModelFileError(
      `Not a global network's global.json: ${what}; the file is corrupt, edited or foreign: save the global network again.`,
    );
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('expected a JSON object');
  const o = json as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!['format', 'version', 'spec', 'seriesCount', 'seriesIds', 'seriesStats'].includes(key)) bad(`unknown field '${key}'`);
  }
  if (o.format !== 'seqcast-global') bad(`format is ${JSON.stringify(o.format)}, expected 'seqcast-global'`);
  if (o.version !== 1) bad(`version is ${JSON.stringify(o.version)}, expected 1`);
  let spec: ResolvedGlobalSpec;
  try {
    const s = o.spec as ResolvedGlobalSpec;
    const { transform: _t, normalize: _n, scaling: _s, ...network } = (s?.network ?? {}) as NetworkSpec;
    spec = resolveGlobalSpec({
      kind: s?.kind,
      network: network as NetworkSpecInput,
      normalize: s?.normalize,
      ids: s?.ids,
      windowsPerEpoch: s?.windowsPerEpoch,
      seasonal: s?.seasonal,
    });
  } catch (e) {
    return bad(`its spec is refused (${(e as Error).message})`);
  }
  const count = o.seriesCount;
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1)
    bad(`seriesCount is ${JSON.stringify(count)}, expected a positive integer`);
  const n = count as number;
  if (
    o.seriesIds !== null &&
    (!Array.isArray(o.seriesIds) || o.seriesIds.length !== n || o.seriesIds.some((id) => typeof id !== 'string'))
  ) {
    bad(`seriesIds must be null or ${n} strings`);
  }
  if (spec.normalize === 'window' && o.seriesStats !== null) bad("seriesStats must be null with normalize 'window'");
  if (spec.normalize === 'series') {
    const stats = o.seriesStats;
    const ok = (s: unknown): boolean => {
      if (s === null) return true;
      const r = s as Record<string, unknown>;
      return (
        typeof s === 'object' &&
        Number.isFinite(r.center) &&
        typeof r.scale === 'number' &&
        r.scale > 0 &&
        Number.isFinite(r.scale) &&
        Object.keys(r).length === 2
      );
    };
    if (!Array.isArray(stats) || stats.length !== n || !stats.every(ok))
      bad(`seriesStats must be ${n} entries of { center, scale > 0 } or null`);
  }
  return {
    format: 'seqcast-global',
    version: 1,
    spec,
    seriesCount: n,
    seriesIds: (o.seriesIds as string[] | null) ?? null,
    seriesStats: (o.seriesStats as (WindowStats | null)[] | null) ?? null,
  };
}
