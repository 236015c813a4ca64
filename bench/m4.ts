/**
 * `npm run bench:m4`: seqcast on the M4 competition's Hourly (414 series, h = 48) and Weekly (359
 * series, h = 13) data (datasets/m4/), scored exactly as M4 scores (sMAPE, MASE with the in-sample
 * seasonal naive scale, m = 24 hourly and 1 weekly; src/metrics/errors.ts), next to the published
 * rows (bench/m4/published.ts). One origin per series, the end of its training part, as M4: each
 * forecaster fits on the training part only and forecasts the h test values at once. Nothing is
 * tuned on the test files: every model runs with fixed settings for every series.
 *
 * Each (series, model, seed) is one `seriesChunk` job of the many-series path (src/forecast/
 * series-chunk.ts: fit the spec on the training part, forecast h with 95 % intervals: the model's
 * analytical ones where it has them, else conformal ones calibrated on the training part) run by a
 * TaskRunner on the worker pool, so the per-series work can move to another runner (a queue)
 * unchanged. MSIS and the 95 % coverage score those intervals; `--no-intervals` skips them (a
 * conformal calibration fits the model a second time). `global-mlp` is one network fitted on every
 * training part of a frequency (the CLI's `--model global-mlp`: window of two seasons, direct,
 * normalized per window), in this thread, then each series forecast: points only. `global-mlp-stl`
 * is one mlp on every series' STL-adjusted logs (the seasons of `stlPeriods` removed series by
 * series and added back to its forecasts; a window of two of the longest season), and
 * `auto-statistical+global-mlp-stl` the mean of that and auto-statistical's forecasts, series by
 * series (points only).
 *
 * Usage: npm run bench:m4 -- [--frequency hourly|weekly|both] [--models snaive,naive2,theta,ets,arima,stlf,m4-rnn,auto,auto-statistical,global-mlp,global-mlp-stl,auto-statistical+global-mlp-stl]
 *          [--seeds 0,1,2] [--workers 2 | --queue redis://HOST:PORT] [--limit N] [--every K] [--no-intervals] [--validation [block]] [--json [file]]
 * Progress goes to stderr; the tables (or, with a bare --json, one JSON object) to stdout.
 */
import { Command, InvalidArgumentError } from 'commander';
import { readM4, type M4Series } from '../src/data/m4.js';
import { mase, smape } from '../src/metrics/errors.js';
import { coverage, msis } from '../src/metrics/interval-scores.js';
import type { ForecasterSpec } from '../src/forecast/forecaster-spec.js';
import type { SeriesChunkTask, SeriesOutcome } from '../src/forecast/series-chunk.js';
import type { TaskRunner } from '../src/parallel/task-runner.js';
import { runnerFor } from '../src/cli/runner-choice.js';
import { globalSpecFromFlags } from '../src/cli/many-global.js';
import { fitGlobalMany, forecastWithGlobal } from '../src/forecast/global-many.js';
import type { GlobalSpec } from '../src/forecast/global-network.js';
import { writeDurably } from '../src/fs/durable.js';
import { packageVersion } from '../src/package-version.js';
import { integer, list } from './options.js';
import { jobProgress } from './accuracy/progress.js';
import { PUBLISHED, PUBLISHED_MSIS, REPRODUCES, type Frequency } from './m4/published.js';

const MODELS = [
  'snaive',
  'naive2',
  'theta',
  'ets',
  'arima',
  'stlf',
  'stl-arima',
  'm4-rnn',
  'auto',
  'auto-statistical',
  'global-mlp',
  'global-mlp-stl',
  'auto-statistical+global-mlp-stl',
] as const;
type Model = (typeof MODELS)[number];
/** Models whose forecasts depend on a seed (one job per seed). */
const SEEDED: readonly Model[] = ['m4-rnn', 'auto', 'global-mlp', 'global-mlp-stl', 'auto-statistical+global-mlp-stl'];
/** Models fitted once on every series of a frequency (in this thread), not per series. */
const GLOBAL: readonly Model[] = ['global-mlp', 'global-mlp-stl'];
/**
 * Models that are the mean of two others' forecasts, series by series (run with them: asking for
 * one runs its two parts too). No intervals: the global network has none.
 */
const COMBINED: Partial<Record<Model, readonly [Model, Model]>> = {
  'auto-statistical+global-mlp-stl': ['auto-statistical', 'global-mlp-stl'],
};
/**
 * The seasonal global network's training, chosen on the Hourly training files' three validation
 * blocks (docs/m4.md), never on the test files: against 5 epochs of 64 units, 10 of 128 gave
 * auto-statistical+global-mlp-stl a lower sMAPE on every block (mean over seeds 0–2).
 */
const GLOBAL_STL_TRAINING = { epochs: 10, units: 128 };

/**
 * Each frequency's files, the seasonal period M4 uses (MASE's and the models') and the horizon;
 * `stlPeriods`, the seasonal periods of the STL forecaster: hourly the day and the week; weekly the
 * year (52), which STL keeps only for a series of more than 2 × 52 values (mstl's rule): shorter
 * ones get stlf's plain ETS (ZZN) of the series.
 */
const FREQUENCIES: Record<Frequency, { file: string; period: number; horizon: number; stlPeriods: number[] }> = {
  hourly: { file: 'Hourly', period: 24, horizon: 48, stlPeriods: [24, 168] },
  weekly: { file: 'Weekly', period: 1, horizon: 13, stlPeriods: [52] },
};

interface Options {
  frequency: Frequency | 'both';
  models: Model[];
  seeds: number[];
  workers?: number;
  queue?: string;
  /** Where the jobs ran (the runner's `where`), set once it exists. */
  where?: string;
  limit?: number;
  every?: number;
  /** false with --no-intervals: point forecasts only. */
  intervals: boolean;
  /**
   * --validation [block]: the training files alone; block k (1 by default: the last h training values) is
   * the k-th last run of h training values, forecast from the values before it (the ones after it are dropped).
   */
  validation?: number;
  /** --inner-folds: the inner folds auto (and auto-statistical) choose on; default auto's own. */
  innerFolds?: number;
  json?: string | true;
}

/** The level M4 scores intervals at. */
const LEVEL = 95;

/** The spec each model runs with, the same for every series of a frequency. */
function specOf(
  model: Model,
  period: number,
  horizon: number,
  seed: number,
  stlPeriods: number[],
  innerFolds?: number,
): ForecasterSpec | GlobalSpec {
  const inner = innerFolds === undefined ? {} : { innerFolds };
  switch (model) {
    case 'global-mlp': // exactly `seqcast forecast --id ... --model global-mlp --seed S`'s network
      return globalSpecFromFlags({ model: 'global-mlp', seed }, period, horizon);
    case 'global-mlp-stl': // one mlp on every series' STL-adjusted logs, a window of two of the longest season
      return {
        kind: 'global',
        network: { model: 'mlp', window: 2 * Math.max(...stlPeriods), horizon, strategy: 'direct', seed, ...GLOBAL_STL_TRAINING },
        normalize: 'window',
        seasonal: { periods: stlPeriods },
      };
    case 'auto-statistical+global-mlp-stl':
      throw new Error(`${model} is the mean of two models' forecasts, not a spec of its own.`);
    case 'snaive':
      return { kind: 'seasonal-naive', period };
    case 'naive2':
      return { kind: 'naive2', period };
    case 'theta':
      return { kind: 'theta', period };
    case 'ets':
      return { kind: 'ets', period };
    case 'arima':
      return { kind: 'arima', period };
    case 'stlf':
      return { kind: 'stlf', periods: stlPeriods };
    case 'stl-arima':
      return { kind: 'stl-arima', periods: stlPeriods };
    case 'm4-rnn':
      return { kind: 'm4-rnn', period, seed };
    case 'auto': // the frequency's seasons (the day and the week hourly) for auto's multi-seasonal candidate
      return { kind: 'auto', period, horizon, seed, seasons: stlPeriods, ...inner };
    case 'auto-statistical': // auto among the statistical candidates only (no networks): minutes, not hours
      return { kind: 'auto', period, horizon, candidates: 'statistical', seasons: stlPeriods, ...inner };
  }
}

/** One series' result for one model and seed. */
interface SeriesResult {
  id: string;
  smape: number | null;
  mase: number | null;
  /** MSIS and coverage of the 95 % interval; null without one (--no-intervals, or the series too short to calibrate). */
  msis: number | null;
  coverage: number | null;
  seconds: number;
  error: string | null;
  forecast: number[] | null;
  /** The 95 % bounds, when scored. */
  lower: number[] | null;
  upper: number[] | null;
  notes: string[];
}

/** One model's run over a frequency's series for one seed. */
interface ModelRun {
  model: Model;
  seed: number | null;
  /** The model's spec; a combined model's, its two parts' specs. */
  spec: ForecasterSpec | GlobalSpec | { mean: ModelRun['spec'][] };
  /** Means over the series that have a forecast. */
  smape: number;
  mase: number;
  /** Means over the series whose 95 % interval was scored (NaN when none); how many those are. */
  msis: number;
  coverage: number;
  scoredIntervals: number;
  failed: number;
  /** Fit + forecast seconds summed over the series (CPU time of the workers, roughly). */
  seconds: number;
  series: SeriesResult[];
}

function parseArgs(argv: string[]): Options {
  const seeds = (value: string): number[] => {
    const parse = integer('--seeds', 0);
    const out = value.split(',').map((s) => parse(s.trim()));
    if (new Set(out).size !== out.length) throw new InvalidArgumentError(`--seeds lists a seed twice: '${value}'.`);
    return out;
  };
  const opts = new Command('bench:m4')
    .description("seqcast on the M4 competition's Hourly and Weekly data, scored as M4, next to the published table")
    .option(
      '--frequency <name>',
      'hourly, weekly or both',
      (v: string) => {
        if (!['hourly', 'weekly', 'both'].includes(v))
          throw new InvalidArgumentError(`--frequency must be hourly, weekly or both, got '${v}'.`);
        return v as Options['frequency'];
      },
      'both',
    )
    .option('--models <list>', `models to run, of ${MODELS.join(',')}`, list('--models', MODELS), ['snaive', 'naive2', 'theta'])
    .option('--seeds <list>', `seeds of the seeded models (${SEEDED.join(', ')}): one run per seed, e.g. 0,1,2`, seeds, [0])
    .option('--workers <n>', 'worker threads (1: in this thread)', integer('--workers', 1))
    .option(
      '--queue <url>',
      "run the series on the queue workers of a Redis server (`seqcast worker --queue URL` on any machine) instead of this machine's threads",
    )
    .option(
      '--limit <n>',
      'only the first n series of each frequency (to time a sample; the scores are then not comparable)',
      integer('--limit', 1),
    )
    .option(
      '--every <k>',
      'every k-th series of each frequency (the 1st, the (k+1)th, ...): a systematic sample, chosen by position alone, for a slow model; compare with the other models run with the same --every, not with the published means',
      integer('--every', 1),
    )
    .option(
      '--inner-folds <k>',
      "the inner folds auto and auto-statistical choose on (each h values, back to back before the origin); default auto's own: 5 for auto, 3 for auto-statistical",
      integer('--inner-folds', 1),
    )
    .option('--no-intervals', 'point forecasts only: no 95 % intervals, no MSIS (a conformal calibration fits a model a second time)')
    .option(
      '--validation [block]',
      "score on the training files alone: each series' last h training values stand in for its test values (a validation region for choosing settings; the test files are not read into any score); block k scores the k-th last h training values instead, forecast from the values before them (a choice that holds on blocks 1, 2 and 3 is less likely to be noise)",
      integer('--validation', 1),
    )
    .option(
      '--json [file]',
      'everything as JSON (per-series scores, forecasts, seconds): to stdout instead of the tables, or to file besides them',
    )
    .parse(argv)
    .opts<Omit<Options, 'validation'> & { validation?: number | true }>();
  // a combined model runs its two parts: they join the list before it (once)
  const models: Model[] = [];
  for (const m of opts.models) for (const x of [...(COMBINED[m] ?? []), m]) if (!models.includes(x)) models.push(x);
  // a bare --validation is block 1: the last h training values
  return { ...opts, models, validation: opts.validation === true ? 1 : opts.validation };
}

async function runFrequency(
  frequency: Frequency,
  options: Options,
  runner: TaskRunner,
): Promise<{ runs: ModelRun[]; wall: number; series: number }> {
  const { file, period, horizon, stlPeriods } = FREQUENCIES[frequency];
  const read = await readM4(`datasets/m4/${file}-train.csv`, `datasets/m4/${file}-test.csv`);
  // --validation k: the k-th last h training values are the ones to forecast, from the values before them; the test values are dropped
  const all = options.validation ? validationSplits(read, horizon, options.validation, frequency) : read;
  const sampled = options.every ? all.filter((_, i) => i % options.every! === 0) : all;
  const series = options.limit ? sampled.slice(0, options.limit) : sampled;
  if (series[0].test.length !== horizon)
    throw new Error(
      `datasets/m4/${file}-test.csv has ${series[0].test.length} test values per series, M4's ${frequency} horizon is ${horizon}.`,
    );
  const runs: { model: Model; seed: number | null; spec: ForecasterSpec | GlobalSpec }[] = [];
  for (const model of options.models.filter((m) => !COMBINED[m])) {
    const seeds = SEEDED.includes(model) ? options.seeds : [null];
    for (const seed of seeds) runs.push({ model, seed, spec: specOf(model, period, horizon, seed ?? 0, stlPeriods, options.innerFolds) });
  }
  const local = runs.filter((r) => !GLOBAL.includes(r.model));
  // one series per job: a chunk of one, so the pool balances series of any cost
  const jobs: SeriesChunkTask[] = local.flatMap((r) =>
    series.map((s, index) => ({
      kind: 'forecast' as const,
      forecasters: [r.spec as ForecasterSpec],
      series: [{ index, values: s.train }],
      horizon,
      period,
      timed: true,
      ...(options.intervals ? { levels: [LEVEL] } : {}),
    })),
  );
  const progress = jobProgress(jobs.length);
  const started = performance.now();
  const localOutcomes = await runner.run<SeriesChunkTask, SeriesOutcome[]>('seriesChunk', jobs, {
    onResult: (outcome, index) => {
      const r = local[Math.floor(index / series.length)];
      progress.done(
        `${frequency} ${r.model}${r.seed === null ? '' : ` seed ${r.seed}`} ${series[index % series.length].id}${outcome[0].skipped ? ' (failed)' : ''}`,
        outcome[0].seconds ?? 0,
      );
    },
  });
  progress.stop();
  // the global networks: one fit on every training part, in this thread, then each series' forecast
  const globalOutcomes = new Map<(typeof runs)[number], SeriesOutcome[]>();
  for (const r of runs.filter((x) => GLOBAL.includes(x.model))) {
    const fitStarted = performance.now();
    const inputs = series.map((s) => ({ id: s.id, values: s.train }));
    const epochs = (r.spec as GlobalSpec).network.epochs ?? 100;
    const { network } = await fitGlobalMany(inputs, r.spec as GlobalSpec, {
      callbacks: [
        {
          onEpochEnd: (epoch, logs) =>
            void process.stderr.write(
              `${frequency} ${r.model} seed ${r.seed}: epoch ${epoch + 1}/${epochs}, loss ${Number(logs.loss).toPrecision(4)}\n`,
            ),
        },
      ],
    });
    const out: SeriesOutcome[] = [];
    await forecastWithGlobal(network, inputs, { horizon, onSeries: (o) => void out.push(o) });
    // the one fit's time, shared out over the series, plus nothing per series (the forecasts take microseconds)
    const each = (performance.now() - fitStarted) / 1000 / series.length;
    globalOutcomes.set(
      r,
      out.map((o) => ({ ...o, seconds: each })),
    );
  }
  const wall = (performance.now() - started) / 1000;
  const modelRuns = runs.map((r): ModelRun => {
    const li = local.indexOf(r);
    const results = series.map((s, si): SeriesResult => {
      const [o] = li >= 0 ? localOutcomes[li * series.length + si] : [globalOutcomes.get(r)![si]];
      const seconds = o.seconds ?? 0;
      if (!o.forecast) return unscored(s.id, seconds, o.skipped ?? 'no forecast');
      const scored = o.forecast.levels.indexOf(LEVEL);
      const bounds = scored >= 0 ? { lower: o.forecast.lower[scored], upper: o.forecast.upper[scored] } : null;
      return scoreSeries(s, period, Array.from(o.forecast.mean), bounds, o.forecast.notes, seconds);
    });
    return summarize(r, results);
  });
  // the combined models: the mean of their two parts' forecasts, series by series
  for (const model of options.models) {
    const parts = COMBINED[model];
    if (!parts) continue;
    for (const seed of options.seeds) {
      const [a, b] = parts.map((p) => modelRuns.find((r) => r.model === p && (r.seed === null || r.seed === seed))!);
      const results = series.map((s, si): SeriesResult => {
        const [x, y] = [a.series[si], b.series[si]];
        const seconds = x.seconds + y.seconds;
        if (!x.forecast && !y.forecast) return unscored(s.id, seconds, `neither part has a forecast: ${x.error}; ${y.error}`);
        // a series one part cannot forecast (shorter than the global network's window) gets the other's
        if (!x.forecast || !y.forecast) {
          const [alone, without] = x.forecast ? [x, b] : [y, a];
          return scoreSeries(s, period, alone.forecast!, null, [`${without.model} has no forecast: the other part's alone`], seconds);
        }
        const forecast = x.forecast.map((v, j) => (v + y.forecast![j]) / 2);
        return scoreSeries(s, period, forecast, null, [], seconds);
      });
      modelRuns.push(summarize({ model, seed, spec: { mean: [a.spec, b.spec] } }, results));
    }
  }
  return { runs: modelRuns, wall, series: series.length };
}

/** A series without a forecast, and why. */
function unscored(id: string, seconds: number, error: string): SeriesResult {
  return { id, smape: null, mase: null, msis: null, coverage: null, lower: null, upper: null, seconds, error, forecast: null, notes: [] };
}

/** One series' forecast (and 95 % bounds) scored as M4 against its test values. */
function scoreSeries(
  s: { id: string; train: Float32Array; test: Float32Array },
  period: number,
  forecast: number[],
  bounds: { lower: ArrayLike<number>; upper: ArrayLike<number> } | null,
  notes: string[],
  seconds: number,
): SeriesResult {
  const none = { msis: null, coverage: null, lower: null, upper: null };
  try {
    return {
      id: s.id,
      smape: smape(s.test, forecast),
      mase: mase(s.test, forecast, s.train, { period }),
      ...(bounds
        ? {
            msis: msis(s.test, bounds.lower, bounds.upper, s.train, { period, level: LEVEL }),
            coverage: coverage(s.test, bounds.lower, bounds.upper),
            lower: Array.from(bounds.lower),
            upper: Array.from(bounds.upper),
          }
        : none),
      seconds,
      error: null,
      forecast,
      notes,
    };
  } catch (e) {
    return { id: s.id, smape: null, mase: null, ...none, seconds, error: (e as Error).message, forecast, notes };
  }
}

/** A model's run from its series' results: the means over the series scored, the seconds summed. */
function summarize(r: Pick<ModelRun, 'model' | 'seed' | 'spec'>, results: SeriesResult[]): ModelRun {
  const ok = results.filter((x) => x.smape !== null);
  const withIntervals = ok.filter((x) => x.msis !== null);
  const meanOf = (rows: SeriesResult[], key: 'smape' | 'mase' | 'msis' | 'coverage'): number =>
    rows.reduce((sum, x) => sum + x[key]!, 0) / rows.length;
  return {
    ...r,
    smape: meanOf(ok, 'smape'),
    mase: meanOf(ok, 'mase'),
    msis: meanOf(withIntervals, 'msis'),
    coverage: meanOf(withIntervals, 'coverage'),
    scoredIntervals: withIntervals.length,
    failed: results.length - ok.length,
    seconds: results.reduce((sum, x) => sum + x.seconds, 0),
    series: results,
  };
}

/** ', 5 inner folds' after an auto model's name when --inner-folds set them. */
function innerLabel(model: Model, options: Options): string {
  return options.innerFolds !== undefined && model.startsWith('auto') ? `, ${options.innerFolds} inner folds` : '';
}

/** The table of one frequency: seqcast's rows (per seed, and the mean and range over seeds), then the published ones. */
function render(frequency: Frequency, result: { runs: ModelRun[]; wall: number; series: number }, options: Options): string {
  const rows: string[][] = [];
  const f3 = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
  for (const model of options.models) {
    const runs = result.runs.filter((r) => r.model === model);
    const published = REPRODUCES[model] ? PUBLISHED[frequency].find((p) => p.method === REPRODUCES[model]) : undefined;
    const perSeries = (r: ModelRun): string => `${(r.seconds / result.series).toFixed(3)} s`;
    const failed = (r: ModelRun): string => (r.failed > 0 ? `${r.failed} failed` : '');
    for (const r of runs) {
      const vs = published ? `${pct(r.smape, published.smape)} / ${pct(r.mase, published.mase)}` : '';
      rows.push([
        `seqcast ${model}${innerLabel(model, options)}${r.seed === null ? '' : ` (seed ${r.seed})`}`,
        f3(r.smape),
        f3(r.mase),
        intervalCell(r, result.series),
        vs,
        perSeries(r),
        failed(r),
      ]);
    }
    if (runs.length > 1) {
      const s = runs.map((r) => r.smape);
      const m = runs.map((r) => r.mase);
      const mean = (v: number[]): number => v.reduce((a, b) => a + b, 0) / v.length;
      rows.push([
        `seqcast ${model}${innerLabel(model, options)}, mean of ${runs.length} seeds`,
        `${f3(mean(s))} (${f3(Math.min(...s))}–${f3(Math.max(...s))})`,
        `${f3(mean(m))} (${f3(Math.min(...m))}–${f3(Math.max(...m))})`,
        `${f3(mean(runs.map((r) => r.msis)))}`,
        published ? `${pct(mean(s), published.smape)} / ${pct(mean(m), published.mase)}` : '',
        '',
        '',
      ]);
    }
  }
  for (const p of PUBLISHED[frequency]) {
    const published = PUBLISHED_MSIS[frequency].find((x) => x.method === p.method);
    rows.push([`published: ${p.method}`, f3(p.smape), f3(p.mase), published ? published.msis.toFixed(1) : '', '', '', '']);
  }
  for (const p of PUBLISHED_MSIS[frequency].filter((x) => !PUBLISHED[frequency].some((q) => q.method === x.method)))
    rows.push([`published: ${p.method}`, '', '', p.msis.toFixed(1), '', '', '']);
  const header = ['method', 'sMAPE', 'MASE', `MSIS ${LEVEL} % (cover)`, 'vs published', 'time/series', ''];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  const { period, horizon } = FREQUENCIES[frequency];
  return [
    `M4 ${frequency}: ${result.series} series, h = ${horizon}, MASE period ${period}; ${result.wall.toFixed(1)} s wall on ${options.where}, ${(result.wall / result.series).toFixed(3)} s per series${sampleNote(options)}`,
    line(header),
    ...rows.map(line),
    options.intervals
      ? `MSIS at ${LEVEL} % as M4 (scaled like MASE), with the intervals' coverage of the test values; a model's analytical intervals where it has them, else conformal ones calibrated on the training part.`
      : 'MSIS: not scored (--no-intervals).',
  ].join('\n');
}

/** The MSIS cell: the mean MSIS and the 95 % coverage, and on how many series when not all. */
function intervalCell(r: ModelRun, series: number): string {
  if (r.scoredIntervals === 0) return '';
  const on = r.scoredIntervals < series - r.failed ? ` on ${r.scoredIntervals}` : '';
  return `${r.msis.toFixed(3)} (${r.coverage.toFixed(1)} %)${on}`;
}

/**
 * The validation splits of --validation k: each series' training values but the last k·h, and the h
 * after those as its test values (the training file's values [n − k·h, n − (k − 1)·h)).
 * @throws InvalidArgumentError when the shortest series would keep fewer than two seasons and one
 *   value (M4's period) before its block, naming it and the largest k that fits every series.
 */
function validationSplits(read: M4Series[], horizon: number, block: number, frequency: Frequency): M4Series[] {
  const least = 2 * FREQUENCIES[frequency].period + 1; // MASE's scale and a seasonal naive need a season and more
  const shortest = read.reduce((a, b) => (b.train.length < a.train.length ? b : a));
  if (shortest.train.length - block * horizon < least) {
    throw new InvalidArgumentError(
      `--validation ${block} leaves ${frequency} series ${shortest.id} (${shortest.train.length} training values) fewer than ${least} values before its block: use a block from 1 to ${Math.floor((shortest.train.length - least) / horizon)}.`,
    );
  }
  return read.map((s) => {
    const origin = s.train.length - block * horizon;
    return { ...s, train: s.train.slice(0, origin), test: s.train.slice(origin, origin + horizon) };
  });
}

/** What part of the series ran, when not all of them. */
function sampleNote({ every, limit, validation }: Options): string {
  const parts = [every ? `every ${every}th series` : '', limit ? `the first ${limit}` : ''].filter((p) => p !== '');
  const sample = parts.length > 0 ? `${parts.join(', ')} only; ` : '';
  if (validation) {
    const which = validation === 1 ? 'the last h values' : `block ${validation}, the h values before the last ${validation - 1} × h,`;
    return ` (${sample}validation: ${which} of each training part, not the test files: not comparable with the published means)`;
  }
  if (!every && !limit) return '';
  return ` (${parts.join(', ')} only: compare with other models on the same sample, not with the published means)`;
}

/** The relative difference from a published value, in percent. */
function pct(value: number, published: number): string {
  const d = (100 * (value - published)) / published;
  return `${d >= 0 ? '+' : ''}${d.toFixed(2)} %`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv);
  const frequencies: Frequency[] = options.frequency === 'both' ? ['hourly', 'weekly'] : [options.frequency];
  const runner = await runnerFor({ workers: options.workers, queue: options.queue }); // the many-series path's runners
  options.where = runner.where;
  const started = new Date();
  const results: Partial<Record<Frequency, Awaited<ReturnType<typeof runFrequency>>>> = {};
  try {
    for (const f of frequencies) {
      results[f] = await runFrequency(f, options, runner);
      // each frequency's table as soon as it is done (stderr when stdout is kept for the JSON)
      if (options.json !== true && frequencies.length > 1) process.stderr.write(`\n${render(f, results[f]!, options)}\n\n`);
    }
  } finally {
    await runner.close();
  }
  const json = {
    date: started.toISOString(),
    seqcast: packageVersion(),
    node: process.version,
    where: runner.where,
    models: options.models,
    seeds: options.seeds,
    limit: options.limit ?? null,
    every: options.every ?? null,
    innerFolds: options.innerFolds ?? null,
    validation: options.validation ?? null,
    frequencies: Object.fromEntries(
      frequencies.map((f) => [
        f,
        { ...FREQUENCIES[f], series: results[f]!.series, wallSeconds: results[f]!.wall, published: PUBLISHED[f], runs: results[f]!.runs },
      ]),
    ),
  };
  if (options.json === true) {
    process.stdout.write(JSON.stringify(json) + '\n');
    return;
  }
  if (typeof options.json === 'string') await writeDurably(options.json, JSON.stringify(json) + '\n');
  process.stdout.write(`seqcast ${json.seqcast}, Node ${json.node}, ${started.toISOString().slice(0, 16)}Z\n\n`);
  process.stdout.write(frequencies.map((f) => render(f, results[f]!, options)).join('\n\n') + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:m4: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
