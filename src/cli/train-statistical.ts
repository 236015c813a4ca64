/**
 * `seqcast train --model ets|theta|auto`: fits the statistical forecaster on the training part,
 * scores its one-step validation forecasts against the baselines as a network's are scored, and
 * writes the run folder, whole or not at all (src/cli/run-folder.ts):
 *
 *   DIR/model/forecaster.json   the fitted forecaster and the run (src/cli/forecaster-file.ts)
 *   DIR/model/members/N/        auto's network members, as saved models
 *   DIR/forecast.png, .svg      the series with the validation forecasts and the split
 *   DIR/report.html             metrics, chart, what was fitted (auto: every candidate's inner score)
 *
 * The season is `--season` or the dates' (as the baselines'); auto chooses for `--horizon`, else
 * M4's horizon for the frequency, else its own default (two seasons, at least 6). With networks
 * among its candidates, auto's inner backtest runs on worker threads (same numbers).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describeFrequency } from '../data/dates.js';
import { autoForecaster, type AutoChoice, type AutoForecaster } from '../forecast/auto.js';
import { fitAndScore } from '../forecast/fit-and-score.js';
import {
  calibrateConformal,
  conformalForecasterFromFitted,
  resolveConformalOptions,
  type ConformalCalibration,
} from '../forecast/conformal.js';
import { InputError } from '../errors.js';
import { baselineSpecs, makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import type { Forecaster } from '../forecast/forecaster.js';
import { m4Horizon } from '../forecast/horizon.js';
import { runMetadata } from '../forecast/run-metadata.js';
import { writeDurably } from '../fs/durable.js';
import { poolCandidateRunner } from '../parallel/candidates.js';
import { createPool } from '../parallel/pool.js';
import { renderReport, type MetricsTable } from '../report/html.js';
import { renderPng, renderSvg } from '../report/render.js';
import { FORECASTER_FILE, forecasterFiles, writeForecasterFiles, type ForecasterRun } from './forecaster-file.js';
import { checkModelFlags, isStatisticalModel, statisticalSpec } from './model-choice.js';
import { loadInput, resolveSplit } from './options.js';
import { prepareRunFolder, writeRunFolder } from './run-folder.js';
import {
  METRIC_HEADERS,
  metricsRows,
  recordedInput,
  recordedSeries,
  seasonsFor,
  validationChart,
  type ForecasterScores,
} from './run-output.js';
import type { TrainFlags } from './train.js';
import { intervalHorizon, resolveLevels } from './intervals.js';
import { oneStepBands } from '../forecast/interval-source.js';

/** What `seqcast train --model ets|theta|auto --json` prints. */
export interface StatisticalTrainResult {
  settings: ForecasterRun & { forecaster: ForecasterSpec };
  /** What was fitted: ETS's form ('ETS(M,Ad,M)'), 'theta', or what auto chose. */
  model: string;
  /** auto only: whether a baseline beat every model on its inner backtest, and the choice in words. */
  choice?: Pick<AutoChoice, 'baselineWins' | 'message' | 'score'> & { members: string[] };
  metrics: ForecasterScores[];
  training: { seconds: number };
  /** The conformal intervals calibrated and saved with the forecaster (ETS forecasts use its analytical ones where its form has them); null without. */
  intervals: { method: string; horizon: number; levels: number[] } | null;
  notes: string[];
  files: { model: string; report: string; charts: string[] };
}

/**
 * Fits, scores and writes the run folder of a statistical forecaster.
 * @example const result = await runTrainStatistical({ file: 'air.csv', date: 'date', column: 'value', model: 'ets', out: 'run' });
 * @throws OptionError when a network flag is given with it (model-choice.ts); as runTrain for the
 *   input, the split and the run folder; and what the forecaster's fit throws (a series too short).
 */
export async function runTrainStatistical(flags: TrainFlags): Promise<StatisticalTrainResult> {
  checkModelFlags(flags);
  const kind = flags.model;
  if (!isStatisticalModel(kind)) throw new Error(`runTrainStatistical: --model ${kind} is a network; this is a bug in seqcast.`);
  const input = loadInput(flags, { printNotes: false });
  const { values } = input;
  const split = resolveSplit(values.length, flags.split, 1, flags.dataset);
  const season = seasonsFor(flags.season, input.frequency, split);
  const horizon = flags.horizon ?? m4Horizon(input.frequency, flags.season);
  const spec = statisticalSpec(kind, {
    period: season.baseline ?? 1,
    horizon,
    seed: flags.seed,
    candidates: flags.candidates,
    innerFolds: flags.innerFolds,
    stl: flags.stl,
  });
  const folder = await prepareRunFolder(flags.out, 'train'); // before fitting: a run that cannot be written does not start

  const stderr = process.stderr;
  stderr.write(`fitting ${kind} on ${split} values\n`);
  // auto's networks train on worker threads (its statistical candidates take a fraction of a second)
  const pool =
    spec.kind === 'auto' && spec.candidates !== 'statistical' ? createPool({ workers: Math.min(4, availableParallelism()) }) : null;
  // a fresh forecaster of the spec: the one trained here, and the interval calibration's
  const make = (): Forecaster =>
    spec.kind === 'auto' && pool ? autoForecaster(withoutKind(spec), poolCandidateRunner(pool)) : makeForecaster(spec);
  const forecaster = make();
  const baselines = baselineSpecs(season.baseline)
    .map(makeForecaster)
    .filter((f) => f.minHistory < split);
  let seconds = 0;
  let results;
  const levels = resolveLevels(flags.level);
  const conformalOptions = resolveConformalOptions({
    horizon: intervalHorizon(horizon, undefined, season.baseline ?? 1),
    period: season.baseline ?? 1,
  });
  let calibration: ConformalCalibration | null = null;
  const calibrationNotes: string[] = [];
  try {
    results = await fitAndScore(values, [forecaster, ...baselines], split, {
      masePeriod: season.mase,
      onFitted: (f, s) => {
        if (f === forecaster) seconds = s;
      },
    });
    if (levels) {
      // conformal intervals: the same forecaster fitted again on the first part of the training part, its misses on the rest
      stderr.write(`calibrating ${conformalOptions.horizon}-step prediction intervals on the training part\n`);
      try {
        calibration = await calibrateConformal(make, values.subarray(0, split), conformalOptions);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        calibrationNotes.push(`no conformal prediction intervals: ${err.message}`);
      }
    }
  } finally {
    await pool?.destroy();
  }
  const model = forecaster.describe?.() ?? forecaster.name;
  const auto = spec.kind === 'auto' ? (forecaster as AutoForecaster) : null;
  const scores: ForecasterScores[] = results.map((r) => ({ forecaster: r.name, ...r.scores }));
  const notes = [...new Set([...input.notes, ...results.flatMap((r) => r.notes), ...calibrationNotes])];
  const conformal = calibration ? conformalForecasterFromFitted(forecaster, conformalOptions, calibration) : null;
  const run: ForecasterRun = runMetadata({
    split,
    input: recordedInput(flags),
    series: recordedSeries(input),
    season,
    metrics: scores,
  });

  const forecastSpec = validationChart({
    title: `${input.name}: ${forecaster.name} validation forecast from value ${split}`,
    input,
    split,
    scores,
    forecasts: new Map(results.map((r) => [r.name, r.forecast])),
    ...(conformal && levels ? { bands: (f: Float32Array) => oneStepBands(conformal, f, levels) } : {}),
  });
  const metrics: MetricsTable[] = [
    {
      headers: [...METRIC_HEADERS],
      rows: metricsRows(scores),
      caption: `One-step forecasts of values ${split}..${values.length - 1}; MAPE and sMAPE in percent; MASE against the ${season.mase === 1 ? 'naive' : `seasonal naive (${season.mase})`} forecast of the training part.`,
    },
  ];
  if (auto?.choice) {
    metrics.push({
      headers: ['candidate', 'inner MASE', 'seconds'],
      rows: auto.choice.candidates.map((c) => [c.label, c.score ?? `failed: ${c.error}`, c.seconds]),
      caption: `auto's inner backtest on the training part (${auto.choice.folds.map((f) => `${f.horizon} values from ${f.origin}`).join(', ')}): ${auto.choice.message}`,
    });
  }
  const html = await renderReport({
    title: `${input.name}: ${forecaster.name} forecast`,
    subtitle: `${input.source}: ${values.length} values, fitted on the first ${split}, validated on the last ${values.length - split}`,
    settings: {
      series: `${input.name} (${input.source})`,
      column: input.columns.join(', '),
      values: values.length,
      ...(input.frequency ? { frequency: describeFrequency(input.frequency) } : {}),
      split: `${split} training values, ${values.length - split} validation values`,
      forecaster: JSON.stringify(spec),
      fitted: model,
      'seasonal period': season.baseline ?? 'none',
      'MASE period': season.mase,
      'fitting time': `${seconds.toFixed(1)} s`,
      ...(conformal && levels
        ? {
            'prediction intervals': `${conformal.describe()}, up to ${conformalOptions.horizon} steps; the chart's bands: ${levels.join(', ')} % (one step)`,
          }
        : {}),
    },
    metrics,
    charts: [{ title: 'Validation forecast', spec: forecastSpec }],
    notes,
  });

  const [png, svg] = await Promise.all([renderPng(forecastSpec), renderSvg(forecastSpec)]);
  const saved = conformal
    ? await forecasterFiles({ kind: 'conformal', of: spec, ...conformalOptions } as ForecasterSpec, conformal, run)
    : await forecasterFiles(spec, forecaster, run);
  await writeRunFolder(folder, async (stage) => {
    await writeForecasterFiles(join(stage, 'model'), saved);
    await writeDurably(join(stage, 'forecast.png'), png);
    await writeDurably(join(stage, 'forecast.svg'), svg);
    await writeDurably(join(stage, 'report.html'), html);
  });
  return {
    settings: { ...run, forecaster: spec },
    model,
    ...(auto?.choice
      ? {
          choice: {
            baselineWins: auto.choice.baselineWins,
            message: auto.choice.message,
            score: auto.choice.score,
            members: auto.choice.members.map((m) => m.label),
          },
        }
      : {}),
    metrics: scores,
    training: { seconds },
    intervals: conformal && levels ? { method: conformal.describe(), horizon: conformalOptions.horizon, levels } : null,
    notes: [...notes, ...folder.notes],
    files: {
      model: join(folder.path, 'model', FORECASTER_FILE),
      report: join(folder.path, 'report.html'),
      charts: ['forecast.png', 'forecast.svg'].map((name) => join(folder.path, name)),
    },
  };
}

/**
 * The lines `seqcast train --model ets|theta|auto` prints.
 * @example process.stdout.write(formatStatisticalTrain(result) + '\n');
 * @throws never.
 */
export function formatStatisticalTrain(result: StatisticalTrainResult, renderMetrics: (s: ForecasterScores[]) => string): string {
  const { settings } = result;
  const kind = settings.forecaster.kind;
  return [
    renderMetrics(result.metrics),
    `${kind} fitted in ${result.training.seconds.toFixed(1)} s: ${result.model}; one-step forecasts of values ${settings.split}..${settings.series.length - 1}`,
    ...(result.choice?.baselineWins ? [result.choice.message] : []),
    ...(result.intervals
      ? [
          `Prediction intervals (${result.intervals.levels.join(', ')} %): ${result.intervals.method}, up to ${result.intervals.horizon} steps; saved with the forecaster`,
        ]
      : []),
    ...result.notes.map((n) => `note: ${n}`),
    `Wrote the forecaster to ${result.files.model}, the report to ${result.files.report}, charts to ${result.files.charts.join(', ')}`,
  ].join('\n');
}

function withoutKind<T extends { kind: string }>(spec: T): Omit<T, 'kind'> {
  const { kind: _kind, ...rest } = spec;
  return rest;
}
