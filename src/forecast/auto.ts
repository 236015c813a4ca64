/**
 * `auto`: chooses the forecaster per series by an inner backtest on the training part alone, and
 * combines the best few (the M4 lesson: combinations beat single picks).
 *
 *   fit(train), n = train.length, h = the horizon it chooses for, m = the season length:
 *     inner origins o = n − k·h, k = K..1 (K = innerFolds: 5 for all the candidates, else 3), back
 *       to back at the end of train; an origin needs at least max(2m, 8) values before it, so
 *       short series get fewer folds, or one shorter one (a part of just max(2m, 8) values: its
 *       last value)
 *     every candidate (autoCandidates: the baselines, ETS, ARIMA, Theta, STL + ETS and STL + ARIMA, small networks) fits on
 *       train[0, o) and forecasts train[o, o + h) at once — on a CandidateRunner, which may run
 *       them on worker threads (same numbers: each job is a pure function of its inputs); ETS and
 *       ARIMA choose their form once on all of train, and each inner fold re-estimates that form
 *     score: MASE scaled by train[0, o)'s in-sample seasonal naive error, mean over the folds
 *     choice: rank by score, then (`combine`, defaults per candidate set in AUTO_DEFAULTS)
 *       'median': the median of the best maxMembers forecasts (all: 5 of them, on 5 inner folds)
 *       'mean': the mean of the best maxMembers (networks: the 3 network candidates)
 *       'best': the mean of the best k for the k ≤ maxMembers whose combination scores best on the
 *         same folds (ties: fewer members) (statistical)
 *     the chosen members fit again on all of train, on the runner too (each sent back as data:
 *       fitted-transfer.ts); forecasts are the median or mean of theirs
 *     on the runner a network candidate's seeds (a mean of several) are one job each, so they run
 *       on every core; its forecast is their mean, as if it had run as one
 *     too short for one inner fold of h values (only a shorter one fits): ETS, chosen by AICc on
 *       all of train (tooShortToChoose), not the shorter fold's pick; the message says so
 *
 * Nothing here sees a value after the training part, so a backtest of `auto` is honest
 * (docs/accuracy.md). When a baseline scores best on the inner backtest, `choice.message` says so
 * in plain words.
 *
 * Browser-safe: no Node modules (the worker-thread runner lives in src/parallel/candidates.ts).
 */
import { InputError, OptionError, TrainingError } from '../errors.js';
import { MAX_HORIZON } from '../limits.js';
import { makeBaseForecaster, type BaseForecasterSpec } from './base-forecaster-spec.js';
import { checkTrain, type FitCallOptions, type Forecaster } from './forecaster.js';
import { fittedFromTransfer, fittedToTransfer, type FittedTransfer } from './fitted-transfer.js';
import { networkWindow } from './network-window.js';
import { seasonsHorizon } from './horizon.js';
import { averageForecasts, combineForecasts, meanForecaster, type Combination, type MeanForecaster } from './mean-forecaster.js';
import { mae, seasonalNaiveScale } from '../metrics/errors.js';
import { MAX_ETS_SEASON } from './stats/ets-fit.js';

/** Which forecasters `auto` chooses among. */
export type AutoCandidateSet = 'all' | 'networks' | 'statistical';

/** The candidate sets, in the order messages list them. */
export const AUTO_CANDIDATE_SETS: readonly AutoCandidateSet[] = ['all', 'networks', 'statistical'];

/**
 * How `auto` combines the best candidates of its inner backtest: 'median' or 'mean' of the best
 * maxMembers, or 'best': the mean of the best k ≤ maxMembers whose mean scores best on the inner folds.
 */
export type AutoCombine = 'median' | 'mean' | 'best';

/** The combinations, in the order messages list them. */
export const AUTO_COMBINES: readonly AutoCombine[] = ['median', 'mean', 'best'];

/**
 * The defaults of each candidate set: inner folds, members and combination. Chosen on the
 * accuracy collection's validation folds (the three folds just before its test folds, with two
 * network seeds: bench/auto-study.ts, docs/accuracy.md), never on the test folds. Among every
 * candidate, the median of the best five on five inner folds did best; among the statistical ones
 * alone a median of five would take in the baselines, and the best few on three folds did best;
 * among the networks, the mean of all three. Each network candidate averages `networkSeeds`
 * seeds: five among the networks alone (their mean went from 1.338 / 1.311 to 1.292 / 1.282 on
 * the validation folds, seeds 0 / 1, against three), one among every candidate: auto's median
 * over four seeds (0, 1, 10, 20) did not move with the seeds a candidate averages (one 1.190,
 * two 1.190, three 1.189 on the mean of the four), and one takes a third of three's network time.
 */
export const AUTO_DEFAULTS: Readonly<
  Record<AutoCandidateSet, { innerFolds: number; maxMembers: number; combine: AutoCombine; networkSeeds: number }>
> = {
  all: { innerFolds: 5, maxMembers: 5, combine: 'median', networkSeeds: 1 },
  networks: { innerFolds: 3, maxMembers: 3, combine: 'mean', networkSeeds: 5 },
  statistical: { innerFolds: 3, maxMembers: 3, combine: 'best', networkSeeds: 3 },
};

/**
 * The optimizer steps each network candidate trains for (`maxSteps`; at most its 100 epochs).
 * Chosen on the collection's validation folds (bench/auto-study.ts --region validation;
 * docs/accuracy.md): against 100 epochs, 150 steps took auto's median from 1.203 / 1.196 to
 * 1.194 / 1.186 (seeds 0 / 1) and the networks' mean from 1.421 / 1.414 to 1.338 / 1.311, in 39 %
 * of the networks' time; 50 steps scored far worse (1.467 / 1.466). 100 steps scored as 150 on
 * seeds 0 and 1 but worse on 10 and 20 (auto's median over the four 1.204–1.207 against
 * 1.189–1.190, whatever the seeds a candidate averages): 150 it stays.
 */
export const AUTO_NETWORK_STEPS = 150;

/** The most inner folds `auto` takes (its `innerFolds` option, the CLI's --inner-folds). */
export const MAX_INNER_FOLDS = 20;

/** Options of {@link autoForecaster} (plain JSON: `{ kind: 'auto', ... }` in a ForecasterSpec). */
export interface AutoOptions {
  /** The season length (12 for monthly data); default 1 (none). */
  period?: number;
  /** The number of values the choice is made for (each inner fold forecasts this many); default 2 × period, at least 6. */
  horizon?: number;
  /** Seed of the networks' weights and shuffles (each network candidate averages seeds seed, seed + 1, ...); default 0. */
  seed?: number;
  /** The seeds each network candidate averages; default 1 for 'all' candidates, 5 for 'networks' (AUTO_DEFAULTS). */
  networkSeeds?: number;
  /** 'all' (default), 'networks' (the networks alone), or 'statistical' (the baselines, ETS, ARIMA, Theta, STL + ETS, STL + ARIMA). */
  candidates?: AutoCandidateSet;
  /** Inner backtest folds; default 5 for 'all' candidates, 3 for the others (AUTO_DEFAULTS). */
  innerFolds?: number;
  /**
   * Every seasonal period of the data, for the candidates that model several at once (STL + ETS, STL + ARIMA),
   * e.g. [24, 168] for hourly data (the day and the week); default [period].
   */
  seasons?: number[];
  /** The most forecasters combined; default 5 for 'all' candidates, 3 for the others (1: the best alone). */
  maxMembers?: number;
  /** How the best candidates are combined (AutoCombine); default 'median' for 'all', 'mean' for 'networks', 'best' for 'statistical'. */
  combine?: AutoCombine;
}

/** One candidate: a label for the output and the forecaster's spec. */
export interface AutoCandidate {
  label: string;
  spec: BaseForecasterSpec;
  /** A baseline (naive, seasonal naive): the output says so when one wins. */
  baseline: boolean;
  /**
   * The candidate chooses its form from the data (ETS, ARIMA): auto fits it once on the whole
   * training part and backtests that form ({@link Forecaster.fixedForm}), re-estimating only its
   * parameters on each inner fold.
   */
  formOnce?: boolean;
}

/** One fit-and-forecast of the inner backtest: a candidate on one fold. */
export interface CandidateJob {
  spec: BaseForecasterSpec;
  /** The training part (or more; only series[0, origin) is read). */
  series: Float32Array;
  origin: number;
  horizon: number;
  /** Also send back the fitted forecaster (`fitted`): the final fit of a chosen member. */
  keep?: boolean;
}

/** What a {@link CandidateJob} gives: the h forecasts, or why there are none. */
export interface CandidateOutcome {
  forecast: number[] | null;
  error: string | null;
  seconds: number;
  /** The fitted forecaster's form as a spec, when it chose one ({@link Forecaster.fixedForm}); else null. */
  form?: BaseForecasterSpec | null;
  /** The fitted forecaster as data, when the job asked to `keep` it and it fitted; else absent. */
  fitted?: FittedTransfer;
}

/** Runs candidate jobs, in any order or in parallel; resolves with the outcomes in the jobs' order. */
export type CandidateRunner = (jobs: CandidateJob[], signal?: AbortSignal) => Promise<CandidateOutcome[]>;

/** How one candidate did on the inner backtest. */
export interface CandidateScore {
  label: string;
  /** Mean MASE over the inner folds; null when it failed on one (see `error`). */
  score: number | null;
  error: string | null;
  /** Fit + forecast, summed over the inner folds. */
  seconds: number;
}

/** What `auto` chose for a series, and why. */
export interface AutoChoice {
  /** The members whose forecasts are combined (`combine`), best first (`model`: what a member chose when fitted on the whole training part, e.g. ETS's form). */
  members: { label: string; spec: BaseForecasterSpec; score: number; model?: string }[];
  /** How the members' forecasts are combined (saved runs from before it: 'mean'). */
  combine: Combination;
  /** The combination's inner-backtest MASE. */
  score: number;
  /** Every candidate's inner-backtest result, best first (failures last). */
  candidates: CandidateScore[];
  /** The inner folds: origin and horizon in the training part. */
  folds: { origin: number; horizon: number }[];
  /** The best candidate on the inner backtest is a baseline. */
  baselineWins: boolean;
  /** The choice in plain words. */
  message: string;
}

/** The auto forecaster: a Forecaster that also says what it chose. */
export interface AutoForecaster extends Forecaster {
  /** The options, defaults filled in (plain JSON). */
  readonly options: Required<AutoOptions>;
  /** After `fit`: the choice; null before. */
  readonly choice: AutoChoice | null;
  /** After `fit`: the chosen members, fitted on the whole training part (what a saved run stores); null before. */
  readonly members: readonly Forecaster[] | null;
  /** The choice in one line, e.g. 'mean of ets ETS(M,Ad,M) + theta (inner MASE 0.712)'. */
  describe(): string;
}

/**
 * The candidates `auto` chooses among for a season length and horizon: naive and a seasonal naive
 * for each season (`period` and `seasons`: on M4's hourly series the week's, 168, beat the day's
 * alone on the training files' last 48 values, auto 12.088 → 11.073 sMAPE), ETS and ARIMA (as
 * R's ets and auto.arima; seasons up to 24), Theta, STL + ETS and STL + ARIMA where the data has several seasons
 * or one above 24 (`seasons`), on the values and on their logs, and small feed-forward networks
 * on windows of two seasons (at least 8) — normalized per window, on differenced values, and a
 * direct one (all steps at once) — each the mean of `networkSeeds` seeds (one; five among the
 * networks alone), trained for AUTO_NETWORK_STEPS steps. Fixed for every series
 * (docs/accuracy.md): the data picks among them, never a series' name. bench/auto-study.ts is
 * how they were chosen, on the collection as a whole (an LSTM candidate cost most of the time
 * and was rarely among the best).
 *
 * When two seasons do not fit in `shortestTrain` (the fewest values a candidate trains on in the
 * inner backtest), the networks' window is half of it, so a short series still gets networks.
 *
 * @example autoCandidates({ period: 12, horizon: 18 }).map((c) => c.label);
 * @throws OptionError when an option is out of range (see autoForecaster).
 */
export function autoCandidates(options: AutoOptions = {}, shortestTrain = Infinity): AutoCandidate[] {
  const { period, horizon, seed, candidates, seasons, networkSeeds } = resolveAutoOptions(options);
  // two seasons when they fit in the shortest part a candidate trains on (with a value to learn
  // and one for differencing); else half of that part, so a short series still gets networks
  const preferred = networkWindow(period);
  const window = shortestTrain >= preferred + 2 ? preferred : Math.max(2, Math.floor(shortestTrain / 2));
  // a seasonal naive for each season of the data: hourly data repeats its week as well as its day
  const seasonLengths = [...new Set([period, ...seasons])].filter((m) => m > 1).sort((a, b) => a - b);
  const baselines: AutoCandidate[] = [
    { label: 'naive', spec: { kind: 'naive' }, baseline: true },
    ...seasonLengths.map((m) => ({ label: `seasonal naive (${m})`, spec: { kind: 'seasonal-naive' as const, period: m }, baseline: true })),
  ];
  // STL + ETS (and STL + ARIMA) where ETS alone cannot follow the seasons: several of them, or one longer than ETS's 24
  const multiSeasonal = seasons.filter((m) => m > 1).length > 1 || seasons.some((m) => m > MAX_ETS_SEASON);
  const statistical: AutoCandidate[] = [
    ...(period <= MAX_ETS_SEASON
      ? [
          { label: 'ets', spec: { kind: 'ets' as const, period }, baseline: false, formOnce: true },
          { label: 'arima', spec: { kind: 'arima' as const, period }, baseline: false, formOnce: true },
        ]
      : []),
    { label: 'theta', spec: { kind: 'theta', period }, baseline: false },
    // and on logs, where the seasons swing with the level (M4's hourly series: near zero at night);
    // a series with a value ≤ 0 has no logs, and this candidate fails on it, with its reason
    ...(multiSeasonal
      ? [
          { label: `stlf (${seasons.join(', ')})`, spec: { kind: 'stlf' as const, periods: [...seasons] }, baseline: false },
          {
            label: `stlf (${seasons.join(', ')}) on logs`,
            spec: { kind: 'box-cox' as const, lambda: 0, of: { kind: 'stlf' as const, periods: [...seasons] } },
            baseline: false,
          },
          // and STL + ARIMA (stlf's method "arima"): the adjusted series' short-term dynamics, which ETS's
          // level and trend miss (on M4's hourly training files, auto among the statistical candidates
          // 11.073 → 10.652 sMAPE, every 6th series; weekly 7.156 → 7.144)
          { label: `stl-arima (${seasons.join(', ')})`, spec: { kind: 'stl-arima' as const, periods: [...seasons] }, baseline: false },
          {
            label: `stl-arima (${seasons.join(', ')}) on logs`,
            spec: { kind: 'box-cox' as const, lambda: 0, of: { kind: 'stl-arima' as const, periods: [...seasons] } },
            baseline: false,
          },
        ]
      : []),
  ];
  // each network is the mean of networkSeeds seeds (as nnetar averages several): alone, a small
  // network's forecast swings with its seed more than the candidates differ; among every
  // candidate one seed does (auto's median of the best five damps that swing: AUTO_DEFAULTS)
  const net = (label: string, spec: Omit<Extract<BaseForecasterSpec, { kind: 'network' }>['spec'], 'seed' | 'window'>): AutoCandidate => ({
    label: `${spec.model} (window ${window}, ${label}; ${networkSeeds} seed${networkSeeds === 1 ? '' : 's'})`,
    spec: {
      kind: 'mean',
      of: Array.from({ length: networkSeeds }, (_, i) => ({
        kind: 'network' as const,
        spec: { ...spec, window, maxSteps: AUTO_NETWORK_STEPS, seed: seed + i },
      })),
    },
    baseline: false,
  });
  const networks: AutoCandidate[] = [
    net('normalized per window', { model: 'mlp', normalize: 'window' }),
    net('differenced', { model: 'mlp', transform: ['difference', 'standard'] }),
    net(`direct ${horizon}, normalized per window`, { model: 'mlp', horizon, strategy: 'direct', normalize: 'window' }),
  ];
  if (candidates === 'networks') return networks;
  if (candidates === 'statistical') return [...baselines, ...statistical];
  return [...baselines, ...statistical, ...networks];
}

/**
 * A forecaster that chooses per series among {@link autoCandidates} by an inner backtest on the
 * training part, and combines the best (see the file's header). `runner` runs the inner
 * backtest's jobs (default: one after the other in this thread; src/parallel/candidates.ts runs
 * them on worker threads with the same numbers).
 *
 * @example
 * const auto = autoForecaster({ period: 12, horizon: 18 });
 * await auto.fit(train);
 * auto.forecast(train, 18); // the mean of the chosen members' forecasts
 * console.log(auto.choice!.message);
 * @throws OptionError when an option is out of range; `fit` throws a SeriesInputError-like
 *   InputError when the training part is shorter than two seasons (fewer than max(2 × period, 8)
 *   values), or holds NaN, or every candidate fails on the inner backtest;
 *   forecasts throw before `fit`, and as every forecaster (checkSliding, checkRecursive).
 */
export function autoForecaster(options: AutoOptions = {}, runner: CandidateRunner = runCandidatesInline): AutoForecaster {
  return makeAuto(resolveAutoOptions(options), runner, null);
}

/**
 * An auto forecaster that has already chosen: its options, its choice and its members fitted (e.g.
 * read back from a saved run). It forecasts at once; `fit` chooses afresh.
 * @example const again = autoForecasterFromFitted(auto.options, auto.choice!, loadedMembers);
 * @throws OptionError when an option is out of range; Error when the members do not match the
 *   choice's (one fitted forecaster per member, in order).
 */
export function autoForecasterFromFitted(
  options: AutoOptions,
  choice: AutoChoice,
  members: Forecaster[],
  runner: CandidateRunner = runCandidatesInline,
): AutoForecaster {
  if (!Array.isArray(members) || members.length === 0 || members.length !== choice.members.length)
    throw new Error(
      `autoForecasterFromFitted: the choice has ${choice.members.length} member(s) but ${members?.length ?? 0} fitted forecaster(s) were given.`,
    );
  return makeAuto(resolveAutoOptions(options), runner, { choice, members });
}

function makeAuto(
  resolved: ResolvedAutoOptions,
  runner: CandidateRunner,
  state: { choice: AutoChoice; members: Forecaster[] } | null,
): AutoForecaster {
  const name = resolved.candidates === 'all' ? 'auto' : `auto (${resolved.candidates})`;
  // the chosen members, fitted: their median or mean is auto's forecast
  let ensemble: MeanForecaster | null = state ? meanForecaster(state.members, name, state.choice.combine ?? 'mean') : null;
  let choice: AutoChoice | null = state?.choice ?? null;
  const fitted = (): MeanForecaster => {
    if (!ensemble) throw new Error(`${name}: forecasts need a fitted forecaster: call fit(train) first.`);
    return ensemble;
  };
  return {
    name,
    options: resolved,
    get members() {
      return ensemble?.members ?? null;
    },
    get minHistory() {
      return ensemble?.minHistory ?? minInnerTrain(resolved.period);
    },
    get choice() {
      return choice;
    },
    describe() {
      return choice ? describeChoice(choice) : `${name} (not fitted)`;
    },
    async fit(train: Float32Array, fitOptions: FitCallOptions = {}) {
      checkTrain(name, minInnerTrain(resolved.period), train);
      const folds = innerFolds(train.length, resolved);
      const { candidates, outcomes } = await innerBacktest(
        autoCandidates(resolved, folds[0].origin),
        folds,
        train,
        runner,
        fitOptions.signal,
      );
      const ranked = choose(candidates, folds, outcomes, train, resolved);
      const chosen =
        folds[0].horizon < resolved.horizon ? (tooShortToChoose(ranked, candidates, train.length, resolved) ?? ranked) : ranked;
      const members = meanForecaster(await fitMembers(name, chosen.members, train, runner, fitOptions.signal), name, chosen.combine);
      ensemble = members;
      choice = { ...chosen, members: chosen.members.map((m, i) => ({ ...m, ...modelOf(members.members[i]) })) };
    },
    predictSliding(series: Float32Array, from: number) {
      return fitted().predictSliding(series, from);
    },
    forecast(history: Float32Array, horizon: number) {
      return fitted().forecast(history, horizon);
    },
  };
}

/**
 * The inner backtest: every candidate on every fold, on `runner`. A candidate that chooses its form
 * (`formOnce`: ETS, ARIMA) first fits on the whole training part, alongside the other candidates'
 * fold jobs; its folds then fit that form (a fresh search at every fold would cost ARIMA's search
 * four times; its form's inner score is then a little optimistic, as the search saw the inner
 * folds' values). When that first fit fails, the folds search afresh, as the candidate's spec says.
 * Resolves with the candidates (spec: the form each fold fitted) and the outcomes fold by fold,
 * candidate by candidate within a fold, as `choose` reads them.
 */
async function innerBacktest(
  proposed: AutoCandidate[],
  folds: { origin: number; horizon: number }[],
  train: Float32Array,
  runner: CandidateRunner,
  signal?: AbortSignal,
): Promise<{ candidates: AutoCandidate[]; outcomes: CandidateOutcome[] }> {
  const foldJobs = (c: AutoCandidate): CandidateJob[] => folds.map((fold) => ({ spec: c.spec, series: train, ...fold }));
  const formed = proposed.filter((c) => c.formOnce);
  const others = proposed.filter((c) => !c.formOnce);
  // each form's folds go to the runner as soon as its form is known, behind the jobs already
  // there, rather than after every other candidate's folds: no core waits at a barrier between them
  const formedRuns = formed.map(async (c) => {
    const [whole] = await runMembersApart(runner, [{ spec: c.spec, series: train, origin: train.length, horizon: 1 }], signal);
    const candidate = { ...c, spec: whole.form ?? c.spec };
    const outcomes = await runMembersApart(runner, foldJobs(candidate), signal);
    // the form's fit on the whole part counts in the candidate's seconds (on its first fold)
    outcomes[0] = { ...outcomes[0], seconds: outcomes[0].seconds + whole.seconds };
    return { candidate, outcomes };
  });
  const otherRun = runMembersApart(runner, others.flatMap(foldJobs), signal);
  const [formedDone, otherOutcomes] = await Promise.all([Promise.all(formedRuns), otherRun]);
  const byCandidate = new Map<AutoCandidate, { candidate: AutoCandidate; outcomes: CandidateOutcome[] }>();
  formed.forEach((c, i) => byCandidate.set(c, formedDone[i]));
  others.forEach((c, i) => byCandidate.set(c, { candidate: c, outcomes: otherOutcomes.slice(i * folds.length, (i + 1) * folds.length) }));
  const ordered = proposed.map((c) => byCandidate.get(c)!);
  return {
    candidates: ordered.map((o) => o.candidate),
    outcomes: folds.flatMap((_, fi) => ordered.map((o) => o.outcomes[fi])),
  };
}

/** The specs a job's spec splits into: a mean's members (a network candidate's seeds), else itself. */
function memberSpecs(spec: BaseForecasterSpec): BaseForecasterSpec[] {
  return spec.kind === 'mean' && Array.isArray(spec.of) && spec.of.length > 1 ? spec.of : [spec];
}

/**
 * Runs `jobs` on `runner` with each mean split into a job per member (memberSpecs), so that a
 * network candidate's seeds run on every core, not one after the other on one; resolves with the
 * outcomes of each job's members, job by job.
 */
async function runApart(runner: CandidateRunner, jobs: CandidateJob[], signal?: AbortSignal): Promise<CandidateOutcome[][]> {
  const parts = jobs.map((job) => memberSpecs(job.spec));
  const outcomes = await runner(
    jobs.flatMap((job, i) => parts[i].map((spec) => ({ ...job, spec }))),
    signal,
  );
  let next = 0;
  return parts.map((specs) => outcomes.slice(next, (next += specs.length)));
}

/**
 * The inner backtest's jobs on `runner`, each mean's members apart (runApart); a mean's outcome is
 * made from its members' as the mean forecaster makes it: their forecasts averaged in order
 * (averageForecasts), the first failure's error, their seconds summed.
 */
async function runMembersApart(runner: CandidateRunner, jobs: CandidateJob[], signal?: AbortSignal): Promise<CandidateOutcome[]> {
  return (await runApart(runner, jobs, signal)).map((mine) => {
    if (mine.length === 1) return mine[0];
    const seconds = mine.reduce((sum, o) => sum + o.seconds, 0);
    const failed = mine.find((o) => o.forecast === null);
    if (failed) return { forecast: null, error: failed.error, seconds };
    const forecast = Array.from(averageForecasts(mine.map((o) => o.forecast!)));
    if (!forecast.every(Number.isFinite)) return { forecast: null, error: 'a forecast is not finite', seconds };
    return { forecast, error: null, seconds, form: null };
  });
}

/**
 * The chosen members fitted on the whole training part: jobs on `runner`, so they fit on every
 * core as the inner backtest did (a mean's members apart, runApart), each sent back as data
 * (fitted-transfer.ts) and restored here with the same forecasts.
 * @throws TrainingError when a member fails on the whole part (it fitted on every inner fold:
 *   e.g. a network whose training diverged); the signal's reason when it aborts.
 */
async function fitMembers(
  name: string,
  members: { label: string; spec: BaseForecasterSpec }[],
  train: Float32Array,
  runner: CandidateRunner,
  signal?: AbortSignal,
): Promise<Forecaster[]> {
  const jobs = members.map((m) => ({ spec: m.spec, series: train, origin: train.length, horizon: 1, keep: true }));
  const groups = await runApart(runner, jobs, signal);
  groups.forEach((mine, i) => {
    const failed = mine.find((outcome) => !outcome.fitted);
    if (failed)
      throw new TrainingError(
        `${name}: ${members[i].label}, chosen by the inner backtest, failed to fit on the whole training part: ${failed.error ?? 'no fitted forecaster came back'}.`,
      );
  });
  // a mean split apart is the mean of its members again, as makeBaseForecaster makes it
  return Promise.all(
    groups.map(async (mine) => {
      const fitted = await Promise.all(mine.map((outcome) => fittedFromTransfer(outcome.fitted!)));
      return mine.length > 1 ? meanForecaster(fitted) : fitted[0];
    }),
  );
}

/**
 * Fits and forecasts one candidate job in this thread: the inner backtest's unit of work (a
 * worker thread runs the same function). A candidate's failure (too short a series for its
 * window, a diverging network) is its outcome, not an exception; an abort is rethrown. `make`
 * builds the forecaster from the spec (default makeBaseForecaster; the `candidate` task passes
 * makeForecaster, so that a job may also name `auto` or `conformal`).
 * @example const outcome = await runCandidate({ spec: { kind: 'theta', period: 12 }, series: train, origin: 100, horizon: 18 });
 * @throws the signal's reason when it aborts.
 */
export async function runCandidate(
  job: CandidateJob,
  signal?: AbortSignal,
  make: (spec: CandidateJob['spec']) => Forecaster = makeBaseForecaster,
): Promise<CandidateOutcome> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  try {
    const f = make(job.spec);
    const history = job.series.subarray(0, job.origin);
    await f.fit(history, { signal });
    const forecast = Array.from(f.forecast(history, job.horizon));
    if (!forecast.every(Number.isFinite)) return { forecast: null, error: 'a forecast is not finite', seconds: seconds() };
    const outcome: CandidateOutcome = { forecast, error: null, seconds: seconds(), form: f.fixedForm?.() ?? null };
    return job.keep ? { ...outcome, fitted: fittedToTransfer(job.spec, f) } : outcome;
  } catch (e) {
    signal?.throwIfAborted();
    return { forecast: null, error: e instanceof Error ? e.message : String(e), seconds: seconds() };
  }
}

/** The default runner: each job in turn, in this thread. */
export async function runCandidatesInline(jobs: CandidateJob[], signal?: AbortSignal): Promise<CandidateOutcome[]> {
  const out: CandidateOutcome[] = [];
  for (const job of jobs) {
    signal?.throwIfAborted();
    out.push(await runCandidate(job, signal));
  }
  return out;
}

type ResolvedAutoOptions = Required<AutoOptions>;

function resolveAutoOptions(options: AutoOptions): ResolvedAutoOptions {
  if (typeof options !== 'object' || options === null) throw new OptionError('auto options must be an object such as { period: 12 }.');
  const known = ['period', 'horizon', 'seed', 'networkSeeds', 'candidates', 'innerFolds', 'maxMembers', 'combine', 'seasons'];
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new OptionError(`Unknown auto option '${key}': the options are ${known.join(', ')}.`);
  }
  const period = integer(options.period ?? 1, 'auto period', 1, 10_000, 'the season length, e.g. 12 for monthly data');
  const horizon = integer(options.horizon ?? seasonsHorizon(period), 'auto horizon', 1, MAX_HORIZON, 'the values to forecast, e.g. 18');
  const seed = integer(options.seed ?? 0, 'auto seed', 0, 0xffffffff, 'e.g. 0');
  const candidates = options.candidates ?? 'all';
  if (!AUTO_CANDIDATE_SETS.includes(candidates))
    throw new OptionError(`auto candidates must be one of ${AUTO_CANDIDATE_SETS.join(', ')}, got ${JSON.stringify(candidates)}.`);
  const defaults = AUTO_DEFAULTS[candidates];
  const innerFoldCount = integer(options.innerFolds ?? defaults.innerFolds, 'auto innerFolds', 1, MAX_INNER_FOLDS, 'e.g. 3');
  const maxMembers = integer(options.maxMembers ?? defaults.maxMembers, 'auto maxMembers', 1, 20, 'e.g. 3, or 1 to pick one forecaster');
  const networkSeeds = integer(options.networkSeeds ?? defaults.networkSeeds, 'auto networkSeeds', 1, 20, 'e.g. 3');
  const combine = options.combine ?? defaults.combine;
  if (!AUTO_COMBINES.includes(combine))
    throw new OptionError(`auto combine must be one of ${AUTO_COMBINES.join(', ')}, got ${JSON.stringify(combine)}.`);
  const seasons = options.seasons ?? [period];
  if (!Array.isArray(seasons) || seasons.length < 1 || seasons.length > 6)
    throw new OptionError(
      `auto seasons must be a list of 1 to 6 seasonal periods, got ${JSON.stringify(seasons)}: e.g. [24, 168] for hourly data.`,
    );
  seasons.forEach((m, i) => integer(m, `auto seasons[${i}]`, 1, 10_000, 'a season length, e.g. 24 or 168'));
  return { period, horizon, seed, networkSeeds, candidates, innerFolds: innerFoldCount, maxMembers, combine, seasons: [...seasons] };
}

function integer(v: unknown, what: string, min: number, max: number, fix: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new OptionError(
      `${what} must be an integer from ${min} to ${max.toLocaleString('en-US')}, got ${JSON.stringify(v)}: use ${fix}.`,
    );
  return v;
}

/** The fewest values an inner fold trains on: two seasons, at least 8 (one fewer when the training part holds just that many: innerFolds). */
function minInnerTrain(period: number): number {
  return Math.max(2 * period, 8);
}

/**
 * The inner folds of a training part of n values: up to K back to back at its end, h values each,
 * each origin leaving at least max(2m, 8) values to train on; when not even one fits, one fold
 * of the values past that minimum, or of the last value when the part holds just the minimum (two
 * seasons: the fewest the accuracy protocol trains on). (bench/auto-study.ts reads the same folds.)
 * @example innerFolds(100, { period: 12, horizon: 6, innerFolds: 3 }); // origins 82, 88, 94
 * @throws never.
 */
export function innerFolds(
  n: number,
  { period, horizon, innerFolds: K }: Pick<ResolvedAutoOptions, 'period' | 'horizon' | 'innerFolds'>,
): { origin: number; horizon: number }[] {
  const least = minInnerTrain(period);
  const folds: { origin: number; horizon: number }[] = [];
  for (let k = K; k >= 1; k--) {
    const origin = n - k * horizon;
    if (origin >= least) folds.push({ origin, horizon });
  }
  if (folds.length === 0) folds.push(n > least ? { origin: least, horizon: n - least } : { origin: n - 1, horizon: 1 });
  return folds;
}

/** Ranks the candidates by their inner MASE and combines the best (`combine`, see the file's header). */
function choose(
  candidates: AutoCandidate[],
  folds: { origin: number; horizon: number }[],
  outcomes: CandidateOutcome[],
  train: Float32Array,
  { period, maxMembers, combine }: ResolvedAutoOptions,
): AutoChoice {
  const scales = folds.map((fold) => maseScale(train.subarray(0, fold.origin), period));
  const actuals = folds.map((fold) => train.subarray(fold.origin, fold.origin + fold.horizon));
  const scoreOf = (forecasts: ArrayLike<number>[]): number => mean(forecasts.map((f, i) => mae(actuals[i], f) / scales[i]));
  const results = candidates.map((c, ci) => {
    const mine = folds.map((_, fi) => outcomes[fi * candidates.length + ci]);
    const failed = mine.find((o) => o.forecast === null);
    const seconds = mine.reduce((s, o) => s + o.seconds, 0);
    if (failed) return { candidate: c, forecasts: null, score: null, error: failed.error, seconds };
    const forecasts = mine.map((o) => o.forecast!);
    return { candidate: c, forecasts, score: scoreOf(forecasts), error: null, seconds };
  });
  const ranked = results.filter((r) => r.score !== null && Number.isFinite(r.score)).sort((a, b) => a.score! - b.score!);
  if (ranked.length === 0) {
    const why = results.map((r) => `${r.candidate.label}: ${r.error ?? 'no finite score'}`).join('; ');
    throw new InputError(`auto: every candidate failed on the inner backtest of the training part (${why}): pass a longer series.`);
  }
  const how: Combination = combine === 'median' ? 'median' : 'mean';
  const scoreTop = (k: number): number =>
    k === 1
      ? ranked[0].score!
      : scoreOf(
          folds.map((_, fi) =>
            combineForecasts(
              ranked.slice(0, k).map((r) => r.forecasts![fi]),
              how,
            ),
          ),
        );
  const top = Math.min(maxMembers, ranked.length);
  let best = { k: top, score: scoreTop(top) };
  if (combine === 'best') {
    best = { k: 1, score: ranked[0].score! };
    for (let k = 2; k <= top; k++) {
      const score = scoreTop(k);
      if (score < best.score) best = { k, score };
    }
  }
  const members = ranked.slice(0, best.k).map((r) => ({ label: r.candidate.label, spec: r.candidate.spec, score: r.score! }));
  const candidateScores: CandidateScore[] = [...ranked, ...results.filter((r) => !ranked.includes(r))].map((r) => ({
    label: r.candidate.label,
    score: r.score,
    error: r.error,
    seconds: r.seconds,
  }));
  const baselineWins = ranked[0].candidate.baseline;
  const bestModel = ranked.find((r) => !r.candidate.baseline);
  const chosen = { members, combine: how, score: best.score };
  let message = describeChoice(chosen);
  if (baselineWins) {
    message =
      `A baseline beats every model on this series: ${ranked[0].candidate.label} scored MASE ${fmt(ranked[0].score!)} on the inner backtest` +
      (bestModel ? `, the best model (${bestModel.candidate.label}) ${fmt(bestModel.score!)}` : '') +
      `; forecasting with ${members.length === 1 ? members[0].label : `the ${how} of ${members.map((m) => m.label).join(' + ')}`}.`;
  }
  return { members, combine: how, score: best.score, candidates: candidateScores, folds, baselineWins, message };
}

/**
 * The choice when the training part is too short for one inner fold of the horizon: a backtest of
 * fewer values than the horizon does not measure the horizon's errors (and the networks train on
 * a window shrunk below two seasons), so auto does not choose by it. It forecasts with ETS, whose
 * form R's way (AICc on the whole training part) needs no held-out values; the inner scores stay
 * in the choice, for the record. Null when there is no ETS candidate (networks only, a season
 * above 24): the inner backtest's choice stands.
 */
function tooShortToChoose(ranked: AutoChoice, candidates: AutoCandidate[], n: number, { horizon }: ResolvedAutoOptions): AutoChoice | null {
  const ets = candidates.find((c) => c.spec.kind === 'ets');
  if (!ets) return null;
  const scored = ranked.candidates.find((c) => c.label === ets.label)?.score;
  if (scored === null || scored === undefined) return null; // ETS failed on it: it may fail on all of it too
  const members = [{ label: ets.label, spec: ets.spec, score: scored }];
  const message =
    `The training part (${n} values) is too short for an inner backtest of ${horizon} values after two seasons, ` +
    `so auto does not choose by one: it forecasts with ETS, whose form is chosen by AICc on all of it (as R's ets).`;
  return { ...ranked, members, combine: 'mean', score: members[0].score, baselineWins: false, message };
}

/** What a fitted forecaster says it chose (ETS's form), when it says. */
function modelOf(f: Forecaster): { model?: string } {
  return f.describe ? { model: f.describe() } : {};
}

function describeChoice({ members, combine, score }: Pick<AutoChoice, 'members' | 'score'> & { combine?: Combination }): string {
  const label = (m: AutoChoice['members'][number]): string => (m.model && m.model !== m.label ? `${m.label} ${m.model}` : m.label);
  const what = members.length === 1 ? label(members[0]) : `${combine ?? 'mean'} of ${members.map(label).join(' + ')}`;
  return `${what} (inner-backtest MASE ${fmt(score)})`;
}

function fmt(v: number): string {
  return v.toFixed(3);
}

/**
 * M4's MASE scale for an inner fold (seasonalNaiveScale), falling back to lag 1 when the part is
 * too short or exactly periodic at lag m, and to 1 (the plain MAE) when it is flat at lag 1 too.
 * @example maseScale(Float32Array.of(1, 3, 2, 4), 1); // 1.6666666666666667
 * @throws never.
 */
export function maseScale(train: Float32Array, period: number): number {
  for (const lag of period > 1 ? [period, 1] : [1]) {
    if (train.length <= lag) continue;
    try {
      return seasonalNaiveScale(train, lag);
    } catch {
      // the naive forecast at this lag is exact on the part: try the next
    }
  }
  return 1;
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
