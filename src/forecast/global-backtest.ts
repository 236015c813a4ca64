/**
 * The accuracy protocol (docs/accuracy.md) for a global network. Each series has its own rolling
 * origins, back to back at its end (rollingOriginPlan: n − k·h for k = K..1, a fold whose training
 * part would hold fewer than two seasons left out). For fold k, ONE global network is fitted on
 * every series' values before that series' own k-th origin, then forecasts each series' h values
 * after it at once, scored by scoreFold (MASE with the training part's in-sample seasonal naive
 * scale, M4's sMAPE): the same code as every other forecaster's folds.
 *
 *   fold k:   trains_i = series_i[0, origin_i,k)   (empty when series i has no fold k)
 *             g = globalNetwork(spec); g.fitMany(trains)      (too-short parts skipped, reported)
 *             forecast_i = g.forecast(trains_i, h, i)         (when trains_i holds one window)
 *
 * A series whose training part is too short to train on can still be forecast (the network needs
 * one window of history), which a local network could not. Deterministic for the spec's seed:
 * every fold fits from the same seeded initial weights.
 *
 * Browser-safe.
 */
import { InputError } from '../errors.js';
import type { Callback } from '../model/callbacks.js';
import type { Fold } from './backtest.js';
import type { Scores } from './fit-and-score.js';
import { globalNetwork, type GlobalSpec } from './global-network.js';
import { outputSteps } from '../model/target-spec.js';
import { rollingOriginPlan, scoreFold } from './rolling-origin.js';

/** Options of {@link backtestGlobal}. */
export interface GlobalBacktestOptions {
  /** Values forecast from each origin (M4: monthly 18). */
  horizon: number;
  /** Folds per series (K); default 3. */
  folds?: number;
  /** Season length of the MASE scale and of the two-season rule; default 1. */
  period?: number;
  /** A name per series (passed to fitMany). */
  ids?: readonly string[];
  /** Training callbacks of each fold's fit (a progress line). */
  callbacks?: (fold: number) => Callback[];
  signal?: AbortSignal;
}

/** One series' forecast of one fold, scored, or why it has none. */
export interface GlobalFoldResult {
  fold: Fold;
  /** The h forecasts; null when the series could not be forecast at this origin. */
  forecast: Float32Array | null;
  scores: Scores | null;
  notes: string[];
}

/** One series' folds. */
export interface GlobalSeriesResult {
  index: number;
  id?: string;
  folds: GlobalFoldResult[];
  /** Mean MASE over its scored folds (NaN when none was scored). */
  mase: number;
  /** Why folds or the whole series were left out. */
  note?: string;
}

/** One fold's training. */
export interface GlobalFoldFit {
  /** The fold number (0 .. K − 1, the numbering of rollingOriginPlan). */
  index: number;
  /** Series trained on. */
  trained: number;
  /** Series with too few values before their origin to train on. */
  skipped: number;
  /** Windows trained on (all series). */
  windows: number;
  /** Fit and forecasts, wall clock. */
  seconds: number;
  /** The last epoch's loss. */
  loss: number;
}

/** What {@link backtestGlobal} returns. */
export interface GlobalBacktestResult {
  series: GlobalSeriesResult[];
  fits: GlobalFoldFit[];
  /** Mean over the series of each series' mean MASE (series without a scored fold left out). */
  meanMase: number;
  /** Series scored (at least one fold). */
  scored: number;
  notes: string[];
}

/**
 * A rolling-origin backtest of a global network over many series (the file's comment).
 *
 * @example
 * const r = await backtestGlobal(monthly, { kind: 'global', network: { model: 'mlp', window: 24, horizon: 18 }, normalize: 'window' }, { horizon: 18, folds: 3, period: 12 });
 * console.log(r.meanMase, r.notes);
 * @throws OptionError as globalNetwork's spec and rollingOriginPlan's options; InputError with no
 *   series, when `ids` does not name each once (fitMany's words), when no series has a single
 *   fold, or when no fold has a series long enough to train on. A fold no series can train on is
 *   left out with a note.
 */
export async function backtestGlobal(
  series: readonly Float32Array[],
  spec: GlobalSpec,
  { horizon, folds = 3, period = 1, ids, callbacks, signal }: GlobalBacktestOptions,
): Promise<GlobalBacktestResult> {
  globalNetwork(spec); // the spec's errors first
  if (!Array.isArray(series) || series.length === 0) {
    throw new InputError('backtestGlobal needs at least one series, got none: pass an array of Float32Array series.');
  }
  const notes: string[] = [];
  const name = (i: number): string => (ids?.[i] !== undefined ? `'${ids[i]}'` : `series ${i}`);
  const plans = series.map((values, i) => {
    try {
      const plan = rollingOriginPlan(values.length, { horizon, folds, period });
      if (plan.note) notes.push(`${name(i)} is scored on ${plan.note}.`);
      return plan;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      notes.push(`${name(i)} is left out: ${e.message}`);
      return null;
    }
  });
  if (plans.every((p) => p === null)) {
    throw new InputError(`backtestGlobal: no series is long enough for one fold of ${horizon} values: ${notes[0]}`);
  }
  const results: GlobalSeriesResult[] = series.map((_, index) => ({
    index,
    ...(ids?.[index] !== undefined ? { id: ids[index] } : {}),
    folds: [],
    mase: NaN,
    ...(plans[index] === null ? { note: notes.find((n) => n.startsWith(`${name(index)} is left out`)) } : {}),
  }));
  const fits: GlobalFoldFit[] = [];
  for (let k = 0; k < folds; k++) {
    const foldOf = plans.map((p) => p?.folds.find((f) => f.index === k) ?? null);
    if (foldOf.every((f) => f === null)) continue;
    const started = performance.now();
    const trains = series.map((values, i) => (foldOf[i] ? values.subarray(0, foldOf[i]!.origin) : new Float32Array(0)));
    const g = globalNetwork(spec);
    // a fold no series can train on (its origins too early for a window and its targets) is left out, not the whole backtest
    const need = g.spec.network.window + outputSteps(g.spec.network);
    if (trains.every((t) => t.length < need)) {
      notes.push(
        `fold ${k} is left out: no series has ${need} values (window ${g.spec.network.window} and its targets) before its origin to train on.`,
      );
      continue;
    }
    const report = await g.fitMany(trains, { ids, callbacks: callbacks?.(k) ?? [], signal });
    const window = g.spec.network.window;
    for (let i = 0; i < series.length; i++) {
      const fold = foldOf[i];
      if (!fold) continue;
      const row: GlobalFoldResult = { fold, forecast: null, scores: null, notes: [] };
      if (fold.origin < window) {
        row.notes.push(`${name(i)} fold ${k}: ${fold.origin} values before the origin, fewer than the window (${window}): not forecast.`);
      } else {
        row.forecast = g.forecast(trains[i], fold.end - fold.origin, i);
        const scored = scoreFold(series[i], fold, row.forecast, period);
        row.scores = scored.scores;
        row.notes.push(...scored.notes);
      }
      results[i].folds.push(row);
    }
    const loss = report.history.history.loss?.at(-1) ?? NaN;
    const skipped = report.skipped.filter((s) => foldOf[s.index] !== null).length;
    if (skipped > 0)
      notes.push(
        `fold ${k}: ${skipped} series had too few values before their origin to train on; they were forecast from the others' network.`,
      );
    fits.push({
      index: k,
      trained: report.used.length,
      skipped,
      windows: report.windows,
      seconds: (performance.now() - started) / 1000,
      loss,
    });
  }
  if (fits.length === 0) throw new InputError(`backtestGlobal: no fold has a series long enough to train on: ${notes.at(-1)}`);
  for (const r of results) {
    const scored = r.folds.filter((f) => f.scores && Number.isFinite(f.scores.mase));
    if (scored.length > 0) r.mase = scored.reduce((s, f) => s + f.scores!.mase, 0) / scored.length;
  }
  const scoredSeries = results.filter((r) => Number.isFinite(r.mase));
  const meanMase = scoredSeries.length === 0 ? NaN : scoredSeries.reduce((s, r) => s + r.mase, 0) / scoredSeries.length;
  return { series: results, fits, meanMase, scored: scoredSeries.length, notes };
}
