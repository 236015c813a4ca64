/**
 * The Theta method as R's `forecast::thetaf` (Hyndman & Billah 2003, "Unmasking the Theta
 * method": simple exponential smoothing with drift, the drift half the slope of a linear trend):
 *
 *   1. seasonal?  period m > 1, more than two seasons and the 90 % autocorrelation test
 *      (seasonality-test.ts); if so, divide the series by the multiplicative classical
 *      decomposition's seasonal figure (classical-decomposition.ts), unless a factor is near 0;
 *   2. fit simple exponential smoothing to the (adjusted) series as R's `ses` does (ses.ts): α, l_0;
 *   3. the drift b = half the least-squares slope of the (adjusted) series against 0..n−1;
 *   4. from n values with last level l_n, the forecast j = 1..h steps ahead is
 *        (l_n + b · ((j − 1) + (1 − (1 − α)^n) / α)) · s_{(n + j − 1) mod m}
 *      with s the seasonal figure (1 when not seasonal).
 *
 * `fit` does 1–3 on the training part and keeps α, l_0, b and the figure. `forecast(history, h)`
 * and `predictSliding` then run the fitted smoothing over the given values from l_0 and apply
 * step 4 with n = the number of values seen (no re-estimation, as ETS's filter): for the
 * training part itself `forecast(train, h)` is thetaf(train, h), up to the two optimisers' α. The seasonal figure is
 * indexed by position from the first value, so a history must start where the training part
 * started (backtests and sliding forecasts pass the series from its start). One-step forecasts
 * include the drift (thetaf's `fitted` values leave it out). Browser-safe.
 */
import { ModelFileError, OptionError, SeqcastError } from '../../errors.js';
import { checkRecursive, checkSliding, checkTrain, type Forecaster } from '../forecaster.js';
import { multiplicativeDecomposition } from './classical-decomposition.js';
import { seasonalityTest } from './seasonality-test.js';
import { fitSes } from './ses.js';
import { compensatedSum, mean } from './sums.js';

/** Options of {@link thetaForecaster}. */
export interface ThetaOptions {
  /** The season length m (12 for monthly data, 4 quarterly); 1, the default, for no seasonality. */
  period?: number;
}

/** What `fit` learned: plain JSON, so a fitted Theta forecaster can be saved and rebuilt. */
export interface ThetaState {
  kind: 'theta';
  /** The season length the forecaster was built with. */
  period: number;
  /** The seasonality test's statistic on the training part; null when the test did not apply. */
  seasonalStatistic: number | null;
  /** (period) The multiplicative seasonal figure by position from the first value; null when not seasonal. */
  seasonalFigure: number[] | null;
  /** The smoothing parameter α of the (adjusted) series. */
  alpha: number;
  /** The initial level l_0 (on the adjusted scale). */
  level0: number;
  /** The drift b: half the slope of the (adjusted) training series per step. */
  drift: number;
  /** The one-step error variance of the smoothing, as R reports it (thetaf's `model$sigma`). */
  sigma2: number;
  /** The number of training values. */
  trainLength: number;
}

/** A Theta forecaster: the Forecaster contract, plus its fitted state. */
export interface ThetaForecaster extends Forecaster {
  /** The fitted state; null before `fit`. */
  readonly state: ThetaState | null;
  /** The fitted state as plain JSON ({@link thetaForecasterFromJSON} rebuilds the forecaster). */
  toJSON(): ThetaState;
}

/** Fewest training values `fit` accepts: the drift's regression and a smoothing error need 3. */
const MIN_TRAIN = 3;

/**
 * The Theta method as R's `forecast::thetaf` (see the file's comment).
 * @example
 * const theta = thetaForecaster({ period: 12 });
 * await theta.fit(airPassengers);
 * theta.forecast(airPassengers, 18); // [440.08, 428.38, ...]: thetaf(AirPassengers, h = 18)$mean to 1e-5
 * theta.toJSON().alpha; // 0.8379 (R's Nelder-Mead stops at 0.8378)
 * @throws OptionError when `period` is not a positive integer. `fit` throws when the training part
 *   has fewer than 3 values or holds NaN or ±Infinity; `predictSliding`/`forecast` throw before
 *   `fit` and as every forecaster (checkSliding, checkRecursive).
 */
export function thetaForecaster(options: ThetaOptions = {}): ThetaForecaster {
  const period = options.period ?? 1;
  if (!Number.isInteger(period) || period < 1) {
    throw new OptionError(
      `thetaForecaster period must be a positive integer, got ${period}: use the season length, e.g. 12 for monthly data, or 1.`,
    );
  }
  return makeTheta(period, null);
}

/**
 * Rebuilds a fitted Theta forecaster from {@link ThetaForecaster.toJSON} output.
 * @example const again = thetaForecasterFromJSON(JSON.parse(JSON.stringify(theta.toJSON())));
 * @throws ModelFileError when the JSON is not a Theta state (a field missing, of the wrong type or out of range).
 */
export function thetaForecasterFromJSON(json: unknown): ThetaForecaster {
  return makeTheta(undefined, checkState(json));
}

/**
 * Fits the Theta method to `values` (steps 1–3 of the file's comment).
 * @example fitTheta(airPassengers, 12).drift // 1.3231 (thetaf's model$drift)
 * @throws never for finite values with at least 3 of them (the forecaster checks).
 */
export function fitTheta(values: ArrayLike<number>, period: number): ThetaState {
  const n = values.length;
  const test = seasonalityTest(values, period);
  const decomposed = test?.seasonal ? multiplicativeDecomposition(values, period).figure : null;
  // R falls back to no adjustment when a factor is near 0; so do we when one is not finite
  // (a zero trend value), where R would give NaN forecasts
  const figure = decomposed?.every((s) => Number.isFinite(s) && Math.abs(s) >= 1e-4) ? decomposed : null;
  const adjusted = figure ? Float64Array.from(values, (v, t) => v / figure[t % period]) : Float64Array.from(values);
  const ses = fitSes(adjusted, period);
  return {
    kind: 'theta',
    period,
    seasonalStatistic: test ? test.statistic : null,
    seasonalFigure: figure ? Array.from(figure) : null,
    alpha: ses.alpha,
    level0: ses.level0,
    drift: trendSlope(adjusted) / 2,
    sigma2: ses.sigma2,
    trainLength: n,
  };
}

/**
 * The least-squares slope of values against 0..n−1 (R's `lsfit(0:(n-1), x)` slope):
 * Σ (t − t̄)(x_t − x̄) / Σ (t − t̄)², with Σ (t − t̄)² = n(n² − 1)/12.
 * @example trendSlope([1, 3, 2, 4]) // 0.8
 * @throws InputError for no values (NaN for one).
 */
export function trendSlope(values: ArrayLike<number>): number {
  const n = values.length;
  const tBar = (n - 1) / 2;
  const xBar = mean(values);
  return compensatedSum(n, (t) => (t - tBar) * (values[t] - xBar)) / ((n * (n * n - 1)) / 12);
}

/**
 * The `horizon` forecasts after `history` of a fitted Theta state (step 4 of the file's comment),
 * in float64: the smoothing runs over the whole history from l_0.
 * @example thetaForecast(fitTheta(airPassengers, 12), airPassengers, 18) // thetaf(AirPassengers, h = 18)$mean
 * @throws never (the forecaster checks history and horizon).
 */
export function thetaForecast(state: ThetaState, history: ArrayLike<number>, horizon: number): Float64Array {
  const n = history.length;
  let level = state.level0;
  for (let t = 0; t < n; t++) level += state.alpha * (history[t] / seasonalFactor(state, t) - level);
  const offset = driftOffset(state.alpha, n);
  return Float64Array.from({ length: horizon }, (_, j) => (level + state.drift * (j + offset)) * seasonalFactor(state, n + j));
}

/** The seasonal factor of position t (from the first value); 1 when not seasonal. */
function seasonalFactor(state: ThetaState, t: number): number {
  return state.seasonalFigure ? state.seasonalFigure[t % state.period] : 1;
}

/** (1 − (1 − α)^n) / α, the drift's offset at the forecast origin, accurate for tiny α too. */
function driftOffset(alpha: number, n: number): number {
  const a = Math.max(1e-10, alpha); // as thetaf: α = 0 (short series) would divide by 0
  return -Math.expm1(n * Math.log1p(-a)) / a;
}

function makeTheta(period: number | undefined, restored: ThetaState | null): ThetaForecaster {
  let state = restored;
  const m = period ?? restored!.period;
  const name = m > 1 ? `theta (${m})` : 'theta';
  const minHistory = 1;
  const fitted = (what: string): ThetaState => {
    if (!state) throw new SeqcastError(`${name}: ${what} needs a fitted forecaster: call fit(train) first.`);
    return state;
  };
  return {
    name,
    minHistory,
    get state() {
      return state;
    },
    async fit(train) {
      checkTrain(name, MIN_TRAIN, train);
      state = fitTheta(train, m);
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      const s = fitted('predictSliding');
      const out = new Float32Array(series.length - from);
      let level = s.level0;
      for (let t = 0; t < series.length; t++) {
        const st = seasonalFactor(s, t);
        // the forecast of series[t] from the t values before it
        if (t >= from) out[t - from] = (level + s.drift * driftOffset(s.alpha, t)) * st;
        level += s.alpha * (series[t] / st - level);
      }
      return out;
    },
    forecast(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      return Float32Array.from(thetaForecast(fitted('forecast'), history, horizon));
    },
    toJSON() {
      return structuredClone(fitted('toJSON'));
    },
  };
}

/** Checks a saved Theta state field by field. */
function checkState(json: unknown): ThetaState {
  const bad = (what: string): never => {
    throw new ModelFileError(`Not a fitted Theta forecaster's state: ${what}; save it again with thetaForecaster(...).toJSON().`);
  };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('expected a JSON object');
  const o = json as Record<string, unknown>;
  if (o.kind !== 'theta') bad(`kind is ${JSON.stringify(o.kind)}, expected 'theta'`);
  const num = (key: string, ok: (v: number) => boolean = () => true): number => {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || !ok(v)) bad(`'${key}' is ${JSON.stringify(v)}`);
    return v as number;
  };
  const period = num('period', (v) => Number.isInteger(v) && v >= 1);
  const figure = o.seasonalFigure;
  if (
    figure !== null &&
    !(Array.isArray(figure) && figure.length === period && figure.every((v) => typeof v === 'number' && Number.isFinite(v)))
  ) {
    bad(`'seasonalFigure' must be null or ${period} finite numbers`);
  }
  const statistic = o.seasonalStatistic;
  if (statistic !== null && !(typeof statistic === 'number' && Number.isFinite(statistic)))
    bad(`'seasonalStatistic' is ${JSON.stringify(statistic)}`);
  return {
    kind: 'theta',
    period,
    seasonalStatistic: statistic as number | null,
    seasonalFigure: figure === null ? null : [...(figure as number[])],
    alpha: num('alpha', (v) => v >= 0 && v <= 1),
    level0: num('level0'),
    drift: num('drift'),
    sigma2: num('sigma2', (v) => v >= 0),
    trainLength: num('trainLength', (v) => Number.isInteger(v) && v >= MIN_TRAIN),
  };
}
