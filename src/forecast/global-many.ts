/**
 * A global network over many series, as the many-series run hands its outcomes on: one network
 * fitted on every series' values (fitMany; the series too short to give a window and its targets
 * are left out of training, not out of the forecasts), then each series' next `horizon` values
 * forecast from its own last window, handed on in the series' order as {@link SeriesOutcome}s. A
 * series shorter than the window cannot be forecast and comes back skipped with its reason.
 *
 *   fit:       g = globalNetwork(spec); g.fitMany(values_0 .. values_S−1)
 *   forecast:  outcome_i = g.forecast(values_i, horizon)      (values_i.length ≥ window)
 *
 * The forecasts have no intervals (a note says so on each series): conformal intervals would need
 * one global fit per calibration origin. Deterministic for the spec's seed. Browser-safe.
 */
import { OptionError } from '../errors.js';
import { MAX_HORIZON } from '../limits.js';
import type { Callback } from '../model/callbacks.js';
import { globalNetwork, type FitManyReport, type GlobalNetwork, type GlobalSpec } from './global-network.js';
import type { ManyResult, ManySeriesInput } from './many.js';
import type { SeriesOutcome } from './series-chunk.js';

/** The note each global forecast carries. */
export const GLOBAL_NO_INTERVALS = 'no intervals: a global network gives point forecasts only';

/**
 * Fits one global network on every series' values.
 * @example const { network, report } = await fitGlobalMany(series, { kind: 'global', network: { model: 'mlp', window: 24, horizon: 18, strategy: 'direct' }, normalize: 'window' });
 * @throws OptionError for a bad spec; InputError when every series is too short to train on (fitMany's words); TrainingError when training diverges.
 */
export async function fitGlobalMany(
  series: readonly ManySeriesInput[],
  spec: GlobalSpec,
  options: { callbacks?: Callback[]; signal?: AbortSignal } = {},
): Promise<{ network: GlobalNetwork; report: FitManyReport }> {
  const network = globalNetwork(spec);
  const report = await network.fitMany(
    series.map((s) => s.values),
    { callbacks: options.callbacks ?? [], ...(options.signal ? { signal: options.signal } : {}) },
  );
  return { network, report };
}

/**
 * Forecasts each series' next `horizon` values with a fitted (or loaded) global network, handing
 * each outcome to `onSeries` in the series' order; a series shorter than the network's window is skipped.
 * @example await forecastWithGlobal(network, series, { horizon: 18, onSeries: (o) => rows.push(o) });
 * @throws OptionError for a horizon that is not an integer from 1 to MAX_HORIZON; what the network's forecast throws.
 */
export async function forecastWithGlobal(
  network: GlobalNetwork,
  series: readonly ManySeriesInput[],
  { horizon, onSeries }: { horizon: number; onSeries?: (o: SeriesOutcome) => void | Promise<void> },
): Promise<ManyResult> {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON)
    throw new OptionError(`The horizon must be an integer from 1 to ${MAX_HORIZON}, got ${horizon}: e.g. 18 for monthly series.`);
  const window = network.spec.network.window;
  const result: ManyResult = { done: 0, skipped: [] };
  for (let index = 0; index < series.length; index++) {
    const { values } = series[index];
    let outcome: SeriesOutcome;
    if (values.length < window) {
      const reason = `The series has ${values.length} values and ${network.name} forecasts from the last ${window}: it needs at least ${window}.`;
      outcome = { index, skipped: reason };
      result.skipped.push({ index, reason });
    } else {
      const mean = network.forecast(values, horizon);
      outcome = { index, forecast: { mean, levels: [], lower: [], upper: [], notes: [GLOBAL_NO_INTERVALS] } };
      result.done++;
    }
    await onSeries?.(outcome);
  }
  return result;
}
