/**
 * Conformal prediction intervals for any forecaster (split conformal, one calibration per forecast
 * step; Angelopoulos & Bates, "A gentle introduction to conformal prediction", 2021): a wrapper
 * whose `fit(train)` measures how far the wrapped forecaster's forecasts of the training part
 * miss, step by step, and whose intervals are the forecast ∓ a rank of those misses.
 *
 *   fit(train), n = train.length, h = the horizon, m = the season length:
 *     c = max(minTrain, n − h − origins + 1),  minTrain = max(2m, 8, the inner forecaster's minHistory)
 *       (at least two seasons to learn from, and as many origins as `origins` allows, default 30:
 *       the latest stretch of the training part, which is most like what follows it)
 *     a fresh inner forecaster fits on train[0, c) once; from each origin o = c, c+1, ..., n − h it
 *       forecasts h values from train[0, o) (no refit: cheap, many origins) and the errors
 *       e_j(o) = |train[o + j] − forecast_j| are kept per step j = 1..h, sorted
 *     then a fresh inner forecaster fits on all of train: the point forecasts are its
 *   interval at level L, step j: forecast_j ∓ the k-th smallest of the M = n − h − c + 1 errors of
 *     step j, k = ⌈(M + 1)·L/100⌉ (the finite-sample correction: coverage at least L when the
 *     errors are exchangeable). When k > M (M too small for L: 95 % needs M ≥ 19, 80 % M ≥ 4) the
 *     largest error is used and the forecast's notes say the level is not guaranteed: never a
 *     silently narrow band.
 *
 * A training part too short to calibrate on (n < minTrain + h: fewer than two seasons before the
 * last h values) still gets intervals, from a model instead of from errors: ETS (ets.ts, chosen by
 * AICc as R's) is fitted on all of it, and step j's interval is the forecast ∓ z_L·sd_j, sd_j
 * the standard deviation of ETS's forecast distribution at step j (R's analytical one). The
 * calibration then records those sd_j (`fallback`) and the forecasts' notes say the intervals
 * are ETS's, not calibrated. Below minTrain values, or when ETS cannot fit, `fit` throws.
 *
 * The intervals hold for up to h steps; a longer forecast has no calibration for its later steps
 * and is refused. Nothing here sees a value after the training part, so a backtest of a conformal
 * forecaster is honest (docs/accuracy.md). Browser-safe: no Node modules.
 */
import { InputError, OptionError, TooShortToCalibrateError } from '../errors.js';
import { checkRecursive, checkTrain, type FitCallOptions, type Forecaster, type IntervalForecast } from './forecaster.js';
import { checkLevels, symmetricIntervals } from './intervals.js';
import { normalQuantile } from '../metrics/normal-quantile.js';
import { etsForecaster } from './stats/ets.js';

/** The longest horizon a conformal forecaster calibrates (what a saved one stores is origins × horizon errors). */
export const MAX_CONFORMAL_HORIZON = 1000;
/** The most calibration origins. */
export const MAX_CONFORMAL_ORIGINS = 200;

/** Options of {@link conformalForecaster} (plain JSON: `{ kind: 'conformal', of, ... }` in a ForecasterSpec). */
export interface ConformalOptions {
  /** The steps the intervals are calibrated for: forecasts with intervals go at most this far. Required. */
  horizon: number;
  /** The season length (12 for monthly data): the calibration model trains on at least 2 seasons; default 1. */
  period?: number;
  /** The most calibration origins (forecasts of the training part per step); default 30. */
  origins?: number;
}

/** What `fit` measured: the calibration origins and each step's errors. */
export interface ConformalCalibration {
  /** The first origin c (the calibration model trained on train[0, c)); the training part's length for a fallback. */
  start: number;
  /** (horizon × M) per step, the M absolute errors of the calibration origins, ascending; empty for a fallback. */
  errors: number[][];
  /**
   * Set when the training part was too short to calibrate on (see the file comment): the ETS
   * model fitted on it and, per step, the standard deviation of its forecast distribution.
   */
  fallback?: { model: string; sd: number[] };
}

/** A forecaster wrapped with conformal intervals. */
export interface ConformalForecaster extends Forecaster {
  /** The options, defaults filled in. */
  readonly options: Required<ConformalOptions>;
  /** The wrapped forecaster fitted on all of the training part; null before `fit`. */
  readonly inner: Forecaster | null;
  /** The calibration; null before `fit`. */
  readonly calibration: ConformalCalibration | null;
  /** What the wrapped forecaster is (its describe(), else its name) and how many origins calibrated it. */
  describe(): string;
  forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
}

/**
 * A forecaster with conformal prediction intervals around the forecasts of `make()`'s (see the
 * file comment). `make` gives a fresh, unfitted inner forecaster each time it is called (one for
 * the calibration, one for the final fit).
 *
 * @example
 * const f = conformalForecaster(() => etsForecaster({ period: 12 }), { horizon: 18, period: 12 });
 * await f.fit(train);
 * const { mean, intervals, notes } = f.forecastIntervals(train, 18, [80, 95]);
 * @throws OptionError when an option is out of range. `fit` throws InputError when the training
 *   part is shorter than minTrain + horizon, and what the inner forecaster's fit throws (the
 *   calibration fit's error names the calibration); `forecastIntervals` throws OptionError for a
 *   bad level or a horizon beyond the calibrated one, and before `fit`.
 */
export function conformalForecaster(make: () => Forecaster, options: ConformalOptions): ConformalForecaster {
  return makeConformal(make, resolveConformalOptions(options), null);
}

/**
 * A conformal forecaster that is already fitted and calibrated (e.g. read back from a saved run):
 * it forecasts and gives intervals at once.
 * @example const again = conformalForecasterFromFitted(loadedInner, f.options, f.calibration!);
 * @throws OptionError when an option is out of range; Error when the calibration does not fit the
 *   options (one sorted list of errors per step, of the same length, at most `origins`).
 */
export function conformalForecasterFromFitted(
  inner: Forecaster,
  options: ConformalOptions,
  calibration: ConformalCalibration,
): ConformalForecaster {
  const resolved = resolveConformalOptions(options);
  checkCalibration(calibration, resolved);
  return makeConformal(() => inner, resolved, { inner, calibration });
}

/**
 * The options with defaults filled in.
 * @example resolveConformalOptions({ horizon: 18 }); // { horizon: 18, period: 1, origins: 30 }
 * @throws OptionError naming the option out of range.
 */
export function resolveConformalOptions(options: ConformalOptions): Required<ConformalOptions> {
  const { horizon, period = 1, origins = 30 } = options ?? ({} as ConformalOptions);
  const integer = (v: unknown, what: string, max: number, example: string): void => {
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > max)
      throw new OptionError(`conformal: ${what} must be an integer from 1 to ${max}, got ${String(v)}: ${example}.`);
  };
  integer(horizon, 'horizon', MAX_CONFORMAL_HORIZON, 'the most steps the intervals are for, e.g. 18 for monthly data');
  integer(period, 'period', 10_000, 'use 1 for non-seasonal data, or the season length, e.g. 12');
  integer(origins, 'origins', MAX_CONFORMAL_ORIGINS, 'e.g. 30');
  return { horizon, period, origins };
}

/**
 * The fewest training values a conformal forecaster's `fit` takes: minTrain = two seasons, at least
 * 8 and the inner forecaster's minHistory. With fewer than minTrain + horizon its intervals come
 * from ETS's forecast variance (see the file comment).
 * @example minConformalTrain(resolveConformalOptions({ horizon: 18, period: 12 }), 1); // 24
 */
export function minConformalTrain(options: Required<ConformalOptions>, innerMinHistory: number): number {
  return Math.max(2 * options.period, 8, innerMinHistory);
}

/**
 * The first calibration origin c for a training part of `n` values (see the file comment).
 * @example calibrationStart(144, { horizon: 18, period: 12, origins: 30 }, 1); // 97: origins 97..126
 * @throws TooShortToCalibrateError (an InputError) when n < minTrain + horizon.
 */
export function calibrationStart(n: number, options: Required<ConformalOptions>, innerMinHistory: number): number {
  const { horizon, origins } = options;
  const minTrain = minConformalTrain(options, innerMinHistory);
  if (n - horizon < minTrain)
    throw new TooShortToCalibrateError(
      `conformal: calibrating ${horizon}-step intervals needs at least ${minTrain + horizon} training values (${minTrain} to fit on, at least two seasons, then ${horizon} to forecast), got ${n}: use a longer training part or a shorter horizon.`,
    );
  return Math.max(minTrain, n - horizon - origins + 1);
}

/**
 * The rank k = ⌈(M + 1)·L/100⌉ of the conformal quantile among M sorted errors, 1-based; it may
 * exceed M (then no finite band guarantees L).
 * @example conformalRank(30, 95); // 30 (⌈29.45⌉)
 * @example conformalRank(10, 95); // 11: more than the 10 errors there are
 * @throws never.
 */
export function conformalRank(m: number, level: number): number {
  // (m + 1)·L is exact for whole levels; the 1e-9 keeps e.g. 20·95/100 = 19.000000000000004 at 19
  return Math.max(1, Math.ceil(((m + 1) * level) / 100 - 1e-9));
}

/**
 * The calibration a conformal forecaster's `fit(train)` measures (see the file comment), without
 * the final fit: for a caller that fits the forecaster on all of `train` itself (`seqcast train`
 * fits its network once for its scores, then calibrates it) and joins the two with
 * {@link conformalForecasterFromFitted}. `make()` gives a fresh, unfitted forecaster.
 * @example
 * const calibration = await calibrateConformal(() => networkForecaster(spec), train, resolveConformalOptions({ horizon: 18, period: 12 }));
 * const withIntervals = conformalForecasterFromFitted(fittedNetwork, options, calibration);
 * @throws TooShortToCalibrateError when the training part is too short (see calibrationStart), InputError when the calibration
 *   fit fails; an AbortError when `fitOptions.signal` aborts.
 */
export async function calibrateConformal(
  make: () => Forecaster,
  train: Float32Array,
  options: Required<ConformalOptions>,
  fitOptions: FitCallOptions = {},
  name = `conformal ${make().name}`,
): Promise<ConformalCalibration> {
  checkTrain(name, 1, train);
  const h = options.horizon;
  const calibrator = make();
  let start: number;
  try {
    start = calibrationStart(train.length, options, calibrator.minHistory);
  } catch (tooShort) {
    const minTrain = minConformalTrain(options, calibrator.minHistory);
    if (train.length >= minTrain) return etsFallback(train, options, tooShort as InputError);
    throw new TooShortToCalibrateError(
      `conformal: ${h}-step intervals need at least ${minTrain} training values (two seasons; ${minTrain + h} to calibrate them on, else they come from ETS's forecast variance), got ${train.length}: use a longer training part.`,
    );
  }
  try {
    await calibrator.fit(train.subarray(0, start), fitOptions);
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    fitOptions.signal?.throwIfAborted();
    throw new InputError(
      `${name}: the calibration fit on the first ${start} training values failed (${(err as Error).message}): use a longer training part or a shorter horizon.`,
      { cause: err },
    );
  }
  const m = train.length - h - start + 1;
  const errors = Array.from({ length: h }, () => new Float64Array(m)); // (h, M)
  for (let o = start; o <= train.length - h; o++) {
    fitOptions.signal?.throwIfAborted();
    const forecast = calibrator.forecast(train.subarray(0, o), h);
    for (let j = 0; j < h; j++) errors[j][o - start] = Math.abs(train[o + j] - forecast[j]);
  }
  return { start, errors: errors.map((e) => Array.from(e.sort())) };
}

/**
 * The calibration of a training part too short to calibrate on (see the file comment): ETS's
 * forecast standard deviations per step; `tooShort` (why calibration could not run) is thrown
 * when ETS cannot fit either.
 */
async function etsFallback(train: Float32Array, options: Required<ConformalOptions>, tooShort: InputError): Promise<ConformalCalibration> {
  const ets = etsForecaster({ period: options.period });
  try {
    await ets.fit(train);
  } catch {
    throw tooShort;
  }
  const { variance } = ets.forecastDistribution(train, options.horizon);
  if (!variance || !variance.every((v) => Number.isFinite(v) && v >= 0)) throw tooShort;
  return { start: train.length, errors: [], fallback: { model: ets.describe(), sd: Array.from(variance, Math.sqrt) } };
}

/**
 * The half width at `level` of step `step`'s interval (0-based) from a calibration: the conformal
 * rank of the step's errors ({@link conformalHalfWidth}), or z_L·sd for an ETS fallback.
 * @example calibratedHalfWidth({ start: 36, errors: [], fallback: { model: 'ETS(A,N,N)', sd: [1] } }, 0, 95); // 1.959963984540054
 * @throws never (give it a calibration checked by conformalForecasterFromFitted or made by fit).
 */
export function calibratedHalfWidth(calibration: ConformalCalibration, step: number, level: number): number {
  const { fallback } = calibration;
  return fallback ? normalQuantile(0.5 + level / 200) * fallback.sd[step] : conformalHalfWidth(calibration.errors[step], level);
}

/**
 * Where a calibration's intervals come from, in words.
 * @example calibrationMethod(calibration); // 'conformal (30 calibration origins)'
 */
export function calibrationMethod(calibration: ConformalCalibration): string {
  const { fallback } = calibration;
  return fallback
    ? `${fallback.model} forecast variance (${calibration.start} training values are too few to calibrate conformal intervals)`
    : `conformal (${calibration.errors[0].length} calibration origins)`;
}

/**
 * The half width of the conformal band at `level` from one step's calibration errors (ascending):
 * the {@link conformalRank}-th smallest, or the largest when there are too few for the level.
 * @example conformalHalfWidth([1, 2, 3, 4], 80); // 4 (rank 4 of 4)
 * @throws never (give it at least one error).
 */
export function conformalHalfWidth(sortedErrors: readonly number[], level: number): number {
  const m = sortedErrors.length;
  return sortedErrors[Math.min(conformalRank(m, level), m) - 1];
}

function makeConformal(
  make: () => Forecaster,
  options: Required<ConformalOptions>,
  state: { inner: Forecaster; calibration: ConformalCalibration } | null,
): ConformalForecaster {
  let inner: Forecaster | null = state?.inner ?? null;
  let calibration: ConformalCalibration | null = state?.calibration ?? null;
  const template = inner ?? make(); // for the name and minHistory before fit
  const name = `conformal ${template.name}`;
  const fitted = (what: string): { inner: Forecaster; calibration: ConformalCalibration } => {
    if (!inner || !calibration) throw new Error(`${name}: ${what} needs a fitted forecaster: call fit(train) first.`);
    return { inner, calibration };
  };
  return {
    name,
    options,
    get inner() {
      return inner;
    },
    get calibration() {
      return calibration;
    },
    get minHistory() {
      return (inner ?? template).minHistory;
    },
    describe() {
      if (!inner || !calibration) return `${name} (not fitted)`;
      const what = inner.describe?.() ?? inner.name;
      return calibration.fallback
        ? `${what}, intervals from ${calibrationMethod(calibration)}`
        : `${what}, conformal intervals from ${calibration.errors[0].length} origins`;
    },
    async fit(train: Float32Array, fitOptions: FitCallOptions = {}) {
      const measured = await calibrateConformal(make, train, options, fitOptions, name);
      const final = make();
      const report = await final.fit(train, fitOptions);
      inner = final;
      calibration = measured;
      return report; // the wrapped forecaster's (a network's loss per epoch)
    },
    predictSliding(series: Float32Array, from: number) {
      return fitted('predictSliding').inner.predictSliding(series, from);
    },
    forecast(history: Float32Array, horizon: number) {
      return fitted('forecast').inner.forecast(history, horizon);
    },
    forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]) {
      checkLevels(levels, name);
      const { inner: f, calibration: cal } = fitted('forecastIntervals');
      checkRecursive(name, f.minHistory, history, horizon);
      if (horizon > options.horizon)
        throw new OptionError(
          `${name}: its intervals are calibrated for at most ${options.horizon} steps, got a horizon of ${horizon}: forecast at most ${options.horizon} steps with intervals, or fit it with horizon ${horizon}.`,
        );
      const notes: string[] = [];
      if (cal.fallback) notes.push(`intervals from ${calibrationMethod(cal)}: model-based, not calibrated on this series' errors.`);
      else {
        const m = cal.errors[0].length;
        for (const level of levels) {
          const k = conformalRank(m, level);
          if (k > m)
            notes.push(
              `${level} % intervals: ${m} calibration origins are too few to guarantee ${level} % (it needs ${Math.ceil(level / (100 - level) - 1e-9)}); they use the largest calibration error and may cover less.`,
            );
        }
      }
      const out = symmetricIntervals(f.forecast(history, horizon), levels, (level, j) => calibratedHalfWidth(cal, j, level));
      return notes.length > 0 ? { ...out, notes } : out;
    },
  };
}

function checkCalibration(calibration: ConformalCalibration, options: Required<ConformalOptions>): void {
  const bad = (what: string): never => {
    throw new Error(`conformalForecasterFromFitted: the calibration ${what}.`);
  };
  if (typeof calibration !== 'object' || calibration === null) bad('must be an object');
  if (!Number.isInteger(calibration.start) || calibration.start < 1) bad('start must be a positive integer');
  const { errors, fallback } = calibration;
  if (fallback !== undefined) {
    if (typeof fallback !== 'object' || fallback === null || typeof fallback.model !== 'string') bad('fallback must name its model');
    if (!Array.isArray(errors) || errors.length !== 0) bad('errors must be empty with a fallback');
    const { sd } = fallback;
    if (!Array.isArray(sd) || sd.length !== options.horizon)
      bad(`fallback sd must hold one standard deviation per step, ${options.horizon}`);
    if (!sd.every((v) => typeof v === 'number' && Number.isFinite(v) && v >= 0)) bad('fallback sd must be finite non-negative numbers');
    return;
  }
  if (!Array.isArray(errors) || errors.length !== options.horizon) bad(`errors must hold one list per step, ${options.horizon}`);
  const m = Array.isArray(errors[0]) ? errors[0].length : 0;
  if (m < 1 || m > options.origins) bad(`errors must hold from 1 to ${options.origins} errors per step`);
  errors.forEach((step, j) => {
    if (!Array.isArray(step) || step.length !== m) bad(`errors[${j}] must hold ${m} errors, as every step`);
    for (let i = 0; i < m; i++)
      if (typeof step[i] !== 'number' || !Number.isFinite(step[i]) || step[i] < 0 || (i > 0 && step[i] < step[i - 1]))
        bad(`errors[${j}] must be finite non-negative numbers in ascending order`);
  });
}
