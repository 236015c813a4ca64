/**
 * Global networks in the many-series CLI (`--model global-mlp`, `--model global-lstm`): one
 * network trained on the windows of every series (docs/global-networks.md), where `--model mlp`
 * trains one network per series.
 *
 *   spec:      { kind: 'global', network: { model, window: networkWindow(season), horizon,
 *              strategy: 'direct', epochs?, units?, seed? }, normalize: 'window' }  (ids off);
 *              with --stl P1,P2: seasonal: { periods: [P1, P2] } and a window of 2 × max(P)
 *   backtest:  backtestGlobal (one network per fold over all series) beside the baselines' jobs;
 *              its rows join scores.csv and its MASE the summary, series by series
 *   forecast:  fitGlobalMany on all the series' values, then each series forecast (no intervals)
 *
 * The global network trains in this process (not on the --workers/--queue runner: one fit needs
 * every series). Only --epochs, --units, --seed and --stl apply; the other network flags are
 * refused, and --stl with any other model.
 */
import { InputError, OptionError, TrainingError } from '../errors.js';
import { backtestGlobal, type GlobalBacktestResult } from '../forecast/global-backtest.js';
import type { Scores } from '../forecast/fit-and-score.js';
import type { GlobalSpec } from '../forecast/global-network.js';
import { networkWindow } from '../forecast/network-window.js';
import type { SeriesBacktest, SeriesOutcome } from '../forecast/series-chunk.js';
import { NETWORK_FLAGS } from './model-choice.js';

/** The global kinds `--model` takes with many series. */
export const GLOBAL_KIND_IDS = ['global-mlp', 'global-lstm'] as const;

/** A global kind. */
export type GlobalKindId = (typeof GLOBAL_KIND_IDS)[number];

/** The network flags a global kind takes. */
const GLOBAL_FLAGS = ['epochs', 'units', 'seed'];

/**
 * Whether `--model` names a global network.
 * @example isGlobalKind('global-mlp'); // true
 * @throws never.
 */
export function isGlobalKind(model: unknown): model is GlobalKindId {
  return (GLOBAL_KIND_IDS as readonly unknown[]).includes(model);
}

/**
 * The global spec of `--model global-KIND`: window two seasons (networkWindow), direct for the
 * horizon, per-window normalization, no ids, and --epochs, --units, --seed when given; with --stl,
 * those seasons removed from each series first and a window of two of the longest.
 * @example globalSpecFromFlags({ model: 'global-mlp', epochs: 2 }, 12, 18).network; // { model: 'mlp', window: 24, horizon: 18, strategy: 'direct', epochs: 2 }
 * @throws OptionError for any other network flag (naming it) or a model that is not global.
 */
export function globalSpecFromFlags(flags: Record<string, unknown> & { model?: string }, period: number, horizon: number): GlobalSpec {
  const model = flags.model;
  if (!isGlobalKind(model)) throw new OptionError(`--model must be one of ${GLOBAL_KIND_IDS.join(', ')} here, got '${model}'.`);
  for (const [key, flag] of NETWORK_FLAGS) {
    if (flags[key] === undefined || GLOBAL_FLAGS.includes(key)) continue;
    throw new OptionError(
      `${flag} does not apply to --model ${model}: a global network uses a window of two seasons (${networkWindow(period)}), a direct horizon and per-window normalization, and takes only --epochs, --units and --seed. Drop ${flag}, or use --model ${model.slice('global-'.length)} for one network per series.`,
    );
  }
  const stl = flags.stl as number[] | undefined;
  const network: GlobalSpec['network'] = {
    model: model.slice('global-'.length) as GlobalSpec['network']['model'],
    // two of the longest season: the network sees two cycles of what it forecasts
    window: stl ? 2 * Math.max(...stl) : networkWindow(period),
    horizon,
    strategy: 'direct',
  };
  for (const key of GLOBAL_FLAGS) if (flags[key] !== undefined) (network as Record<string, unknown>)[key] = flags[key];
  return { kind: 'global', network, normalize: 'window', ...(stl ? { seasonal: { periods: stl } } : {}) };
}

/** The models `--stl` applies to: the global networks, STL + ETS, STL + ARIMA, and auto (its STL candidates). */
const STL_MODELS: readonly string[] = [...GLOBAL_KIND_IDS, 'stlf', 'stl-arima', 'auto'];

/**
 * Refuses `--stl` with a model that does not decompose by STL.
 * @example checkStlFlag({ model: 'lstm', stl: [24] }); // throws
 * @throws OptionError naming the flag and the models that take it.
 */
export function checkStlFlag(flags: { model?: unknown; stl?: unknown }): void {
  if (flags.stl === undefined || STL_MODELS.includes(flags.model as string)) return;
  throw new OptionError(
    `--stl applies to --model ${STL_MODELS.join(', ')}, got --model ${String(flags.model ?? 'lstm')}: drop --stl, or use one of those.`,
  );
}

/**
 * `backtestGlobal` over the run's series, or why it could not train (every series too short for
 * a fold, a diverged loss): the run then goes on with the baselines alone.
 * @example const g = await runGlobalBacktest(values, spec, { horizon: 18, folds: 3, period: 12 });
 * @throws OptionError for a bad spec; what backtestGlobal throws besides InputError and TrainingError (a bug).
 */
export async function runGlobalBacktest(
  series: readonly Float32Array[],
  spec: GlobalSpec,
  options: { horizon: number; folds: number; period: number; onFold?: (fold: number) => void },
): Promise<{ result: GlobalBacktestResult | null; notes: string[] }> {
  try {
    const result = await backtestGlobal(series, spec, {
      horizon: options.horizon,
      folds: options.folds,
      period: options.period,
      ...(options.onFold ? { callbacks: (k: number) => (options.onFold!(k), []) } : {}),
    });
    return { result, notes: result.notes };
  } catch (err) {
    if (!(err instanceof InputError || err instanceof TrainingError)) throw err;
    return { result: null, notes: [`the global network was not backtested: ${err.message}`] };
  }
}

/**
 * One series' global backtest as a {@link SeriesOutcome} (so backtestRows writes its rows), on the
 * folds the baselines were scored on (same origins, their fold numbers): its scored folds among
 * them and their means (MASE: over the folds where it is a number); null when none was scored.
 * `dropped` counts the global folds scored at origins the baselines have none of.
 * @example const g = globalOutcome(result, o.index, 'global mlp', o.backtest); if (g.outcome) file.write(backtestRows(input, [])(g.outcome));
 * @throws never.
 */
export function globalOutcome(
  result: GlobalBacktestResult,
  index: number,
  name: string,
  baselines: SeriesBacktest,
): { outcome: SeriesOutcome | null; dropped: number } {
  const foldAt = new Map((baselines.perFold[0] ?? []).map((f) => [f.origin, f.fold]));
  const scored = result.series[index].folds.filter((f) => f.scores !== null);
  const perFold = scored.flatMap((f) =>
    foldAt.has(f.fold.origin) ? [{ fold: foldAt.get(f.fold.origin)!, origin: f.fold.origin, scores: f.scores! }] : [],
  );
  const dropped = scored.length - perFold.length;
  if (perFold.length === 0) return { outcome: null, dropped };
  const average = (key: keyof Scores): number => {
    const kept = perFold.map((f) => f.scores[key]).filter(Number.isFinite);
    return kept.length === 0 ? NaN : kept.reduce((sum, v) => sum + v, 0) / kept.length;
  };
  const mean: Scores = {
    mae: average('mae'),
    rmse: average('rmse'),
    mape: average('mape'),
    smape: average('smape'),
    mase: average('mase'),
  };
  return { outcome: { index, backtest: { names: [name], folds: perFold.length, perFold: [perFold], mean: [mean], notes: [] } }, dropped };
}
