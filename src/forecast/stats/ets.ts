/**
 * Exponential smoothing (ETS) as a {@link Forecaster}, with the automatic model choice of R's
 * `forecast::ets`:
 *
 *   fit(train):              fitEts (ets-fit.ts): every candidate form the model string allows,
 *                            estimated by maximum likelihood, the lowest AICc kept
 *   predictSliding(s, from): the fitted model's filter over s from its first value (no re-estimation):
 *                            element k is the one-step forecast of s[from + k]
 *   forecast(history, h):    the filter over history, then the forecast means of the h values
 *                            after it, as R's forecast(fit, h)$mean (ets-forecast-distribution.ts):
 *                            the point forecasts (the recursions with zero error), except for a
 *                            multiplicative season, whose mean carries a σ² term for h > m
 *   forecastDistribution(history, h): the same means and their variances, R's analytical ones
 *   forecastIntervals(history, h, levels): R's prediction intervals, mean ∓ z·sd with
 *                            z = Φ⁻¹((1 + L/100) / 2) (normal-quantile.ts), as forecast(fit, h, level)
 *
 * The model's initial states belong to the first training value, so `series` and `history` must
 * start where the training part started (as every backtest fold's series does): the seasonal
 * states are matched to positions, not to dates.
 *
 * Browser-safe: no Node modules.
 */
import { OptionError } from '../../errors.js';
import { checkRecursive, checkSliding, checkTrain, type FitCallOptions, type Forecaster, type IntervalForecast } from '../forecaster.js';
import { checkEtsSpec, fitEts } from './ets-fit.js';
import { etsModelFromJSON, etsModelToJSON, type EtsModelJSON } from './ets-json.js';
import { etsForecastClass, etsForecastDistribution, etsForecastMean, type EtsForecastDistribution } from './ets-forecast-distribution.js';
import { etsFilter, etsFormName, type EtsModel } from './ets-model.js';
import { checkLevels, normalIntervals } from '../intervals.js';

/** ETS's own intervals, in words (`Forecaster.analyticalIntervals`). */
const ANALYTICAL = "ETS analytical (as R's forecast.ets)";

/** Options of {@link etsForecaster}. */
export interface EtsOptions {
  /** The season length (12 for monthly data, 4 for quarterly); 1, the default, for none. Seasonal models need 2 to 24. */
  period?: number;
  /**
   * The form: three letters error/trend/season, each fixed (error A or M; trend N, A or Ad; season
   * N, A or M) or Z to choose by AICc. Default 'ZZZ', R's automatic choice. E.g. 'AAdN' (damped
   * Holt), 'MAM' (multiplicative Holt–Winters), 'ANN' (simple exponential smoothing).
   */
  model?: string;
  /** true: only damped trends; false: only undamped; null (default): as the string says ('Ad' damped, 'A' not, 'Z' both). */
  damped?: boolean | null;
  /** A fitted model to start from (from `toJSON().fitted`): the forecaster then forecasts without `fit`. */
  fitted?: EtsModelJSON | null;
}

/** The settings and fitted model of an ETS forecaster as JSON: a `{ kind: 'ets' }` forecaster spec. */
export interface EtsForecasterJSON {
  kind: 'ets';
  period: number;
  model: string;
  damped: boolean | null;
  fitted: EtsModelJSON | null;
}

/** An ETS forecaster: a {@link Forecaster} that also shows the model it fitted. */
export interface EtsForecaster extends Forecaster {
  /** The fitted model (form, parameters, states, σ², AICc); null before `fit`. */
  readonly model: EtsModel | null;
  /** R's name of the fitted form, e.g. 'ETS(M,Ad,M)'; 'ETS (not fitted)' before `fit`. */
  describe(): string;
  /**
   * The forecast means (what `forecast` gives, in float64) and variances of the `horizon` values
   * after `history`, as R's `forecast.ets`: R's prediction interval at level L is
   * `mean ∓ qnorm((1 + L/100) / 2) · sqrt(variance)`. `variance` is null only for forms R
   * forecasts by simulation, which seqcast does not fit. Throws as `forecast` does.
   */
  forecastDistribution(history: Float32Array, horizon: number): EtsForecastDistribution;
  /**
   * The `forecast` values and R's analytical prediction intervals at `levels` (percent):
   * `mean ∓ qnorm((1 + L/100) / 2) · sqrt(variance)`, as `forecast(fit, h, level = levels)`.
   * Throws as `forecast` does, OptionError for a bad level, and Error for a form R forecasts by
   * simulation (variance null; seqcast fits none, so only a hand-made model reaches it: wrap the
   * forecaster in a conformal one for its intervals).
   */
  forecastIntervals(history: Float32Array, horizon: number, levels: readonly number[]): IntervalForecast;
  /** The settings and the fitted model as JSON; `etsForecaster(json)` or `makeForecaster(json)` restores it. */
  toJSON(): EtsForecasterJSON;
}

/**
 * An exponential smoothing forecaster (Hyndman et al. 2008), fitted and chosen as R's `forecast::ets`.
 *
 * @example
 * const ets = etsForecaster({ period: 12 }); // the automatic choice among the ETS forms
 * await ets.fit(train);
 * ets.describe(); // e.g. 'ETS(M,Ad,M)'
 * const next24 = ets.forecast(series, 24); // series starts where train started: R's forecast(fit, 24)$mean
 * const { mean, variance } = ets.forecastDistribution(series, 24); // 95 %: mean ∓ 1.96·sqrt(variance)
 * const { intervals } = ets.forecastIntervals(series, 24, [80, 95]); // R's lower and upper bounds
 * const saved = JSON.stringify(ets.toJSON()); // etsForecaster(JSON.parse(saved)) forecasts at once
 * @throws OptionError for a bad period or model string, or a form R does not allow (see
 *   checkEtsSpec); ModelFileError for an invalid `fitted`. `fit` throws when the training part is
 *   empty or holds NaN, InputError for a multiplicative form on data with values <= 0 and
 *   TrainingError when no candidate can be fitted; `predictSliding`/`forecast`/`forecastDistribution`
 *   throw before `fit` and on bad input as every forecaster does (see checkSliding, checkRecursive).
 */
export function etsForecaster(options: EtsOptions = {}): EtsForecaster {
  const period = options.period ?? 1;
  const spec = { model: options.model ?? 'ZZZ', damped: options.damped ?? null, period };
  checkEtsSpec(spec);
  const parts = [
    ...(spec.model !== 'ZZZ' ? [spec.model] : []),
    ...(spec.damped !== null ? [spec.damped ? 'damped' : 'undamped'] : []),
    ...(period > 1 ? [String(period)] : []),
  ];
  const name = parts.length ? `ets (${parts.join(', ')})` : 'ets';
  let model = options.fitted ? etsModelFromJSON(options.fitted) : null;
  if (model && model.form.season !== 'N' && model.period !== period) {
    throw new OptionError(
      `ets: the fitted model has a season of ${model.period} but period is ${period}: pass the period it was fitted with.`,
    );
  }
  const minHistory = 1;

  const fitted = (what: string): EtsModel => {
    if (!model) throw new Error(`${name}: ${what} needs a fitted model: call fit(train) first, or pass a saved one as { fitted }.`);
    return model;
  };
  // the filter over values[0..n): one-step forecasts and the states after the last value
  const run = (m: EtsModel, values: Float32Array, fittedOut?: Float64Array): Float64Array => {
    const finalState = new Float64Array(m.initialState.length);
    etsFilter(values, values.length, m.form, m.period, m.params, m.initialState, { finalState, fitted: fittedOut });
    return finalState;
  };

  return {
    name,
    minHistory,
    get model() {
      return model;
    },
    get analyticalIntervals() {
      // every form ETS fits has them; a hand-made form R forecasts by simulation has none
      return model && etsForecastClass(model.form) === null ? null : ANALYTICAL;
    },
    describe() {
      return model ? etsFormName(model.form) : 'ETS (not fitted)';
    },
    fixedForm() {
      // R's Holt–Winters fallback (very short or constant series) is no form ets() can be given
      if (!model || model.estimation !== 'likelihood') return null;
      const { error, trend, damped, season } = model.form;
      return { kind: 'ets', period, model: `${error}${trend}${season}`, damped: trend === 'A' ? damped : null };
    },
    async fit(train: Float32Array, { signal }: FitCallOptions = {}) {
      checkTrain(name, minHistory, train);
      signal?.throwIfAborted();
      model = fitEts(train, spec);
    },
    predictSliding(series, from) {
      checkSliding(name, minHistory, series, from);
      const m = fitted('predictSliding');
      const oneStep = new Float64Array(series.length);
      run(m, series, oneStep);
      return Float32Array.from(oneStep.subarray(from));
    },
    forecast(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      const m = fitted('forecast');
      return Float32Array.from(etsForecastMean(m, run(m, history), horizon));
    },
    forecastDistribution(history, horizon) {
      checkRecursive(name, minHistory, history, horizon);
      const m = fitted('forecastDistribution');
      return etsForecastDistribution(m, run(m, history), horizon);
    },
    forecastIntervals(history, horizon, levels) {
      checkLevels(levels, name);
      const { mean, variance } = this.forecastDistribution(history, horizon);
      if (!variance)
        throw new Error(
          `${name}: ${etsFormName(fitted('forecastIntervals').form)} has no analytical intervals (R simulates them): wrap the forecaster in a conformal one, { kind: 'conformal', of: { kind: 'ets', ... }, horizon: ${horizon} }.`,
        );
      return normalIntervals(mean, variance, levels);
    },
    toJSON() {
      return { kind: 'ets', period, model: spec.model, damped: spec.damped, fitted: model ? etsModelToJSON(model) : null };
    },
  };
}
