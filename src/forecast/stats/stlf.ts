/**
 * STL + ETS as a {@link Forecaster}, as forecast 8.20's `stlf(y, h, method = "ets")`: decompose
 * the series by MSTL (mstl.ts), forecast the seasonally adjusted series (trend + remainder) by a
 * non-seasonal ETS model chosen by AICc ('ZZN', no multiplicative trend, as stlf), and add back
 * each seasonal component's forecast, its last period repeated. The intervals are the ETS
 * intervals of the adjusted series shifted by the seasonal forecast (R's).
 *
 *   fit(train):              mstl(train, periods), then fitEts on the adjusted series
 *   forecast(history, h):    mstl(history, periods) again (the seasonal components follow the
 *                            history given), the fitted ETS model's filter over the adjusted
 *                            history (no re-estimation, as ETS's forecast), its forecast means plus
 *                            the seasonal forecast: for history = train, R's stlf(train, h)$mean
 *   predictSliding(s, from): the decomposition of s[0..from) held fixed: its seasonal components
 *                            over s[0..from), continued past `from` by repeating their last
 *                            period (the seasonal forecast above); the ETS filter over the adjusted
 *                            values s − S; element k is the filter's one-step forecast of the
 *                            adjusted s[from + k] plus S[from + k]. So no forecast looks at the
 *                            values it forecasts or after them, the seasonal pattern is the one
 *                            known at `from`, and the level and trend follow every value.
 *
 * `periods` are R's `msts` seasonal periods: one period is R's `ts(y, frequency = m)` (one MSTL
 * pass), several are `msts(y, seasonal.periods = periods)` (two passes). A period of at least half
 * the series given is dropped, as mstl does; with none left the adjusted series is the series
 * itself and the forecaster is plain ETS ('ZZN'), where R's stlf refuses the series.
 *
 * As ETS's, the model's initial states belong to the first training value: `series` and `history`
 * must start where the training part started. Browser-safe.
 */
import { OptionError } from '../../errors.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type Forecaster, type IntervalForecast } from '../forecaster.js';
import { checkLevels, normalIntervals } from '../intervals.js';
import { fitEts } from './ets-fit.js';
import { etsModelFromJSON, etsModelToJSON, type EtsModelJSON } from './ets-json.js';
import { etsForecastDistribution, type EtsForecastDistribution } from './ets-forecast-distribution.js';
import { etsFilter, etsFormName, type EtsModel } from './ets-model.js';
import { MSTL_SEASONAL_WINDOWS, mstl } from './mstl.js';

/** Options of {@link stlfForecaster}. */
export interface StlfOptions {
  /** The seasonal periods, e.g. [24, 168] for hourly data, [12] for monthly; [] or [1] for none. */
  periods: readonly number[];
  /** A fitted ETS model of the adjusted series (from `toJSON().fitted`): forecasts without `fit`. */
  fitted?: EtsModelJSON | null;
}

/** The settings and fitted model of an STL forecaster as JSON: a `{ kind: 'stlf' }` forecaster spec. */
export interface StlfForecasterJSON {
  kind: 'stlf';
  periods: number[];
  /** The ETS model of the seasonally adjusted training part; null before `fit`. */
  fitted: EtsModelJSON | null;
}

/** An STL + ETS forecaster. */
export interface StlfForecaster extends Forecaster {
  /** The ETS model of the seasonally adjusted training part; null before `fit`. */
  readonly model: EtsModel | null;
  /** E.g. 'STL(24,168) + ETS(A,Ad,N)' (the periods the training part kept); 'STL + ETS (not fitted)' before `fit`. */
  describe(): string;
  /** The forecast means (float64) and variances: the adjusted series' ETS ones, the means shifted by the seasonal forecast. */
  forecastDistribution(history: Float32Array, horizon: number): EtsForecastDistribution;
  /** R's stlf intervals: mean ∓ qnorm((1 + L/100) / 2) · sd of the adjusted series' ETS forecast. */
  forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
  /** The settings and the fitted ETS model as JSON; `stlfForecaster(json)` or `makeForecaster(json)` restores it. */
  toJSON(): StlfForecasterJSON;
}

/** The ETS models stlf considers for the adjusted series. */
const ETS_SPEC = { model: 'ZZN', damped: null, period: 1 } as const;

/**
 * The adjusted values and the seasonal forecast of `values`: R's seasadj (trend + remainder) of
 * mstl(values, periods), and Σ over the kept periods of each seasonal component's last period,
 * repeated over `horizon` steps.
 * @example stlDecomposeForForecast(airPassengers, [12], 24).seasonalForecast // 24 values
 * @throws as mstl for bad values (the forecaster checks them first).
 */
export function stlDecomposeForForecast(
  values: ArrayLike<number>,
  periods: readonly number[],
  horizon: number,
): { adjusted: Float64Array; seasonalForecast: Float64Array; periods: number[] } {
  const n = values.length;
  const seasonalForecast = new Float64Array(horizon);
  const given = [...new Set(periods.filter((m) => m > 1))];
  const usable = given.filter((m) => m < n / 2);
  if (usable.length === 0) return { adjusted: Float64Array.from(values), seasonalForecast, periods: [] };
  // one period: R's ts (one MSTL pass); several: R's msts (two), even when some are dropped
  const fit = mstl(values, usable, { iterate: given.length === 1 ? 1 : 2 });
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = fit.trend[t] + fit.remainder[t];
  fit.periods.forEach((m, i) => {
    const s = fit.seasonals[i];
    for (let k = 0; k < horizon; k++) seasonalForecast[k] += s[n - m + (k % m)];
  });
  return { adjusted, seasonalForecast, periods: fit.periods };
}

/**
 * What a one-step filter runs over for predictSliding from `from`: the seasonally adjusted values
 * of series[0, from), then each later value minus the seasonal forecast known at `from` (the
 * decomposition of series[0, from) held fixed, its seasons continued); and that forecast.
 * @example slidingAdjusted(series, 120, [12]).adjusted.length; // series.length
 * @throws as mstl for bad values (the forecaster checks them first).
 */
export function slidingAdjusted(
  series: Float32Array,
  from: number,
  periods: readonly number[],
): { adjusted: Float64Array; seasonalForecast: Float64Array } {
  const n = series.length;
  const known = stlDecomposeForForecast(series.subarray(0, from), periods, n - from);
  const adjusted = new Float64Array(n);
  adjusted.set(known.adjusted);
  for (let t = from; t < n; t++) adjusted[t] = series[t] - known.seasonalForecast[t - from];
  return { adjusted, seasonalForecast: known.seasonalForecast };
}

/**
 * An STL + ETS forecaster, as R's `stlf(y, h)` (see the file's comment).
 * @example
 * const f = stlfForecaster({ periods: [24, 168] });
 * await f.fit(hourly);
 * f.describe(); // e.g. 'STL(24,168) + ETS(A,Ad,N)'
 * f.forecast(hourly, 48); // R's stlf(msts(hourly, seasonal.periods = c(24, 168)), h = 48)$mean
 * f.forecastIntervals(hourly, 48, [80, 95]); // and its bounds
 * @throws OptionError when a period is not an integer ≥ 1 or there are more than 6 periods above
 *   1 (mstl's seasonal windows); ModelFileError for an invalid `fitted`. `fit` throws when the
 *   training part is empty or holds NaN, TrainingError when no ETS model can be fitted;
 *   `predictSliding`/`forecast` throw before `fit` and on bad input as every forecaster does.
 */
export function stlfForecaster(options: StlfOptions): StlfForecaster {
  const periods = checkPeriods(options?.periods);
  const name = periods.length ? `stlf (${periods.join(', ')})` : 'stlf';
  let model = options.fitted ? etsModelFromJSON(options.fitted) : null;
  if (model && model.form.season !== 'N') {
    throw new OptionError(
      `stlf: the fitted model must be a non-seasonal ETS model (the seasons are STL's), got ${etsFormName(model.form)}: pass the model stlf saved.`,
    );
  }
  let keptPeriods: number[] | null = null; // what the training part kept, for describe()
  const minHistory = 1;
  const fitted = (what: string): EtsModel => {
    if (!model) throw new Error(`${name}: ${what} needs a fitted model: call fit(train) first, or pass a saved one as { fitted }.`);
    return model;
  };
  const finalState = (m: EtsModel, adjusted: Float64Array): Float64Array => {
    const state = new Float64Array(m.initialState.length);
    etsFilter(adjusted, adjusted.length, m.form, m.period, m.params, m.initialState, { finalState: state });
    return state;
  };

  return {
    name,
    minHistory,
    get model() {
      return model;
    },
    // ETS's intervals on the adjusted values, shifted by the seasons' forecast, as R's stlf
    analyticalIntervals: "STL + ETS analytical (as R's stlf)",
    describe() {
      if (!model) return 'STL + ETS (not fitted)';
      return `${stlLabel(keptPeriods ?? periods)} + ${etsFormName(model.form)}`;
    },
    async fit(train: Float32Array, { signal }: FitCallOptions = {}) {
      checkTrain(name, minHistory, train);
      signal?.throwIfAborted();
      const { adjusted, periods: kept } = stlDecomposeForForecast(train, periods, 0);
      model = fitEts(adjusted, ETS_SPEC);
      keptPeriods = kept;
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      const m = fitted('predictSliding');
      const n = series.length;
      const { adjusted, seasonalForecast } = slidingAdjusted(series, from, periods);
      const oneStep = new Float64Array(n);
      etsFilter(adjusted, n, m.form, m.period, m.params, m.initialState, { fitted: oneStep });
      return Float32Array.from({ length: n - from }, (_, k) => oneStep[from + k] + seasonalForecast[k]);
    },
    forecast(history, horizon) {
      return Float32Array.from(this.forecastDistribution(history, horizon).mean);
    },
    forecastDistribution(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      const m = fitted('forecastDistribution');
      const { adjusted, seasonalForecast } = stlDecomposeForForecast(history, periods, horizon);
      const { mean, variance } = etsForecastDistribution(m, finalState(m, adjusted), horizon);
      for (let k = 0; k < horizon; k++) mean[k] += seasonalForecast[k];
      return { mean, variance };
    },
    forecastIntervals(history, horizon, levels) {
      checkLevels(levels, name);
      const { mean, variance } = this.forecastDistribution(history, horizon);
      // a non-seasonal ETS model always has analytical variances (classes 1 and 2)
      return normalIntervals(mean, variance!, levels);
    },
    toJSON() {
      return { kind: 'stlf', periods: [...periods], fitted: model ? etsModelToJSON(model) : null };
    },
  };
}

/**
 * How describe() names the decomposition: 'STL(24,168)' for its seasonal periods (those above 1),
 * 'STL' for none; the periods a fit kept, or a restored forecaster's given ones.
 * @example stlLabel([1, 24, 168]); // 'STL(24,168)'
 * @throws never.
 */
export function stlLabel(periods: readonly number[]): string {
  const seasonal = periods.filter((m) => m > 1);
  return seasonal.length ? `STL(${seasonal.join(',')})` : 'STL';
}

/**
 * The periods as given, checked (`who` names the forecaster in the message).
 * @example checkPeriods([24, 168], 'stlf'); // [24, 168]
 * @throws OptionError when they are not a list of integers from 1 to 100,000, or hold more seasonal
 *   periods than mstl has seasonal windows for.
 */
export function checkPeriods(periods: unknown, who = 'stlf'): number[] {
  if (!Array.isArray(periods)) {
    throw new OptionError(`${who}: periods must be a list of seasonal periods, got ${JSON.stringify(periods)}: e.g. [24, 168] or [12].`);
  }
  for (const m of periods) {
    if (typeof m !== 'number' || !Number.isInteger(m) || m < 1 || m > 100_000) {
      throw new OptionError(
        `${who}: periods must be integers from 1 to 100,000, got ${JSON.stringify(m)}: e.g. [24, 168] for hourly data.`,
      );
    }
  }
  const seasonal = new Set(periods.filter((m) => m > 1));
  if (seasonal.size > MSTL_SEASONAL_WINDOWS.length) {
    throw new OptionError(`${who}: at most ${MSTL_SEASONAL_WINDOWS.length} seasonal periods, got ${seasonal.size}.`);
  }
  return [...periods];
}
