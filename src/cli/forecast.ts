/**
 * `seqcast forecast`: forecasts with what `seqcast train` (or the playground) saved: a network, rebuilt
 * from the model and its metadata (a RunMetadata, read by readRunMetadata: spec, fitted transform,
 * split, input, season), or ETS, Theta or auto, read from the run's forecaster.json
 * (forecaster-file.ts). It gives the one-step validation forecast over [split, end) with its
 * metrics, and with `--horizon N` the N values after the end as the forecaster forecasts them
 * (a recursive network feeds each forecast back, a direct one chains blocks of its outputs, ETS and
 * Theta run their recursions, auto combines its members), dated when the series has dates.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { isGlobalKind } from './many-global.js';
import { futureDates, type DateFrequency } from '../data/dates.js';
import { InputError, ModelFileError, OptionError, SeqcastError } from '../errors.js';
import type { DateList } from '../data/series-dates.js';
import { networkForecasterFromModel } from '../forecast/network.js';
import { readRunMetadata, type RunMetadata } from '../forecast/run-metadata.js';
import type { Forecaster } from '../forecast/forecaster.js';
import type { ConformalForecaster } from '../forecast/conformal.js';
import { parseLevels, resolveLevels } from './intervals.js';
import { forecastBands, intervalSource, savedConformal, type ForecastBands } from '../forecast/interval-source.js';
import { hasForecasterFile, readForecasterFile } from './forecaster-file.js';
import { isKerasModelPath } from '../interop/load-keras.js';
import { loadModel } from '../model/save-node.js';
import { isTfjsModelDir } from '../interop/tfjs-format.js';
import { foreignForecaster } from './foreign-model.js';
import { writeChart } from '../report/render.js';
import { seriesChart } from '../report/specs.js';
import { chartPath } from './lr-find.js';
import {
  addInputOptions,
  addModelOptions,
  addSplitOption,
  loadInput,
  parseHorizon,
  positiveInteger,
  resolveSplit,
  type InputFlags,
} from './options.js';
import { checkOutputFiles, filePath, type OutputFile } from './output-paths.js';
import { recoverRunOrModel } from './run-folder.js';
import { leftoversBeside } from '../fs/swap-dir.js';
import {
  forecastCsv,
  modelDirOf,
  renderMetrics,
  scoreValidation,
  writeAtomically,
  type ForecastRow,
  type ForecasterScores,
} from './run-output.js';
import { MAX_TABLE_ROWS, renderTable } from './table.js';
import { isManyTrainFolder, loadBlendNetwork, runForecastFromSaved } from './many-train.js';
import { addManyOptions, formatManyReport, isManyRun, runForecastMany, type ManyFlags } from './many.js';
import { MODEL_CHOICES, NETWORK_FLAGS } from './model-choice.js';

/** The flags of `seqcast forecast` as commander gives them. */
export interface ForecastFlags extends InputFlags {
  model: string;
  /** --blend: a saved global network's run, averaged with --model's forecasts (many series). */
  blend?: string;
  horizon?: number;
  split?: number;
  out?: string;
  chart?: string;
  json?: boolean;
  /** Interval levels in percent (`--level 80,95`), null for `--level none`; default 80 and 95. */
  level?: number[] | null;
  /** The window of a foreign (TF.js) model that takes windows of any length and has no seqcast.json. */
  window?: number;
}

/** The intervals of the forecast past the end, when it has them. */
export interface ForecastIntervals {
  levels: number[];
  /** Where they come from: 'conformal (...)', "ETS analytical (as R's forecast.ets)", 'quantiles of the network ...'. */
  method: string;
}

/** The result `--json` prints. */
export interface ForecastResult {
  model: string;
  series: { name: string; source: string; length: number };
  split: number;
  metrics: ForecasterScores;
  notes: string[];
  /** One-step forecasts of series[split..]: date (or index), actual, forecast. */
  validation: ForecastRow[];
  /** The `horizon` values after the end (empty without --horizon), with their bounds (`lo80`, `hi80`, ...) when they have intervals. */
  future: ForecastRow[];
  /** The future's intervals: their levels and method; null without --horizon, with --level none, or for a run saved without intervals. */
  intervals: ForecastIntervals | null;
  files: string[];
}

/**
 * Loads the model, forecasts, and writes the CSV and chart when asked. A write of the model's
 * folder that was killed half way is finished or undone first (a note says so).
 * @example const result = await runForecast({ model: 'run', horizon: 24 });
 * @throws when the model directory is missing or not a seqcast model (loadModel's message), the
 *   model was not written by `seqcast train`, or the series is too short for the model's window;
 *   an OutputError, before any work, when `out` or `chart` cannot be written; an OptionError when
 *   `level` is given and the run has no intervals (trained with --level none, or before intervals).
 */
export async function runForecast(flags: ForecastFlags): Promise<ForecastResult> {
  await refuseKindWithoutRun(flags.model);
  refuseManyFlags(flags);
  if (isManyTrainFolder(flags.model))
    throw new OptionError(
      `${flags.model} holds the forecasters \`seqcast train\` fitted on many series: name the series to forecast with --id, --columns or --all-columns (as trained), and --out forecasts.csv.`,
    );
  const outputs: OutputFile[] = [];
  if (flags.out !== undefined) outputs.push({ option: '--out', path: flags.out });
  if (flags.chart !== undefined) outputs.push({ option: '--chart', path: flags.chart });
  await checkOutputFiles(outputs, [flags.file]);
  // a Keras file (.keras, .h5) is one file: no run folder to recover, loaded by loadModel
  const kerasFile = await isKerasModelPath(flags.model);
  const recovered = kerasFile ? [] : await recoverRunOrModel(flags.model);
  const dir = kerasFile ? flags.model : modelDirOf(flags.model);
  const { forecaster, meta, minHistory, conformal } =
    !kerasFile && (await hasForecasterFile(dir))
      ? await loadStatistical(dir, flags.window)
      : await loadNetwork(dir, flags.model, flags.window);
  const levels = resolveLevels(flags.level);
  const own = flags.dataset === undefined && flags.file === undefined;
  if (own && !meta.input)
    throw new InputError(`The model in '${flags.model}' does not record its series: name one with --dataset or --file.`);
  const input = loadInput(own ? meta.input! : flags);
  const { values, dates } = input;
  const split =
    own && flags.split === undefined && meta.split !== undefined && meta.split < values.length
      ? meta.split
      : resolveSplit(values.length, flags.split, minHistory, flags.dataset ?? meta.input?.dataset);

  const validationForecast = forecaster.predictSliding(values, split);
  const { scores, notes } = scoreValidation(forecaster.name, values, split, validationForecast, meta.season.mase);
  const at = (i: number): string | number => (dates ? dates.at(i)! : i);
  const validation: ForecastRow[] = Array.from(validationForecast, (f, k) => ({
    at: at(split + k),
    kind: 'validation',
    actual: values[split + k],
    forecast: f,
  }));

  let future: ForecastRow[] = [];
  let futureValues: Float32Array = new Float32Array(0);
  let futureAt: (string | number)[] = [];
  let bands: ForecastBands | null = null;
  if (flags.horizon !== undefined) {
    futureValues = forecaster.forecast(values, flags.horizon);
    futureAt = futureLabels(input, flags.horizon);
    if (levels) {
      const source = intervalSource(forecaster, conformal);
      if (source) bands = forecastBands(source, values, flags.horizon, levels);
      else if (flags.level !== undefined)
        throw new OptionError(
          `The model in '${flags.model}' has no prediction intervals (it was trained with --level none, or by a seqcast without intervals): forecast with --level none, or train it again without --level none.`,
        );
      else
        notes.push(`no prediction intervals: the model in '${flags.model}' was saved without a calibration (train it again to get them).`);
      if (bands) notes.push(...bands.notes);
    }
    future = Array.from(futureValues, (f, k) => ({
      at: futureAt[k],
      kind: 'future',
      forecast: f,
      ...(bands ? { bounds: boundsAt(bands, k) } : {}),
    }));
  }

  const files: string[] = [];
  if (flags.out !== undefined) {
    const path = resolve(flags.out);
    await writeAtomically(path, forecastCsv([...validation, ...future], dates !== undefined, bands?.levels ?? []), { option: '--out' });
    files.push(path);
  }
  if (flags.chart !== undefined) {
    const path = resolve(flags.chart);
    const from = Math.max(0, 2 * split - values.length); // the validation period and as much history before it
    const forecasts = [{ name: `${forecaster.name} (one step)`, start: split - from, values: validationForecast }];
    if (futureValues.length > 0) {
      forecasts.push({
        name: `${forecaster.name} (${futureValues.length} ahead)`,
        start: values.length - from,
        values: futureValues,
        ...(dates ? { dates: futureAt as string[] } : {}),
        ...(bands ? { bands: bands.levels.map((level, i) => ({ level, lower: bands!.lower[i], upper: bands!.upper[i] })) } : {}),
      });
    }
    await writeChart(
      seriesChart({
        title: `${input.name}: ${forecaster.name} forecast`,
        dates: dates?.slice(from),
        actual: values.subarray(from),
        forecasts,
        split: split - from,
        yTitle: input.columns[0],
      }),
      path,
      { option: '--chart' },
    );
    files.push(path);
  }
  return {
    model: resolve(dir),
    series: { name: input.name, source: input.source, length: values.length },
    split,
    metrics: scores,
    notes: [...recovered, ...notes],
    validation,
    future,
    intervals: bands ? { levels: bands.levels, method: bands.method } : null,
    files,
  };
}

/**
 * `--model auto` (a kind, as train and backtest take it) where no saved model has that name, nor a
 * run of that name killed half way through its swap (recoverRunOrModel finishes it): one series
 * forecasts from a saved model, so say how to get one, or how to forecast it in one step.
 */
async function refuseKindWithoutRun(model: string): Promise<void> {
  if (!(MODEL_CHOICES as readonly string[]).includes(model) || existsSync(model)) return;
  if ((await leftoversBeside(resolve(model), 'dir')).length > 0) return;
  throw new OptionError(
    `--model ${model} names a kind of model, and a forecast of one series comes from a saved one: train it first ` +
      `(seqcast train --file X.csv --column value --model ${model} --out run/, then seqcast forecast --model run/ --horizon H), ` +
      `or forecast the series in one step as one of many: --columns value --model ${model} --horizon H --out forecasts.csv.`,
  );
}

/** The flags only a many-series forecast has: a saved model forecasts with its own settings. */
const MANY_ONLY: [key: string, flag: string][] = [
  ...NETWORK_FLAGS.filter(([key]) => key !== 'window'), // --window also gives a foreign model's window (loadNetwork)
  ['candidates', '--candidates'],
  ['innerFolds', '--inner-folds'],
  ['season', '--season'],
  ['workers', '--workers'],
  ['queue', '--queue'],
  ['chunkSize', '--chunk-size'],
];

function refuseManyFlags(flags: ForecastFlags): void {
  const given = MANY_ONLY.find(([key]) => (flags as unknown as Record<string, unknown>)[key] !== undefined);
  if (given)
    throw new OptionError(
      `${given[1]} is for forecasts of many series (--id, --columns or --all-columns, with --model naming a kind): the model in '${flags.model}' forecasts with the settings it was saved with. Drop ${given[1]}.`,
    );
}

/** The bounds of step k: lo80, hi80, lo95, hi95 ... (null past the intervals' reach). */
function boundsAt(bands: ForecastBands, k: number): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  bands.levels.forEach((level, i) => {
    const lo = bands.lower[i][k];
    const hi = bands.upper[i][k];
    out[`lo${level}`] = Number.isFinite(lo) ? lo : null;
    out[`hi${level}`] = Number.isFinite(hi) ? hi : null;
  });
  return out;
}

/** What forecast needs of a saved run: the forecaster, where its series came from, its split and season. */
interface Loaded {
  forecaster: Forecaster;
  meta: Pick<RunMetadata, 'season'> & Partial<Pick<RunMetadata, 'input' | 'split'>>;
  /** The fewest values before the first forecast (a network's window). */
  minHistory: number;
  /** The saved conformal calibration around `forecaster`; null when the run has none. */
  conformal: ConformalForecaster | null;
}

/** A network saved by `seqcast train` (model.json with a RunMetadata), or a foreign TF.js model (foreign-model.ts). */
async function loadNetwork(dir: string, given: string, window?: number): Promise<Loaded> {
  const model = await loadModel(dir);
  const meta = readRunMetadata(model.metadata);
  if (window !== undefined && meta.spec)
    throw new OptionError(
      `--window is for a TensorFlow.js or Keras model without seqcast.json; the model in '${given}' records its window (${meta.spec.window}): leave --window out.`,
    );
  if ((!meta.spec || !meta.transform) && ((await isTfjsModelDir(dir)) || (await isKerasModelPath(dir)))) {
    const forecaster = await foreignForecaster(model, dir, given, window);
    return { forecaster, meta: { season: meta.season }, minHistory: forecaster.minHistory, conformal: null };
  }
  if (!meta.spec || !meta.transform) {
    throw new ModelFileError(
      `The model in '${given}' has no network spec and fitted transform in its metadata (a model saved by the library, not by \`seqcast train\`): forecast needs a model written by \`seqcast train --out DIR\`.`,
    );
  }
  try {
    const forecaster = networkForecasterFromModel(model, meta.spec, meta.transform);
    let conformal: ConformalForecaster | null = null;
    try {
      conformal = meta.conformal ? savedConformal(forecaster, meta.conformal) : null;
    } catch (err) {
      throw new ModelFileError(
        `The model in '${given}' records a conformal calibration seqcast cannot use (${(err as Error).message}): model.json was edited or is corrupt; train the model again.`,
        { cause: err },
      );
    }
    return { forecaster, meta, minHistory: forecaster.spec.window, conformal };
  } catch (err) {
    // the spec and scaler come from the file: a value out of range there is the file's problem, not an option's
    if (!(err instanceof SeqcastError)) throw err;
    throw new ModelFileError(
      `The model in '${given}' records a network spec or transform seqcast cannot use: ${err.message.replace(/: use e\.g\..*$/, '.')} model.json was edited or is corrupt; train the model again.`,
      { cause: err },
    );
  }
}

/** ETS, Theta or auto saved by `seqcast train --model ets|theta|auto` (forecaster.json). */
async function loadStatistical(dir: string, window?: number): Promise<Loaded> {
  if (window !== undefined)
    throw new OptionError(
      `--window is for a TensorFlow.js or Keras model without seqcast.json (or, with many series, a network kind); the forecaster in '${dir}' is statistical and has no window: leave --window out.`,
    );
  const { forecaster, saved, run } = await readForecasterFile(dir);
  // a conformal wrapper: the wrapped forecaster forecasts (and names the scores), the wrapper gives the intervals
  if (saved.kind === 'conformal') {
    const conformal = forecaster as ConformalForecaster;
    return { forecaster: conformal.inner!, meta: run, minHistory: conformal.minHistory, conformal };
  }
  return { forecaster, meta: run, minHistory: forecaster.minHistory, conformal: null };
}

/** The dates of the `horizon` values after the end, or their indices when the series has none. */
function futureLabels(input: { values: Float32Array; dates?: DateList; frequency?: DateFrequency }, horizon: number): (string | number)[] {
  const last = input.dates?.at(-1);
  if (last && input.frequency) return futureDates(last, input.frequency, horizon);
  return Array.from({ length: horizon }, (_, k) => input.values.length + k);
}

/**
 * Registers `seqcast forecast` on the program.
 * @example addForecastCommand(new Command('seqcast'));
 * @throws never (the command's action throws as {@link runForecast}).
 */
export function addForecastCommand(program: Command): Command {
  const cmd = program
    .command('forecast')
    .description(
      'forecast with a model saved by `seqcast train`: the validation period one step at a time, and with --horizon N the N values after the end',
    )
    .requiredOption(
      '--model <path>',
      'the folder `seqcast train --out` wrote (or its model/ folder): a network, ets, arima, theta, stlf, stl-arima or auto; a TensorFlow.js layers model (model.json + shards, e.g. from `seqcast export` or tensorflowjs_converter), which takes raw values unless a seqcast.json beside it records the transform; or a Keras model file (.keras, or .h5 of Keras 2), which takes raw values. With many series (--id, --columns, --all-columns), what forecasts each one, fitted on all its values: naive, snaive, drift, ets, arima, theta, stlf, stl-arima, auto or a network kind (with the network options below), global-mlp or global-lstm (one network trained on every series, point forecasts), or the folder `seqcast train --id ... --out DIR` wrote (each series by its saved forecaster, matched by id)',
    )
    .option('--horizon <n>', 'also forecast this many values after the end of the series (up to 100,000)', parseHorizon)
    .option(
      '--level <levels>',
      'prediction intervals of the --horizon forecast, in percent, comma-separated (each in (0, 100)), or none; default 80,95. They reach the horizon the model was trained for (ETS: any)',
      parseLevels,
    );
  addInputOptions(cmd); // default: the series the model was trained on
  addSplitOption(cmd);
  addManyOptions(cmd, { workers: true });
  cmd.option(
    '--season <p>',
    "many series: the season length of snaive, ets, arima, theta, stlf, stl-arima and the intervals' calibration (default: from the dates, e.g. 12 for monthly)",
    positiveInteger('--season'),
  );
  addModelOptions(cmd, { statistical: true, model: false });
  return cmd
    .option(
      '--out <file.csv>',
      "write the forecasts as CSV: date (or index), kind (validation|future), actual, forecast, and lo80,hi80,lo95,hi95 (the future rows); with many series (required) the id column(s), step, date, forecast, lo80,hi80,lo95,hi95, streamed in the input's series order",
      filePath('--out', 'forecast.csv'),
    )
    .option('--chart <file.png>', 'draw the series and the forecasts (.png or .svg)', chartPath('--chart'))
    .option('--json', 'print the results as one JSON object on stdout')
    .option(
      '--blend <dir>',
      "many series: each series' forecast the mean of --model's and the global network's that `seqcast train --id ... --model global-mlp --out DIR` saved (e.g. --model auto --candidates statistical --blend DIR, with the network trained with --stl 24,168: seqcast's best on M4 Hourly, docs/m4.md); point forecasts only",
    )
    .action(async (flags: ForecastFlags & ManyFlags) => {
      if (isManyRun(flags)) {
        if (flags.blend !== undefined && (isManyTrainFolder(flags.model) || isGlobalKind(flags.model)))
          throw new OptionError(
            `--blend averages a per-series model's forecasts with a saved global network's, and --model ${flags.model} is ${isGlobalKind(flags.model) ? 'a global network itself' : 'a saved run'}: give --model ets, auto, ... (fitted afresh), or drop --blend.`,
          );
        const report = isManyTrainFolder(flags.model)
          ? await runForecastFromSaved(flags as ManyFlags & { model: string })
          : await runForecastMany(flags, flags.blend === undefined ? undefined : await loadBlendNetwork(flags.blend));
        process.stdout.write((flags.json ? JSON.stringify(report, null, 2) : formatManyReport(report)) + '\n');
        return;
      }
      if (flags.blend !== undefined)
        throw new OptionError(
          '--blend averages with a global network over many series: name them with --id, --columns or --all-columns, or drop --blend.',
        );
      const result = await runForecast(flags);
      if (flags.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const { split, series } = result;
      process.stdout.write(`${renderMetrics([result.metrics])}\n`);
      process.stdout.write(
        `One-step forecasts of values ${split}..${series.length - 1} of ${series.name}${flags.out ? '' : ' (--out file.csv writes them)'}\n`,
      );
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      if (result.future.length > 0) {
        const dated = typeof result.future[0].at === 'string';
        const boundKeys = (result.intervals?.levels ?? []).flatMap((l) => [`lo${l}`, `hi${l}`]);
        if (result.intervals) process.stdout.write(`Prediction intervals: ${result.intervals.method}\n`);
        process.stdout.write(
          `${renderTable(
            [
              { header: dated ? 'date' : 'index' },
              { header: 'forecast', align: 'right' },
              ...boundKeys.map((header) => ({ header, align: 'right' as const })),
            ],
            result.future.map((r) => [String(r.at), r.forecast, ...boundKeys.map((key) => r.bounds?.[key] ?? '')]),
          )}\n`,
        );
        const n = result.future.length;
        if (n > MAX_TABLE_ROWS)
          process.stdout.write(
            `The first and last ${MAX_TABLE_ROWS / 2} of ${n.toLocaleString('en-US')} forecasts shown; ${flags.out ? `all of them are in ${flags.out}` : '--out file.csv or --json gives all of them'}.\n`,
          );
      }
      if (result.files.length > 0) process.stdout.write(`Wrote ${result.files.join(', ')}\n`);
    });
}
