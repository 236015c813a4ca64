/**
 * `seqcast forecast` and `seqcast backtest` over many series: a long CSV (`--id store,item --date
 * day --column sales`) or a wide one (`--columns a,b,c`, `--all-columns`) read by
 * src/data/many-series.ts, the series run in chunks as `seriesChunk` jobs on the runner
 * `--workers`/`--queue` choose (runner-choice.ts), and each series' rows streamed to CSV in the
 * input's series order as the chunks complete (many-output.ts), written whole or not at all.
 *
 *   forecast --model KIND --out f.csv    each series fitted on all its values, its next --horizon
 *                                        values with --level intervals (ETS's own, else conformal)
 *   backtest --model KIND --out DIR      the model, naive, seasonal naive and drift on each series' folds; DIR gets
 *                                        scores.csv (per series, forecaster and fold) and
 *                                        summary.json (per forecaster mean and median MASE, wins)
 *   --model global-mlp|global-lstm       one network over all series instead (many-global.ts)
 *
 * `train` over many series and `forecast --model DIR` with what it saved: many-train.ts.
 */
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { describeFrequency, type DateFrequency } from '../data/dates.js';
import type { ManySeriesResult } from '../data/many-series.js';
import { OptionError } from '../errors.js';
import { baselineSpecs, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { m4Horizon } from '../forecast/horizon.js';
import { fitGlobalMany, forecastWithGlobal, GLOBAL_NO_INTERVALS } from '../forecast/global-many.js';
import { globalNetwork, type GlobalNetwork, type GlobalSpec } from '../forecast/global-network.js';
import type { SeriesOutcome } from '../forecast/series-chunk.js';
import { backtestMany, forecastMany, type ManyResult } from '../forecast/many.js';
import { summarizeMany, type ManySummary } from '../forecast/many-summary.js';
import { openStreamedFile } from '../fs/streamed-file.js';
import { NETWORK_KIND_IDS } from '../model/network-kinds.js';
import { backtestHeader, backtestRows, forecastHeader, forecastRows } from './many-output.js';
import { isStatisticalModel, NETWORK_FLAGS, STATISTICAL_MODELS, statisticalSpec } from './model-choice.js';
import { integerOption, resolveSpec, type InputFlags, type ModelFlags } from './options.js';
import { checkOutputFiles } from './output-paths.js';
import { countProgress } from './progress.js';
import { prepareRunFolder, writeRunFolder } from './run-folder.js';
import { seasonalPeriod } from './run-output.js';
import { runnerFor } from './runner-choice.js';
import { loadManySeriesFile } from './series-file.js';
import { renderTable } from './table.js';
import { resolveLevels } from './intervals.js';
import { GLOBAL_KIND_IDS, globalOutcome, globalSpecFromFlags, isGlobalKind, runGlobalBacktest } from './many-global.js';

/** The baselines `forecast --model` names besides the statistical models (ets, arima, theta, stlf, stl-arima, auto) and the networks. */
export const MANY_BASELINES = ['naive', 'snaive', 'drift'] as const;

/** The flags of a many-series run, as commander gives them. */
export interface ManyFlags extends InputFlags, Omit<ModelFlags, 'model'> {
  model?: string;
  id?: string;
  columns?: string;
  allColumns?: boolean;
  horizon?: number;
  season?: number;
  level?: number[] | null;
  folds?: number;
  workers?: number;
  queue?: string;
  runId?: string;
  chunkSize?: number;
  out?: string;
  json?: boolean;
}

/** A series left out, by id, and why. */
export interface SkippedRow {
  id: string;
  reason: string;
}

/** What `--json` prints for a many-series run. */
/**
 * What a many-series report says of its input: the file, the id columns, how many series it held
 * (done and skipped alike) and their dates' frequency when known.
 * @example reportInput(input, frequency); // { source: 'sales.csv', idColumns: ['store'], series: 40, frequency: 'monthly' }
 */
export function reportInput(input: ManySeriesResult, frequency?: DateFrequency): ManyReport['input'] {
  return {
    source: input.source,
    idColumns: input.idColumns,
    series: input.series.length + input.skipped.length,
    ...(frequency ? { frequency: describeFrequency(frequency) } : {}),
  };
}

export interface ManyReport {
  command: 'forecast' | 'backtest' | 'train';
  input: { source: string; idColumns: string[]; series: number; frequency?: string };
  settings: {
    forecasters: ForecasterSpec[];
    /** `--model global-KIND`: the global network's spec (trained in this process, not on the runner). */
    global?: GlobalSpec;
    horizon: number;
    season: number;
    levels: number[] | null;
    folds?: number;
    where: string;
  };
  /** Series done. */
  done: number;
  skipped: SkippedRow[];
  /** backtest: per forecaster, mean and median MASE over the series and the series it wins. */
  summary?: ManySummary;
  /** What the run says besides per series (a global network's training, its missing intervals). */
  notes: string[];
  files: string[];
}

/**
 * Adds the many-series flags: --id, --columns, --all-columns, and unless `runner` is false (train,
 * which fits in this process) --queue, --run-id, --chunk-size, and with `workers` (a command
 * without its own) --workers.
 * @throws never.
 */
export function addManyOptions(cmd: Command, { workers, runner = true }: { workers: boolean; runner?: boolean }): Command {
  cmd
    .option(
      '--id <columns>',
      'many series, long format: the id column(s) of each row, e.g. unique_id or store,item (one row per series and date)',
    )
    .option('--columns <names>', 'many series, wide format: one series per column, e.g. a,b,c')
    .option('--all-columns', 'many series, wide format: every column but --date is a series');
  if (!runner) return cmd;
  cmd
    .option(
      '--queue <url>',
      'many series: run the jobs on the queue workers (`seqcast worker --queue URL`, on any machine) of a Redis server, e.g. redis://localhost:6379; the output is the same as on this machine',
    )
    .option(
      '--run-id <id>',
      "many series with --queue: the run's id; running again with the same id resumes it (default: a digest of the jobs, so the same command resumes)",
    )
    .option(
      '--chunk-size <n>',
      'many series: series per job (default: by the model, ~0.1–1 s a job)',
      integerOption('--chunk-size', 1, 1_000_000, '50'),
    );
  if (workers)
    cmd.addOption(
      new Option('--workers <n>', 'many series: worker threads, same results as 1 (default 2, or the cores if fewer)').argParser(
        integerOption('--workers', 1, 64, '2'),
      ),
    );
  return cmd;
}

/** Whether the flags ask for many series. */
export function isManyRun(flags: Pick<ManyFlags, 'id' | 'columns' | 'allColumns'>): boolean {
  return flags.id !== undefined || flags.columns !== undefined || flags.allColumns === true;
}

/**
 * The many-series forecast: reads, runs, streams the CSV to `--out`.
 * @example await runForecastMany({ file: 'm.csv', id: 'unique_id', date: 'ds', column: 'y', model: 'ets', out: 'f.csv' });
 * @throws OptionError for a missing --out, an unknown --model, a horizon that cannot be told; as the reader and forecastMany.
 */
export async function runForecastMany(flags: ManyFlags, blend?: { dir: string; network: GlobalNetwork }): Promise<ManyReport> {
  refuseOneSeriesFlags(flags, [
    ['split', '--split'],
    ['chart', '--chart'],
  ]);
  if (flags.out === undefined)
    throw new OptionError('A forecast of many series is written as CSV: name the file with --out forecasts.csv.');
  await checkOutputFiles([{ option: '--out', path: flags.out }], [flags.file]);
  const input = readMany(flags, 'forecast');
  const { period, horizon, frequency } = seasonAndHorizon(flags, input);
  if (isGlobalKind(flags.model)) return runGlobalForecastMany(flags, input, { period, horizon, frequency });
  const spec = forecastSpec(flags, period, horizon);
  if (blend && flags.level !== undefined && (resolveLevels(flags.level) ?? []).length > 0)
    throw new OptionError(`--blend gives point forecasts only (the global network has no intervals): drop --level, or give --level none.`);
  const levels = blend ? null : resolveLevels(flags.level) || null; // --level none: commander hands on '' or null
  const rows = forecastRows(input, levels ?? []);
  const blended = blend ? blendWith(blend, input, horizon) : (o: SeriesOutcome): SeriesOutcome => o;
  const report = await runWithOutput('forecast', flags, input, [spec], { period, horizon, levels, frequency }, async (run) => {
    const file = await openStreamedFile(flags.out!, { option: '--out' });
    try {
      await file.write(forecastHeader(input, levels ?? []));
      const result = await run(async (o) => file.write(rows(blended(o))));
      await file.commit();
      return { result, files: [flags.out!] };
    } finally {
      await file.abort();
    }
  });
  if (blend)
    report.notes.push(
      `each forecast is the mean of ${flags.model ?? 'lstm'}'s and ${blend.network.name}'s from ${blend.dir} (point forecasts only).`,
    );
  return report;
}

/**
 * The many-series backtest: the model and the baselines on each series' folds; `--out DIR` gets
 * scores.csv and summary.json, as one run folder (whole or not at all).
 * @example await runBacktestMany({ file: 'm.csv', id: 'unique_id', date: 'ds', model: 'ets', out: 'bt', folds: 3 });
 * @throws as {@link runForecastMany}, and OutputError when the folder cannot be the run's.
 */
export async function runBacktestMany(flags: ManyFlags): Promise<ManyReport> {
  refuseOneSeriesFlags(flags, [['oneStep', '--one-step']]);
  const folder = await prepareRunFolder(flags.out ?? 'seqcast-backtest', 'backtest');
  const input = readMany(flags, 'backtest');
  const { period, horizon, frequency } = seasonAndHorizon(flags, input);
  // --model global-KIND: one network per fold over all series (backtestGlobal, here), the baselines per series on the runner
  const global = isGlobalKind(flags.model) ? globalSpecFromFlags(flags as Record<string, unknown>, period, horizon) : undefined;
  const globalName = global ? globalNetwork(global).name : '';
  // the M4 baselines (naive, seasonal naive, drift): a moving average of 30 would skip every series shorter than 31 + the folds
  const baselines = baselineSpecs(period > 1 ? period : undefined).filter((b) => b.kind !== 'moving-average');
  const forecasters: ForecasterSpec[] = global ? baselines : [backtestModel(flags, period, horizon), ...baselines];
  const levels = resolveLevels(flags.level) || null; // --level none: commander hands on '' or null
  const folds = flags.folds ?? 3;
  let report: ManyReport | undefined;
  await writeRunFolder(folder, async (stage) => {
    let fromGlobal: Awaited<ReturnType<typeof runGlobalBacktest>> | undefined;
    if (global) {
      process.stderr.write(`backtesting ${globalName} on ${input.series.length} series: one network per fold, in this process\n`);
      fromGlobal = await runGlobalBacktest(
        input.series.map((s) => s.values),
        global,
        { horizon, folds, period, onFold: (k) => process.stderr.write(`  ${globalName}: training fold ${k + 1} of ${folds}\n`) },
      );
    }
    // per series the baselines backtested: the global network's MASE beside theirs
    const names: string[][] = [];
    const mase: number[][] = [];
    let unscored = 0;
    let dropped = 0;
    report = await runWithOutput('backtest', flags, input, forecasters, { period, horizon, levels, frequency }, async (run) => {
      const file = await openStreamedFile(join(stage, 'scores.csv'));
      const rows = backtestRows(input, levels ?? []);
      try {
        await file.write(backtestHeader(input, levels ?? []));
        const result = await run(async (o) => {
          let text = '';
          if (fromGlobal?.result && o.backtest) {
            const { outcome: g, dropped: off } = globalOutcome(fromGlobal.result, o.index, globalName, o.backtest);
            if (g) text += rows(g);
            else unscored++;
            dropped += off;
            names.push([globalName, ...o.backtest.names]);
            mase.push([g ? g.backtest!.mean[0].mase : NaN, ...o.backtest.mean.map((m) => m.mase)]);
          }
          await file.write(text + rows(o));
        });
        await file.commit();
        return { result, files: [join(folder.path, 'scores.csv'), join(folder.path, 'summary.json')] };
      } finally {
        await file.abort();
      }
    });
    if (global) {
      report.settings.global = global;
      report.notes.push(...fromGlobal!.notes);
      if (fromGlobal!.result) {
        report.summary = summarizeMany(names, mase);
        if (unscored > 0)
          report.notes.push(
            `${globalName} scored no fold of ${unscored} series the baselines were scored on (fewer values before each origin than its window).`,
          );
        if (dropped > 0)
          report.notes.push(
            `${dropped} (series, fold) forecasts of ${globalName} at origins the baselines could not be scored on are left out of scores.csv and the summary, which compare the same folds.`,
          );
      }
    }
    const { summary, skipped, notes } = report;
    const summaryFile = await openStreamedFile(join(stage, 'summary.json'));
    try {
      await summaryFile.write(JSON.stringify({ summary, skipped, notes }, null, 2) + '\n');
      await summaryFile.commit();
    } finally {
      await summaryFile.abort();
    }
  });
  return report!;
}

type Run = (onRows: (o: import('../forecast/series-chunk.js').SeriesOutcome) => Promise<void>) => Promise<ManyResult>;

/** Runs the jobs with progress on stderr and the runner closed after; `write` streams the rows and says which files it wrote. */
async function runWithOutput(
  command: 'forecast' | 'backtest',
  flags: ManyFlags,
  input: ManySeriesResult,
  forecasters: ForecasterSpec[],
  o: { period: number; horizon: number; levels: number[] | null; frequency?: DateFrequency },
  write: (run: Run) => Promise<{ result: ManyResult; files: string[] }>,
): Promise<ManyReport> {
  const runner = await runnerFor({ workers: flags.workers, queue: flags.queue, runId: flags.runId });
  const total = input.series.length;
  process.stderr.write(`${command === 'forecast' ? 'forecasting' : 'backtesting'} ${total} series on ${runner.where}\n`);
  const progress = countProgress({ total, label: 'series' });
  const options = {
    runner,
    horizon: o.horizon,
    period: o.period,
    ...(o.levels ? { levels: o.levels } : {}),
    ...(flags.folds !== undefined ? { folds: flags.folds } : {}),
    ...(flags.chunkSize !== undefined ? { chunkSize: flags.chunkSize } : {}),
    onProgress: (done: number) => progress.update(done),
  };
  let out: { result: ManyResult; files: string[] };
  try {
    out = await write((onSeries) =>
      command === 'forecast'
        ? forecastMany(input.series, forecasters[0], { ...options, onSeries })
        : backtestMany(input.series, forecasters, { ...options, onSeries }),
    );
  } finally {
    progress.close();
    await runner.close();
  }
  const idText = (id: string[]): string => id.join('/');
  const skipped = [
    ...input.skipped.map((s) => ({ id: idText(s.id), reason: s.reason })),
    ...out.result.skipped.map((s) => ({ id: idText(input.series[s.index].id), reason: s.reason })),
  ];
  return {
    command,
    input: reportInput(input, o.frequency),
    settings: {
      forecasters,
      horizon: o.horizon,
      season: o.period,
      levels: o.levels,
      ...(command === 'backtest' ? { folds: flags.folds ?? 3 } : {}),
      where: runner.where,
    },
    done: out.result.done,
    skipped,
    ...(out.result.summary ? { summary: out.result.summary } : {}),
    notes: [],
    files: out.files,
  };
}

/**
 * `forecast --blend DIR`: each series' forecast made the mean of the model's and the saved global
 * network's (from the series' own values), series by series; a series the network cannot forecast
 * (shorter than its window) keeps the model's, with a note.
 */
function blendWith(
  blend: { dir: string; network: GlobalNetwork },
  input: ManySeriesResult,
  horizon: number,
): (o: SeriesOutcome) => SeriesOutcome {
  const name = `${blend.network.name} of ${blend.dir}`;
  return (o) => {
    if (!o.forecast) return o;
    const values = input.series[o.index].values;
    if (values.length < blend.network.spec.network.window)
      return { ...o, forecast: { ...o.forecast, notes: [...o.forecast.notes, `not blended: shorter than the window of ${name}`] } };
    const g = blend.network.forecast(values, horizon);
    const mean = Float32Array.from(o.forecast.mean, (v, j) => (v + g[j]) / 2);
    return { ...o, forecast: { mean, levels: [], lower: [], upper: [], notes: [...o.forecast.notes, `the mean with ${name}`] } };
  };
}

/**
 * `forecast --model global-KIND`: one global network fitted on every series' values (in this
 * process), then each series' next `horizon` values, point forecasts only, streamed to `--out`.
 */
async function runGlobalForecastMany(
  flags: ManyFlags,
  input: ManySeriesResult,
  o: { period: number; horizon: number; frequency?: DateFrequency },
): Promise<ManyReport> {
  const spec = globalSpecFromFlags(flags as Record<string, unknown>, o.period, o.horizon);
  const name = globalNetwork(spec).name;
  const asked = flags.level !== undefined ? resolveLevels(flags.level) : null;
  if (asked && asked.length > 0)
    throw new OptionError(
      `--model ${flags.model} gives point forecasts only (a global network has no intervals): drop --level, or give --level none.`,
    );
  if (flags.queue !== undefined)
    throw new OptionError(`--model ${flags.model} trains one network on every series in this process, not on queue workers: drop --queue.`);
  const where = 'one global network in this process';
  process.stderr.write(`training ${name} on ${input.series.length} series in this process\n`);
  const notes: string[] = [];
  const file = await openStreamedFile(flags.out!, { option: '--out' });
  let result: ManyResult;
  try {
    const { network, report } = await fitGlobalMany(input.series, spec);
    if (report.skipped.length > 0)
      notes.push(
        `${report.skipped.length} series too short to train on (fewer than ${spec.network.window} + ${o.horizon} values) were forecast by the network the others trained.`,
      );
    notes.push(`${GLOBAL_NO_INTERVALS} (use --model ${spec.network.model} for one network per series with conformal intervals).`);
    await file.write(forecastHeader(input, []));
    const rows = forecastRows(input, []);
    result = await forecastWithGlobal(network, input.series, { horizon: o.horizon, onSeries: (out) => file.write(rows(out)) });
    await file.commit();
  } finally {
    await file.abort();
  }
  const idText = (id: string[]): string => id.join('/');
  return {
    command: 'forecast',
    input: reportInput(input, o.frequency),
    settings: { forecasters: [], global: spec, horizon: o.horizon, season: o.period, levels: null, where },
    done: result.done,
    skipped: [
      ...input.skipped.map((s) => ({ id: idText(s.id), reason: s.reason })),
      ...result.skipped.map((s) => ({ id: idText(input.series[s.index].id), reason: s.reason })),
    ],
    notes,
    files: [flags.out!],
  };
}

/**
 * The series of a many-series run, read from --file with --id/--columns/--all-columns.
 * @example const input = readMany({ file: 'm.csv', id: 'unique_id', date: 'ds', column: 'y' }, 'train');
 * @throws OptionError without --file, with --dataset, or when no series is left; as the reader.
 */
export function readMany(flags: ManyFlags, command: 'forecast' | 'backtest' | 'train'): ManySeriesResult {
  if (flags.file === undefined)
    throw new OptionError(
      `Many series (--id, --columns, --all-columns) are read from a CSV file: name it with --file data.csv${flags.dataset ? ', not --dataset' : ''}.`,
    );
  if (flags.dataset !== undefined) throw new OptionError('Give --file or --dataset, not both.');
  const input = loadManySeriesFile({
    file: flags.file,
    format: flags.format,
    id: flags.id,
    columns: flags.columns,
    allColumns: flags.allColumns,
    column: flags.column as string | undefined,
    date: flags.date,
    fill: flags.fill,
  });
  if (input.series.length === 0) {
    const why = input.skipped[0] ? `: ${input.skipped[0].reason}` : '';
    throw new OptionError(`${flags.file} has no series to ${command} (${input.skipped.length} skipped${why}).`);
  }
  return input;
}

/**
 * The season length and horizon of the run: --season, else the dates' (the first dated series'
 * frequency, with the median series length); --horizon, else M4's for that frequency or season.
 * @example seasonAndHorizon({ horizon: 6 }, input); // { period: 12, horizon: 6, frequency }
 * @throws OptionError when the horizon cannot be told (no --horizon, no dates of a known frequency).
 */
export function seasonAndHorizon(
  flags: ManyFlags,
  input: ManySeriesResult,
): { period: number; horizon: number; frequency?: DateFrequency } {
  const frequency = input.series.find((s) => s.frequency)?.frequency;
  const lengths = input.series.map((s) => s.values.length).sort((a, b) => a - b);
  const period = flags.season ?? seasonalPeriod(frequency, lengths[lengths.length >> 1]) ?? 1;
  const horizon = flags.horizon ?? m4Horizon(frequency, flags.season);
  if (horizon === undefined)
    throw new OptionError(
      `How far to forecast cannot be told from the series (no dates of a known frequency): give --horizon, e.g. --horizon 12.`,
    );
  return { period, horizon, ...(frequency ? { frequency } : {}) };
}

/**
 * The forecaster of `forecast --model KIND` (and `train`) for many series.
 * @example forecastSpec({ model: 'ets' }, 12, 18); // { kind: 'ets', period: 12 }
 * @throws OptionError for an unknown kind, network flags with a kind that is no network, snaive without a season.
 */
export function forecastSpec(flags: ManyFlags, period: number, horizon: number): ForecasterSpec {
  const model = flags.model ?? '';
  const kinds: readonly string[] = [...MANY_BASELINES, ...STATISTICAL_MODELS, ...NETWORK_KIND_IDS, ...GLOBAL_KIND_IDS];
  if (!kinds.includes(model))
    throw new OptionError(
      `--model with many series names what forecasts each one: ${kinds.join(', ')}, or a folder \`seqcast train --id ... --out DIR\` wrote; got '${model}'.`,
    );
  if ((MANY_BASELINES as readonly string[]).includes(model)) {
    refuseNetworkFlags(flags, model);
    if (model === 'naive') return { kind: 'naive' };
    if (model === 'drift') return { kind: 'drift' };
    if (period < 2)
      throw new OptionError(`--model snaive needs a season: give --season, e.g. --season 12, or dates of a known frequency (--date).`);
    return { kind: 'seasonal-naive', period };
  }
  return backtestModel(flags, period, horizon);
}

/** The model of a many-series backtest (or forecast): a statistical model (ets, arima, theta, stlf, stl-arima, auto) or a network from the flags. */
function backtestModel(flags: ManyFlags, period: number, horizon: number): ForecasterSpec {
  const model = flags.model ?? 'lstm';
  if (isStatisticalModel(model)) {
    refuseNetworkFlags(flags, model, model === 'auto');
    return statisticalSpec(model, {
      period,
      horizon,
      seed: flags.seed,
      candidates: flags.candidates,
      innerFolds: flags.innerFolds,
      stl: flags.stl,
    });
  }
  return { kind: 'network', spec: resolveSpec({ ...flags, model: model as ModelFlags['model'] }, {}, horizon) };
}

/**
 * Refuses the flags only a one-series run has.
 * @example refuseOneSeriesFlags(flags, [['split', '--split']]);
 * @throws OptionError naming the first such flag given.
 */
export function refuseOneSeriesFlags(flags: ManyFlags, list: [key: string, flag: string][]): void {
  const given = list.find(([key]) => (flags as unknown as Record<string, unknown>)[key] !== undefined);
  if (given) throw new OptionError(`${given[1]} is for one series: with many (--id, --columns, --all-columns) drop it.`);
}

function refuseNetworkFlags(flags: ManyFlags, model: string, keepSeed = false): void {
  for (const [key, flag] of NETWORK_FLAGS) {
    if ((flags as Record<string, unknown>)[key] === undefined || (key === 'seed' && keepSeed)) continue;
    throw new OptionError(`${flag} is a network option and --model ${model} is not a network: drop ${flag}.`);
  }
}

/**
 * The report in words: what ran, the summary table (backtest), the skipped series, the files.
 * @example process.stdout.write(formatManyReport(report) + '\n');
 * @throws never.
 */
export function formatManyReport(r: ManyReport): string {
  const lines = [
    `${{ forecast: 'Forecast', backtest: 'Backtested', train: 'Trained' }[r.command]} ${r.done} of ${r.input.series} series of ${r.input.source} (horizon ${r.settings.horizon}, season ${r.settings.season}) on ${r.settings.where}`,
  ];
  if (r.summary) {
    lines.push(
      renderTable(
        [
          { header: 'forecaster' },
          { header: 'series', align: 'right' },
          { header: 'mean MASE', align: 'right' },
          { header: 'median MASE', align: 'right' },
          { header: 'wins', align: 'right' },
        ],
        r.summary.forecasters.map((f) => [f.name, f.series, finite(f.meanMase), finite(f.medianMase), f.wins]),
      ),
    );
  }
  for (const note of r.notes.slice(0, 10)) lines.push(`note: ${note}`);
  if (r.notes.length > 10) lines.push(`  ... and ${r.notes.length - 10} more notes (--json lists them all)`);
  if (r.skipped.length > 0) {
    lines.push(`Skipped ${r.skipped.length} series:`);
    for (const s of r.skipped.slice(0, 10)) lines.push(`  ${s.id}: ${s.reason}`);
    if (r.skipped.length > 10) lines.push(`  ... and ${r.skipped.length - 10} more (--json lists them all)`);
  }
  lines.push(`Wrote ${r.files.join(', ')}`);
  return lines.join('\n');
}

function finite(v: number): number | string {
  return Number.isFinite(v) ? v : 'n/a';
}
