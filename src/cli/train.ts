/**
 * `seqcast train`: trains a network forecaster on the training part of a series, scores its
 * one-step validation forecast against the baselines, prints one table, and writes a run folder:
 *
 *   DIR/model/       the saved model (model.json, weights.bin; metadata: a RunMetadata, src/forecast/run-metadata.ts)
 *   DIR/forecast.png the series with the validation forecasts and the split (also forecast.svg)
 *   DIR/loss.png     training loss per epoch
 *   DIR/report.html  one self-contained page: metrics, charts, model summary, settings
 *
 *   DIR/seqcast-run.json what seqcast wrote (src/cli/run-folder.ts)
 *
 * The folder is checked before training (new, empty, or a train run holding only its own files)
 * and replaced as a whole after it, or not at all: nothing is written before training and scoring
 * succeed, and a failure then leaves the previous run as it was.
 */
import { join } from 'node:path';
import { Command } from 'commander';
import { describeFrequency } from '../data/dates.js';
import type { SeriesInputResult } from '../data/series-input.js';
import { fitAndScore, type ForecasterResult } from '../forecast/fit-and-score.js';
import { baselineSpecs, makeForecaster } from '../forecast/forecaster-spec.js';
import { networkForecaster } from '../forecast/network.js';
import { runMetadata, type RunMetadata } from '../forecast/run-metadata.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import { TrainingDivergedError } from '../model/fit.js';
import { modelFiles, writeModelFiles } from '../model/save-node.js';
import { writeDurably } from '../fs/durable.js';
import { renderReport } from '../report/html.js';
import { renderPng, renderSvg } from '../report/render.js';
import { lossChart } from '../report/specs.js';
import {
  addInputOptions,
  addModelOptions,
  addNetworkHorizonOption,
  addSplitOption,
  loadInput,
  positiveInteger,
  resolveSpec,
  resolveSplit,
  type InputFlags,
  type ModelFlags,
} from './options.js';
import { progressCallback } from './progress.js';
import { addManyOptions, formatManyReport, isManyRun, type ManyFlags } from './many.js';
import { isGlobalKind } from './many-global.js';
import { runTrainMany } from './many-train.js';
import { checkModelFlags, isStatisticalModel } from './model-choice.js';
import { formatStatisticalTrain, runTrainStatistical } from './train-statistical.js';
import { InputError, OptionError } from '../errors.js';
import {
  calibrateConformal,
  conformalForecasterFromFitted,
  resolveConformalOptions,
  type ConformalCalibration,
} from '../forecast/conformal.js';
import { m4Horizon } from '../forecast/horizon.js';
import { intervalHorizon, parseLevels, resolveLevels } from './intervals.js';
import { oneStepBands } from '../forecast/interval-source.js';
import { folderPath } from './output-paths.js';
import { prepareRunFolder, writeRunFolder } from './run-folder.js';
import {
  METRIC_HEADERS,
  metricsRows,
  recordedInput,
  recordedSeries,
  renderMetrics,
  validationChart,
  seasonsFor,
  type ForecasterScores,
} from './run-output.js';

/** The flags of `seqcast train` as commander gives them. */
export interface TrainFlags extends InputFlags, ModelFlags {
  split?: number;
  /** The network's horizon (a direct network's outputs). */
  horizon?: number;
  season?: number;
  out: string;
  json?: boolean;
  /** Interval levels for the charts (`--level 80,95`); null (`--level none`) skips calibrating intervals. */
  level?: number[] | null;
}

/** What `train` calibrated for the run's prediction intervals (null with --level none or when the training part is too short). */
export interface TrainIntervals {
  /** Conformal: the steps they reach and the calibration origins. */
  method: string;
  horizon: number;
  levels: number[];
}

/** The result `--json` prints. */
export interface TrainResult {
  /** The saved model's metadata (its input flags with a file's path made absolute), without the fitted transform and the metrics. */
  settings: Omit<RunMetadata, 'metrics' | 'transform' | 'conformal'>;
  metrics: ForecasterScores[];
  training: { epochs: number; finalLoss: number; seconds: number; params: number };
  /** The conformal intervals calibrated and saved with the model; null without. */
  intervals: TrainIntervals | null;
  notes: string[];
  files: { model: string; report: string; charts: string[] };
}

/**
 * Trains, scores and writes the run folder; progress goes to stderr.
 * @example const result = await runTrain({ dataset: 'sunspots', epochs: 2, out: 'run' });
 * @throws when the input, split or spec is wrong (one line naming it), an OutputError when `out`
 *   cannot hold the run (before training: see `prepareRunFolder`), and with a clear message when
 *   the loss becomes NaN (nothing is written then).
 */
export async function runTrain(flags: TrainFlags): Promise<TrainResult> {
  checkModelFlags(flags);
  if (isStatisticalModel(flags.model))
    throw new OptionError(`runTrain trains a network: --model ${flags.model} is trained by runTrainStatistical (train-statistical.ts).`);
  // --horizon H asks for a network of H outputs: direct, unless --strategy or the config says otherwise
  const spec = resolveSpec(flags, flags.horizon === undefined ? {} : { strategy: 'direct' }, flags.horizon);
  const input = loadInput(flags, { printNotes: false });
  const { values } = input;
  const split = resolveSplit(values.length, flags.split, spec.window, flags.dataset);
  const season = seasonsFor(flags.season, input.frequency, split);
  const { baseline: period, mase: masePeriod } = season;
  const folder = await prepareRunFolder(flags.out, 'train'); // before training: a run that cannot be written does not start

  // the network first, then the baselines that can see enough history before the split
  const network = networkForecaster(spec);
  const baselines = baselineSpecs(period)
    .map(makeForecaster)
    .filter((f) => f.minHistory < split);
  // a progress bar (terminal) or progress lines (piped) on stderr while the network trains
  const progress = progressCallback({ label: network.spec.model });
  let seconds = 0; // the network's training time
  let results: ForecasterResult[];
  try {
    results = await fitAndScore(values, [network, ...baselines], split, {
      masePeriod,
      callbacks: (f) => (f === network ? [progress] : []),
      onFitted: (f, s) => {
        if (f === network) seconds = s;
      },
    });
  } catch (err) {
    if (err instanceof TrainingDivergedError) throw new Error(`${err.message} Nothing was written.`);
    throw err;
  } finally {
    progress.close();
  }
  const forecasts = new Map(results.map((r) => [r.name, r.forecast]));
  const scores: ForecasterScores[] = results.map((r) => ({ forecaster: r.name, ...r.scores }));
  const notes = new Set<string>([...input.notes, ...results.flatMap((r) => r.notes)]); // the same note (a zero in the actual values) for every forecaster once

  // conformal intervals: a second network of the same spec trained on the first part of the training
  // part, and its misses on the rest (about doubles the training time; --level none skips it)
  const levels = resolveLevels(flags.level);
  const conformalOptions = resolveConformalOptions({
    horizon: intervalHorizon(flags.horizon, m4Horizon(input.frequency, flags.season), period ?? 1),
    period: period ?? 1,
  });
  let calibration: ConformalCalibration | null = null;
  if (levels) {
    process.stderr.write(
      `calibrating ${conformalOptions.horizon}-step prediction intervals: training a second ${spec.model} on the first part of the training part (--level none skips it)\n`,
    );
    const progress2 = progressCallback({ label: `${network.spec.model} (interval calibration)` });
    try {
      calibration = await calibrateConformal(() => networkForecaster(spec), values.subarray(0, split), conformalOptions, {
        callbacks: [progress2],
      });
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      notes.add(`no prediction intervals: ${err.message}`);
    } finally {
      progress2.close();
    }
  }
  const conformal = calibration ? conformalForecasterFromFitted(network, conformalOptions, calibration) : null;

  const metadata = runMetadata({
    spec: network.spec,
    transform: network.transform!.toJSON(),
    split,
    input: recordedInput(flags),
    series: recordedSeries(input),
    season,
    metrics: scores,
    ...(calibration ? { conformal: { options: conformalOptions, calibration } } : {}),
  });

  const title = `${input.name}: ${spec.model} forecast`;
  const forecastSpec = validationChart({
    title: `${input.name}: ${spec.model} validation forecast from value ${split}`,
    input,
    split,
    scores,
    forecasts,
    ...(conformal && levels ? { bands: (f: Float32Array) => oneStepBands(conformal, f, levels) } : {}),
  });
  const loss = network.history!.history.loss;
  const lossSpec = lossChart({ title: `${spec.model} training loss (${spec.loss}, transformed data)`, loss });
  const settings = reportSettings(metadata, input, seconds);
  if (conformal && levels)
    settings['prediction intervals'] =
      `${conformal.describe()}, up to ${conformalOptions.horizon} steps; the chart's bands: ${levels.join(', ')} % (one step)`;
  const html = await renderReport({
    title,
    subtitle: `${input.source}: ${values.length} values, trained on the first ${split}, validated on the last ${values.length - split}`,
    settings,
    metrics: [
      {
        headers: [...METRIC_HEADERS],
        rows: metricsRows(scores),
        caption: `One-step forecasts of values ${split}..${values.length - 1}; MAPE and sMAPE in percent; MASE against the ${masePeriod === 1 ? 'naive' : `seasonal naive (${masePeriod})`} forecast of the training part.`,
      },
    ],
    summary: network.model.summary(),
    charts: [
      { title: 'Validation forecast', spec: forecastSpec },
      { title: 'Training loss', spec: lossSpec },
    ],
    notes: [...notes],
  });

  // render and check everything first, then write the whole run folder at once
  const [forecastPng, forecastSvg, lossPng] = await Promise.all([renderPng(forecastSpec), renderSvg(forecastSpec), renderPng(lossSpec)]);
  const model = await modelFiles(network.model, { metadata: { ...metadata } });
  const charts: [string, string | Uint8Array][] = [
    ['forecast.png', forecastPng],
    ['forecast.svg', forecastSvg],
    ['loss.png', lossPng],
  ];
  await writeRunFolder(folder, async (stage) => {
    await writeModelFiles(join(stage, 'model'), model);
    for (const [name, bytes] of charts) await writeDurably(join(stage, name), bytes);
    await writeDurably(join(stage, 'report.html'), html);
  });
  const files = {
    model: join(folder.path, 'model'),
    report: join(folder.path, 'report.html'),
    charts: charts.map(([name]) => join(folder.path, name)),
  };

  const { transform: _transform, metrics: _metrics, conformal: _conformal, ...rest } = metadata;
  return {
    settings: rest,
    metrics: scores,
    training: { epochs: loss.length, finalLoss: loss.at(-1) ?? NaN, seconds, params: network.model.countParams() },
    intervals: conformal && levels ? { method: conformal.describe(), horizon: conformalOptions.horizon, levels } : null,
    notes: [...notes, ...folder.notes], // what recovering the folder did, in the output but not in the report
    files,
  };
}

/** The report's settings table: flat key/value pairs. */
function reportSettings(m: RunMetadata, input: SeriesInputResult, seconds: number): Record<string, unknown> {
  const { spec } = m;
  return {
    series: `${input.name} (${input.source})`,
    column: input.columns.join(', '),
    values: m.series.length,
    ...(m.series.frequency ? { frequency: describeFrequency(m.series.frequency) } : {}),
    ...(input.filled > 0 ? { 'filled cells': input.filled } : {}),
    split: `${m.split} training values, ${m.series.length - m.split} validation values`,
    model: `${spec.model}, ${spec.layers} layer(s) of ${spec.units} units`,
    window: spec.window,
    epochs: spec.epochs,
    'batch size': spec.batchSize,
    optimizer: `${spec.optimizer}, learning rate ${spec.learningRate}`,
    loss: spec.loss,
    transform: transformLabel(m.transform),
    ...(spec.normalize !== 'none' ? { normalize: `${spec.normalize} (each window by its mean and standard deviation)` } : {}),
    ...(spec.strategy === 'direct' && spec.horizon > 1 ? { strategy: `direct, ${spec.horizon} steps at once` } : {}),
    seed: spec.seed,
    ...(spec.clipNorm !== undefined ? { 'clip norm': spec.clipNorm } : {}),
    'seasonal period': m.season.baseline ?? 'none',
    'MASE period': m.season.mase,
    'training time': `${seconds.toFixed(1)} s`,
  };
}

/** A fitted transform for the report: its kinds, with Box-Cox's lambda ('box-cox (λ = -0.2947), difference, standard'). */
function transformLabel(json: TransformJSON): string {
  if (json.kind === 'chain') return json.transforms.map(transformLabel).join(', ');
  if (json.kind === 'box-cox') return `box-cox (λ = ${Number(json.lambda.toPrecision(4))})`;
  if (json.kind === 'seasonal-difference') return `seasonal-difference (${json.period})`;
  return json.kind;
}

/**
 * Registers `seqcast train` on the program.
 * @example addTrainCommand(new Command('seqcast'));
 * @throws never (the command's action throws as {@link runTrain}).
 */
export function addTrainCommand(program: Command): Command {
  const cmd = program
    .command('train')
    .description(
      'train a network on the first part of a series, score it against the baselines on the rest, and save the model, charts and an HTML report',
    );
  addInputOptions(cmd);
  addSplitOption(cmd);
  addModelOptions(cmd, { statistical: true, global: true });
  addNetworkHorizonOption(cmd, { auto: true });
  addManyOptions(cmd, { workers: false, runner: false });
  return cmd
    .option(
      '--season <n>',
      'seasonal period for the seasonal naive baseline and MASE (default: from the dates, e.g. 12 for monthly; MASE default 1)',
      positiveInteger('--season'),
    )
    .option(
      '--out <dir>',
      'folder for the model, charts and report (new, empty, or an earlier train run: replaced as a whole)',
      folderPath('--out'),
      'seqcast-run',
    )
    .option(
      '--level <levels>',
      "prediction intervals: calibrate conformal intervals on the training part for --horizon steps (else M4's horizon for the dates, else 2 seasons, at least 6), save them with the model, and draw these levels (percent, comma-separated; default 80,95); none skips the calibration (a network trains twice with it)",
      parseLevels,
    )
    .option('--json', 'print the results as one JSON object on stdout (progress stays on stderr)')
    .action(async (flags: TrainFlags & ManyFlags) => {
      if (isManyRun(flags)) {
        const report = await runTrainMany(flags);
        process.stdout.write((flags.json ? JSON.stringify(report, null, 2) : formatManyReport(report)) + '\n');
        return;
      }
      if (isGlobalKind(flags.model))
        throw new OptionError(
          `--model ${flags.model} trains one network on many series: name them with --id, --columns or --all-columns, or use --model ${String(flags.model).slice('global-'.length)} for one series.`,
        );
      if (isStatisticalModel(flags.model)) {
        const fitted = await runTrainStatistical(flags);
        process.stdout.write((flags.json ? JSON.stringify(fitted, null, 2) : formatStatisticalTrain(fitted, renderMetrics)) + '\n');
        return;
      }
      const result = await runTrain(flags);
      if (flags.json) {
        process.stdout.write(JSON.stringify(result, null, 2) + '\n');
        return;
      }
      const { training, settings } = result;
      process.stdout.write(`${renderMetrics(result.metrics)}\n`);
      process.stdout.write(
        `${settings.spec.model} trained ${training.epochs} epochs in ${training.seconds.toFixed(1)} s (final loss ${training.finalLoss.toPrecision(4)}); one-step forecasts of values ${settings.split}..${settings.series.length - 1}\n`,
      );
      if (result.intervals)
        process.stdout.write(
          `Prediction intervals (${result.intervals.levels.join(', ')} %): ${result.intervals.method}, up to ${result.intervals.horizon} steps; saved with the model\n`,
        );
      for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
      process.stdout.write(
        `Wrote the model to ${result.files.model}, the report to ${result.files.report}, charts to ${result.files.charts.join(', ')}\n`,
      );
    });
}
