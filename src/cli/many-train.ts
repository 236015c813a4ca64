/**
 * `seqcast train` over many series, and `seqcast forecast --model DIR` with what it saved. Train
 * fits the chosen forecaster on each series as `forecast` does (all its values; the same spec and
 * seeds), in this process, one series after the other, and writes one run folder, whole or not at
 * all (run-folder.ts):
 *
 *   DIR/many.json            { format: 'seqcast-many', version: 1, model, spec or global, horizon,
 *                              season, idColumns, series: [{ id, folder | skipped }] } (what
 *                              forecast reads)
 *   DIR/series.csv           index, the id column(s), length, forecaster, skipped (for people)
 *   DIR/series/<index>/      a series' fitted forecaster: forecaster.json (+ members/N/ for a
 *                            network), as a one-series train's model/ folder (forecaster-file.ts)
 *   DIR/global/              --model global-KIND: the one global network (saveGlobalNetwork)
 *
 * Forecast matches the new file's series to the saved ones by id: an id with no saved forecaster
 * (not in the training file, or skipped there) is skipped with the reason; a global network
 * forecasts every series of a window or more, new ids too. Point forecasts only (a note says so).
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ManySeriesResult } from '../data/many-series.js';
import { InputError, ModelFileError, OptionError, TrainingError } from '../errors.js';
import { makeForecaster, type ForecasterSpec } from '../forecast/forecaster-spec.js';
import { fitGlobalMany, forecastWithGlobal, GLOBAL_NO_INTERVALS } from '../forecast/global-many.js';
import type { GlobalNetwork, GlobalSpec } from '../forecast/global-network.js';
import { loadGlobalNetwork, saveGlobalNetwork } from '../forecast/global-network-node.js';
import type { ManyResult } from '../forecast/many.js';
import { runMetadata } from '../forecast/run-metadata.js';
import type { SeriesOutcome } from '../forecast/series-chunk.js';
import { writeDurably } from '../fs/durable.js';
import { openStreamedFile } from '../fs/streamed-file.js';
import { isObject } from '../is-object.js';
import { forecasterFiles, readForecasterFile, writeForecasterFiles, type ForecasterRun } from './forecaster-file.js';
import { resolveLevels } from './intervals.js';
import { csvCell, forecastHeader, forecastRows } from './many-output.js';
import { globalSpecFromFlags, isGlobalKind } from './many-global.js';
import { NETWORK_FLAGS } from './model-choice.js';
import { forecastSpec, readMany, refuseOneSeriesFlags, reportInput, seasonAndHorizon, type ManyFlags, type ManyReport } from './many.js';
import { checkOutputFiles } from './output-paths.js';
import { countProgress } from './progress.js';
import { prepareRunFolder, writeRunFolder } from './run-folder.js';
import { recordedInput } from './run-output.js';

/** The file forecast reads in a many-series train's folder. */
export const MANY_FILE = 'many.json';

/** One series as many.json records it: its id and its forecaster's folder, or why it has none. */
export interface SavedSeries {
  id: string[];
  folder?: string;
  skipped?: string;
}

/** What many.json holds. */
export interface ManyTrainJSON {
  format: 'seqcast-many';
  version: 1;
  /** The --model kind trained. */
  model: string;
  /** Each series' forecaster spec (not a global kind). */
  spec?: ForecasterSpec;
  /** A global kind's spec; the network is in global/. */
  global?: GlobalSpec;
  horizon: number;
  season: number;
  idColumns: string[];
  series: SavedSeries[];
}

/**
 * Whether `path` is a many-series train's folder (holds many.json).
 * @example if (isManyTrainFolder(flags.model)) ...
 * @throws never.
 */
export function isManyTrainFolder(path: string | undefined): path is string {
  return path !== undefined && existsSync(join(path, MANY_FILE));
}

/**
 * `seqcast train --id ... --out DIR`: fits the forecaster on each series and saves them all (the file's comment).
 * @example await runTrainMany({ file: 'm.csv', id: 'unique_id', date: 'ds', column: 'y', model: 'ets', out: 'models' });
 * @throws OptionError for --split, a --level other than none, a bad --model or flags; OutputError
 *   when DIR cannot be the run's; as the reader. A series that cannot be fitted is skipped, not thrown.
 */
export async function runTrainMany(flags: ManyFlags): Promise<ManyReport> {
  refuseOneSeriesFlags(flags, [['split', '--split']]);
  refuseLevels(flags, 'train');
  const folder = await prepareRunFolder(flags.out ?? 'seqcast-run', 'train');
  const input = readMany(flags, 'train');
  const { period, horizon, frequency } = seasonAndHorizon(flags, input);
  const model = flags.model ?? 'lstm';
  const global = isGlobalKind(model) ? globalSpecFromFlags(flags as Record<string, unknown>, period, horizon) : undefined;
  const spec = global ? undefined : forecastSpec({ ...flags, model }, period, horizon);
  const saved: SavedSeries[] = [];
  const notes: string[] = [];
  let done = 0;
  process.stderr.write(`training ${model} on ${input.series.length} series in this process\n`);
  await writeRunFolder(folder, async (stage) => {
    if (global) {
      const { network, report } = await fitGlobalMany(input.series, global);
      await saveGlobalNetwork(network, join(stage, 'global'));
      const short = new Set(report.skipped.map((s) => s.index));
      if (short.size > 0) notes.push(`${short.size} series too short to train ${network.name} on were left out of its training.`);
      for (const s of input.series) saved.push({ id: s.id });
      done = input.series.length;
    } else {
      await mkdir(join(stage, 'series'));
      const progress = countProgress({ total: input.series.length, label: 'series' });
      for (let index = 0; index < input.series.length; index++) {
        const s = input.series[index];
        try {
          const f = makeForecaster(spec!);
          if (s.values.length < f.minHistory + 1)
            throw new InputError(`The series has ${s.values.length} values and ${f.name} needs at least ${f.minHistory + 1} to fit on.`);
          await f.fit(s.values);
          const files = await forecasterFiles(spec!, f, seriesRun(flags, input, index, period));
          await writeForecasterFiles(join(stage, 'series', String(index)), files);
          saved.push({ id: s.id, folder: `series/${index}` });
          done++;
        } catch (err) {
          if (!(err instanceof InputError || err instanceof TrainingError)) throw err;
          saved.push({ id: s.id, skipped: err.message });
        }
        progress.update(index + 1);
      }
      progress.close();
    }
    const json: ManyTrainJSON = {
      format: 'seqcast-many',
      version: 1,
      model,
      ...(spec ? { spec } : {}),
      ...(global ? { global } : {}),
      horizon,
      season: period,
      idColumns: input.idColumns,
      series: saved,
    };
    await writeDurably(join(stage, MANY_FILE), JSON.stringify(json) + '\n');
    const lines = [['index', ...input.idColumns, 'length', 'forecaster', 'skipped'].map(csvCell).join(',')];
    saved.forEach((s, i) =>
      lines.push(
        [i, ...s.id, input.series[i].values.length, s.folder ? s.folder : global ? 'global/' : '', s.skipped ?? ''].map(csvCell).join(','),
      ),
    );
    await writeDurably(join(stage, 'series.csv'), lines.join('\n') + '\n');
  });
  const skipped = [
    ...input.skipped.map((s) => ({ id: s.id.join('/'), reason: s.reason })),
    ...saved.filter((s) => s.skipped !== undefined).map((s) => ({ id: s.id.join('/'), reason: s.skipped! })),
  ];
  return {
    command: 'train',
    input: reportInput(input, frequency),
    settings: {
      forecasters: spec ? [spec] : [],
      ...(global ? { global } : {}),
      horizon,
      season: period,
      levels: null,
      where: 'this thread',
    },
    done,
    skipped,
    notes: [...folder.notes, ...notes],
    files: [join(folder.path, MANY_FILE), join(folder.path, 'series.csv'), join(folder.path, global ? 'global' : 'series')],
  };
}

/**
 * `seqcast forecast --model DIR --id ... --out f.csv`: each series forecast by its saved
 * forecaster (matched by id), or by the saved global network; point forecasts, streamed to --out.
 * @example await runForecastFromSaved({ model: 'models', file: 'new.csv', id: 'unique_id', date: 'ds', column: 'y', out: 'f.csv' });
 * @throws OptionError for a --level other than none, network flags, --queue; ModelFileError when
 *   many.json or a saved forecaster is not seqcast's; as the reader.
 */
export async function runForecastFromSaved(flags: ManyFlags & { model: string }): Promise<ManyReport> {
  refuseOneSeriesFlags(flags, [
    ['split', '--split'],
    ['chart', '--chart'],
    ['queue', '--queue'],
    ['season', '--season'],
  ]);
  refuseLevels(flags, 'forecast');
  const network = NETWORK_FLAGS.find(([key]) => (flags as unknown as Record<string, unknown>)[key] !== undefined);
  if (network)
    throw new OptionError(
      `${network[1]} does not apply to --model ${flags.model}: its forecasters are trained and saved; drop ${network[1]} (or train again with it).`,
    );
  if (flags.out === undefined)
    throw new OptionError('A forecast of many series is written as CSV: name the file with --out forecasts.csv.');
  await checkOutputFiles([{ option: '--out', path: flags.out }], [flags.file]);
  const dir = flags.model;
  const saved = await readManyFile(dir);
  const input = readMany(flags, 'forecast');
  const horizon = flags.horizon ?? saved.horizon;
  const byId = new Map(saved.series.map((s) => [JSON.stringify(s.id), s]));
  const notes = [`${GLOBAL_NO_INTERVALS.replace('a global network', 'a saved many-series run')}.`];
  const file = await openStreamedFile(flags.out, { option: '--out' });
  let result: ManyResult;
  try {
    await file.write(forecastHeader(input, []));
    const rows = forecastRows(input, []);
    if (saved.global) {
      const network = await loadGlobalNetwork(join(dir, 'global'));
      const known = input.series.filter((s) => byId.has(JSON.stringify(s.id))).length;
      if (known < input.series.length)
        notes.push(`${input.series.length - known} series were not in the training file; the global network forecasts them too.`);
      result = await forecastWithGlobal(network, input.series, { horizon, onSeries: (o) => file.write(rows(o)) });
    } else {
      result = { done: 0, skipped: [] };
      for (let index = 0; index < input.series.length; index++) {
        const outcome = await forecastOne(
          dir,
          byId.get(JSON.stringify(input.series[index].id)),
          input.series[index].values,
          index,
          horizon,
        );
        if (outcome.skipped !== undefined) result.skipped.push({ index, reason: outcome.skipped });
        else result.done++;
        await file.write(rows(outcome));
      }
    }
    await file.commit();
  } finally {
    await file.abort();
  }
  return {
    command: 'forecast',
    input: reportInput(input),
    settings: {
      forecasters: saved.spec ? [saved.spec] : [],
      ...(saved.global ? { global: saved.global } : {}),
      horizon,
      season: saved.season,
      levels: null,
      where: `the forecasters saved in ${resolve(dir)}`,
    },
    done: result.done,
    skipped: [
      ...input.skipped.map((s) => ({ id: s.id.join('/'), reason: s.reason })),
      ...result.skipped.map((s) => ({ id: input.series[s.index].id.join('/'), reason: s.reason })),
    ],
    notes,
    files: [flags.out],
  };
}

/** One series forecast by its saved forecaster, or skipped with the reason. */
async function forecastOne(
  dir: string,
  entry: SavedSeries | undefined,
  values: Float32Array,
  index: number,
  horizon: number,
): Promise<SeriesOutcome> {
  if (!entry) return { index, skipped: `no forecaster is saved for this id in ${dir}: it was not in the training file` };
  if (entry.folder === undefined) return { index, skipped: `its forecaster was not trained: ${entry.skipped}` };
  const { forecaster } = await readForecasterFile(join(dir, entry.folder));
  if (values.length < forecaster.minHistory)
    return {
      index,
      skipped: `The series has ${values.length} values and ${forecaster.name} forecasts from at least ${forecaster.minHistory}.`,
    };
  try {
    const mean = forecaster.forecast(values, horizon);
    return { index, forecast: { mean, levels: [], lower: [], upper: [], notes: [] } };
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    return { index, skipped: err.message };
  }
}

/**
 * `forecast --blend DIR`'s network: the global network a `train --id ... --model global-mlp|global-lstm --out DIR` saved.
 * @example const blend = await loadBlendNetwork('hourly-global'); blend.network.forecast(values, 48);
 * @throws OptionError when DIR is not a many-series run or holds per-series forecasters; ModelFileError for a corrupt one.
 */
export async function loadBlendNetwork(dir: string): Promise<{ dir: string; network: GlobalNetwork }> {
  if (!isManyTrainFolder(dir))
    throw new OptionError(
      `--blend takes the folder \`seqcast train --id ... --model global-mlp --out DIR\` wrote, and '${dir}' holds no ${MANY_FILE}: train one there first.`,
    );
  const saved = await readManyFile(dir);
  if (!saved.global)
    throw new OptionError(
      `--blend takes a global network's run, and '${dir}' holds one ${saved.model} forecaster per series: train it with --model global-mlp (e.g. --stl 24,168), or use --model ${dir} alone.`,
    );
  return { dir, network: await loadGlobalNetwork(join(dir, 'global')) };
}

/** many.json of `dir`, checked. @throws ModelFileError naming the file and the fix. */
async function readManyFile(dir: string): Promise<ManyTrainJSON> {
  const path = join(dir, MANY_FILE);
  const bad = (what: string): never => {
    throw new ModelFileError(`Cannot forecast with '${dir}': ${MANY_FILE} ${what}. Train it again with seqcast train --id ... --out DIR.`);
  };
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    return bad(`cannot be read as JSON (${(err as Error).message})`);
  }
  if (!isObject(json) || json.format !== 'seqcast-many') return bad('is not a seqcast many-series run (its format is not "seqcast-many")');
  if (json.version !== 1) bad(`has version ${JSON.stringify(json.version)}, and this seqcast reads version 1`);
  if (!Number.isInteger(json.horizon) || !Number.isInteger(json.season)) bad('has no integer horizon and season');
  const series = json.series;
  if (
    !Array.isArray(series) ||
    !series.every(
      (s) =>
        isObject(s) &&
        Array.isArray(s.id) &&
        s.id.every((c) => typeof c === 'string') &&
        (s.folder === undefined || (typeof s.folder === 'string' && /^series\/\d+$/.test(s.folder))) &&
        (s.skipped === undefined || typeof s.skipped === 'string'),
    )
  )
    bad('has a series list seqcast did not write');
  if (json.global === undefined && json.spec === undefined) bad('names neither a forecaster spec nor a global network');
  return json as unknown as ManyTrainJSON;
}

/** The run a series' forecaster.json records: trained on all its values, no validation scores. */
function seriesRun(flags: ManyFlags, input: ManySeriesResult, index: number, period: number): ForecasterRun {
  const s = input.series[index];
  return runMetadata({
    split: s.values.length,
    input: recordedInput(flags),
    series: {
      name: s.id.join('/'),
      columns: [input.column],
      length: s.values.length,
      ...(s.end !== undefined ? { lastDate: s.end } : {}),
      ...(s.frequency ? { frequency: s.frequency } : {}),
    },
    season: { ...(period > 1 ? { baseline: period } : {}), mase: period },
    metrics: [],
  });
}

/** Many series' saved forecasts are point forecasts: an explicit --level (not none) is refused. */
function refuseLevels(flags: ManyFlags, command: 'train' | 'forecast'): void {
  const asked = flags.level !== undefined ? resolveLevels(flags.level) : null;
  if (asked && asked.length > 0)
    throw new OptionError(
      `${command === 'train' ? 'seqcast train' : 'seqcast forecast --model DIR'} over many series saves and gives point forecasts only (no intervals): drop --level, or give --level none${command === 'forecast' ? '; for intervals, forecast with --model KIND (fitted afresh)' : ''}.`,
    );
}
