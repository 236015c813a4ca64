/**
 * STL + ARIMA as a {@link Forecaster}, as forecast 8.20's `stlf(y, h, method = "arima")` (FPP's
 * forecasts for data with several seasons): decompose the series by MSTL (mstl.ts), forecast the
 * seasonally adjusted series (trend + remainder) by the non-seasonal ARIMA model that
 * `auto.arima(seasonal = FALSE)` chooses, and add back each seasonal component's forecast, its last
 * period repeated. The intervals are the ARIMA intervals of the adjusted series shifted by the
 * seasonal forecast (R's).
 *
 *   fit(train):              mstl(train, periods), then autoArima on the adjusted series (period 1,
 *                            R's approximation rule read with the series' frequency: n > 150 or
 *                            the largest period > 12, as R's msts has it)
 *   forecast(history, h):    mstl(history, periods) again, the fitted model's filter over the
 *                            adjusted history (no re-estimation, as ARIMA's forecast), its means plus
 *                            the seasonal forecast: for history = train, R's stlf(train, h,
 *                            method = "arima")$mean
 *   predictSliding(s, from): the decomposition of s[0..from) held fixed, its seasonal components
 *                            continued past `from` by repeating their last period; the ARIMA filter
 *                            over the adjusted values s − S; element k is its one-step prediction of
 *                            the adjusted s[from + k] plus S[from + k] (as stlf.ts does with ETS)
 *
 * `periods` are R's `msts` seasonal periods, as stlf.ts's (a period of at least half the series
 * is dropped, as mstl does; with none left the forecaster is auto.arima's non-seasonal choice on the
 * series itself, where R's stlf refuses it). As ARIMA's, a drift counts time from the first
 * training value: `series` and `history` must start where the training part started.
 * Browser-safe.
 */
import { OptionError } from '../../errors.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type Forecaster, type IntervalForecast } from '../forecaster.js';
import { checkLevels, normalIntervals } from '../intervals.js';
import { arimaForecastDistribution, arimaOneStep, type ArimaForecastDistribution } from './arima-forecast.js';
import { arimaModelFromJSON, arimaModelOf, arimaModelToJSON, type ArimaModel, type ArimaModelJSON } from './arima-json.js';
import { arimaName } from './arima-model.js';
import { autoArima } from './auto-arima.js';
import { checkPeriods, slidingAdjusted, stlDecomposeForForecast, stlLabel } from './stlf.js';

/** Options of {@link stlArimaForecaster}. */
export interface StlArimaOptions {
  /** The seasonal periods, e.g. [24, 168] for hourly data, [12] for monthly; [] or [1] for none. */
  periods: readonly number[];
  /** A fitted ARIMA model of the adjusted series (from `toJSON().fitted`): forecasts without `fit`. */
  fitted?: ArimaModelJSON | null;
}

/** The settings and fitted model of an STL + ARIMA forecaster as JSON: a `{ kind: 'stl-arima' }` forecaster spec. */
export interface StlArimaForecasterJSON {
  kind: 'stl-arima';
  periods: number[];
  /** The ARIMA model of the seasonally adjusted training part; null before `fit`. */
  fitted: ArimaModelJSON | null;
}

/** An STL + ARIMA forecaster. */
export interface StlArimaForecaster extends Forecaster {
  /** The ARIMA model of the seasonally adjusted training part; null before `fit`. */
  readonly model: ArimaModel | null;
  /** E.g. 'STL(24,168) + ARIMA(3,1,1)' (the periods the training part kept); 'STL + ARIMA (not fitted)' before `fit`. */
  describe(): string;
  /** The forecast means (float64) and variances: the adjusted series' ARIMA ones, the means shifted by the seasonal forecast. */
  forecastDistribution(history: Float32Array, horizon: number): ArimaForecastDistribution;
  /** R's stlf intervals: mean ∓ qnorm((1 + L/100) / 2) · sd of the adjusted series' ARIMA forecast. */
  forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
  /** The settings and the fitted ARIMA model as JSON; `stlArimaForecaster(json)` or `makeForecaster(json)` restores it. */
  toJSON(): StlArimaForecasterJSON;
}

/**
 * An STL + ARIMA forecaster, as R's `stlf(y, h, method = "arima")` (see the file's comment).
 * @example
 * const f = stlArimaForecaster({ periods: [24, 168] });
 * await f.fit(hourly);
 * f.describe(); // e.g. 'STL(24,168) + ARIMA(3,1,1)'
 * f.forecast(hourly, 48); // R's stlf(msts(hourly, seasonal.periods = c(24, 168)), h = 48, method = "arima")$mean
 * @throws OptionError when a period is not an integer ≥ 1 or there are more than 6 periods above 1,
 *   or the fitted model is seasonal; ModelFileError for an invalid `fitted`. `fit` throws when the
 *   training part has fewer than 3 values or holds NaN, TrainingError when auto.arima finds no
 *   model; `predictSliding`/`forecast` throw before `fit` and on bad input as every forecaster does.
 */
export function stlArimaForecaster(options: StlArimaOptions): StlArimaForecaster {
  const periods = checkPeriods(options?.periods, 'stl-arima');
  const name = periods.length ? `stl-arima (${periods.join(', ')})` : 'stl-arima';
  let model = options.fitted ? arimaModelFromJSON(options.fitted) : null;
  if (model && model.order.P + model.order.D + model.order.Q > 0) {
    throw new OptionError(
      `stl-arima: the fitted model must be a non-seasonal ARIMA model (the seasons are STL's), got ${arimaName(model.order, model.constant)}: pass the model stl-arima saved.`,
    );
  }
  let keptPeriods: number[] | null = null; // what the training part kept, for describe()
  // auto.arima's shortest series with a difference and one value more (arima.ts's rule for period 1)
  const minHistory = 3;
  // R's frequency of the adjusted series: msts's is its largest period
  const frequency = Math.max(1, ...periods);
  const fitted = (what: string): ArimaModel => {
    if (!model) throw new Error(`${name}: ${what} needs a fitted model: call fit(train) first, or pass a saved one as { fitted }.`);
    return model;
  };

  return {
    name,
    minHistory,
    get model() {
      return model;
    },
    analyticalIntervals: "STL + ARIMA analytical (as R's stlf)",
    describe() {
      if (!model) return 'STL + ARIMA (not fitted)';
      return `${stlLabel(keptPeriods ?? periods)} + ${arimaName(model.order, model.constant)}`;
    },
    async fit(train: Float32Array, { signal }: FitCallOptions = {}) {
      checkTrain(name, minHistory, train);
      signal?.throwIfAborted();
      const { adjusted, periods: kept } = stlDecomposeForForecast(train, periods, 0);
      const approximation = adjusted.length > 150 || frequency > 12;
      model = arimaModelOf(autoArima(adjusted, 1, { approximation }).fit);
      keptPeriods = kept;
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      const m = fitted('predictSliding');
      const { adjusted, seasonalForecast } = slidingAdjusted(series, from, periods);
      const oneStep = arimaOneStep(m, adjusted);
      return Float32Array.from({ length: series.length - from }, (_, k) => oneStep[from + k] + seasonalForecast[k]);
    },
    forecast(history, horizon) {
      return Float32Array.from(this.forecastDistribution(history, horizon).mean);
    },
    forecastDistribution(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      // minHistory (3) is more than any d (at most 2) takes: the filter always has values left
      const m = fitted('forecast');
      const { adjusted, seasonalForecast } = stlDecomposeForForecast(history, periods, horizon);
      const { mean, variance } = arimaForecastDistribution(m, adjusted, horizon);
      for (let k = 0; k < horizon; k++) mean[k] += seasonalForecast[k];
      return { mean, variance };
    },
    forecastIntervals(history, horizon, levels) {
      checkLevels(levels, name);
      const { mean, variance } = this.forecastDistribution(history, horizon);
      return normalIntervals(mean, variance, levels);
    },
    toJSON() {
      return { kind: 'stl-arima', periods: [...periods], fitted: model ? arimaModelToJSON(model) : null };
    },
  };
}
