/**
 * What a saved run's model records in its metadata, so that `seqcast forecast --model DIR` can
 * rebuild the run: the network's spec and fitted target transform (see networkForecasterFromModel), the
 * split, where the series came from, what it was, the seasonal periods, and the validation scores.
 * `seqcast train` and the playground's worker write it ({@link runMetadata}); `seqcast forecast`
 * reads it ({@link readRunMetadata}), models the playground saved in its earlier form included, and
 * models saved before target transforms, whose metadata holds the fitted `scaler` (a ScalerJSON is
 * a TransformJSON: it is read as the transform).
 *
 * Browser-safe: no Node modules.
 */
import type { DateFrequency } from '../data/dates.js';
import type { FillMethod } from '../data/fill.js';
import type { ScalerJSON } from '../data/scaling.js';
import type { TransformJSON } from '../data/transforms/transform.js';
import type { DatasetName } from '../data/catalog.js';
import type { NetworkSpec } from '../model/model-spec.js';
import type { Scores } from './fit-and-score.js';
import { ModelFileError } from '../errors.js';
import type { ConformalCalibration, ConformalOptions } from './conformal.js';
import { isObject } from '../is-object.js';

/** Where the series came from: a shipped dataset or a file (its path, or the name the page was given), and how it was read. */
export interface RunInput {
  dataset?: DatasetName;
  file?: string;
  column?: string;
  date?: string;
  fill?: FillMethod;
  format?: 'csv' | 'json';
}

/** What the series was. */
export interface RunSeries {
  name: string;
  /** The value column(s); the first is the target. */
  columns: string[];
  length: number;
  /** The last date, when the series has dates. */
  lastDate?: string;
  frequency?: DateFrequency;
}

/** The seasonal naive baseline's period (none when the series has no season) and MASE's period. */
export interface Seasons {
  baseline?: number;
  mase: number;
}

/** One forecaster's scores on the validation period; NaN where a score is undefined (see notes). */
export interface ForecasterScores extends Scores {
  forecaster: string;
}

/** {@link ForecasterScores} as the metadata keeps them: an undefined score (NaN) as null. */
export type SavedScores = { forecaster: string } & { [K in keyof Scores]: number | null };

/** A saved run's model metadata. */
export interface RunMetadata {
  /** The network's full spec (defaults filled in). */
  spec: NetworkSpec;
  /** The spec's target transform fitted on the training part (its `toJSON()`). */
  transform: TransformJSON;
  /** The first validation index: the network trained on series[0, split). */
  split: number;
  input: RunInput;
  series: RunSeries;
  season: Seasons;
  /** The validation scores of the network and the baselines, the network first. */
  metrics: SavedScores[];
  /**
   * The network's conformal calibration on the training part (conformal.ts), what its prediction
   * intervals need: the same `options` and `calibration` a statistical forecaster's forecaster.json
   * holds in its `{ kind: 'conformal' }` wrapper. Absent when trained with `--level none`.
   */
  conformal?: SavedConformal;
}

/** A conformal calibration as a run saves it (docs/model-format.md). */
export interface SavedConformal {
  options: Required<ConformalOptions>;
  calibration: ConformalCalibration;
}

/**
 * The metadata of a run, ready to save: scores that are NaN become null (JSON has no NaN).
 * @example await saveModel(network.model, 'run/model', { metadata: { ...runMetadata({ spec, transform, split, input, series, season, metrics: scores }) } });
 * @throws never.
 */
export function runMetadata(run: Omit<RunMetadata, 'metrics'> & { metrics: ForecasterScores[] }): RunMetadata;
/** A statistical forecaster's run (no network spec and transform), ready to save the same way. */
export function runMetadata<T extends { metrics: ForecasterScores[] }>(run: T): Omit<T, 'metrics'> & { metrics: SavedScores[] };
export function runMetadata<T extends { metrics: ForecasterScores[] }>(run: T): Omit<T, 'metrics'> & { metrics: SavedScores[] } {
  return { ...run, metrics: run.metrics.map(savedScores) };
}

function savedScores(s: ForecasterScores): SavedScores {
  return Object.fromEntries(Object.entries(s).map(([k, v]) => [k, typeof v === 'number' && !Number.isFinite(v) ? null : v])) as SavedScores;
}

/**
 * A saved model's metadata read as a {@link RunMetadata}, the fields it has and no others. Models
 * the playground saved before it wrote this form keep loading: their `metrics` (an object keyed by
 * forecaster, `{ 'rnn (this model)': { mae, rmse } }`) become the array form with the other scores
 * null, and a missing `season` is read as MASE period 1 (what they were scored with). No metrics
 * read as []. A model saved before target transforms has a `scaler` and no `transform`: the
 * scaler is the transform (its spec has no `transform` field either, and resolves to [scaling]).
 *
 * @example const meta = readRunMetadata((await loadModel('run/model')).metadata); meta.season.mase;
 * With `checked` (default: when it has a network `spec`), a run's metadata is checked field by field.
 * @throws ModelFileError when a run's metadata (one with the network's `spec`, or `checked`) has a field that is
 *   present but not of the kind seqcast writes (a hand-edited file: `split: "x"`, `input.column: 7`),
 *   naming the field. Absent fields, and fields of other metadata that do not fit, are left out.
 */
export function readRunMetadata(
  metadata: Record<string, unknown>,
  { checked = isObject(metadata.spec) }: { checked?: boolean } = {},
): Partial<RunMetadata> & Pick<RunMetadata, 'season' | 'metrics'> {
  const m = metadata;
  // a run's metadata (train or the page wrote it: it has the network's spec; a saved statistical
  // forecaster's run, `checked`) is checked field by field; other metadata (a library user's own,
  // e.g. { series: 'sunspots' }) is read for what fits
  const run = checked;
  const field = (key: string, ok: boolean, expected: string): boolean => {
    if (m[key] === undefined) return false;
    if (!ok && run) throw edited(`metadata.${key}`, m[key], expected);
    return ok;
  };
  const spec = field('spec', isObject(m.spec), 'an object (the network spec)');
  const scaler = field('scaler', isObject(m.scaler), 'an object (the fitted scaler)');
  const transform = field('transform', isObject(m.transform), 'an object (the fitted transform)');
  const split = field('split', Number.isInteger(m.split) && (m.split as number) >= 1, 'a whole number of at least 1');
  const input = field('input', isObject(m.input), 'an object');
  if (input && run)
    checkStrings(m.input as Record<string, unknown>, 'metadata.input', ['dataset', 'file', 'column', 'date', 'fill', 'format']);
  const series = field('series', isObject(m.series), 'an object');
  if (series && run) {
    const s = m.series as Record<string, unknown>;
    checkStrings(s, 'metadata.series', ['name', 'lastDate']);
    if (s.columns !== undefined && !(Array.isArray(s.columns) && s.columns.every((c) => typeof c === 'string')))
      throw edited('metadata.series.columns', s.columns, 'a list of column names');
    if (s.length !== undefined && !(Number.isInteger(s.length) && (s.length as number) >= 0))
      throw edited('metadata.series.length', s.length, 'a whole number');
  }
  const season = field(
    'season',
    isObject(m.season) && Number.isInteger(m.season.mase) && (m.season.mase as number) >= 1,
    'an object with mase, a whole number of at least 1',
  );
  if (season && run) {
    const b = (m.season as Record<string, unknown>).baseline;
    if (b !== undefined && !(Number.isInteger(b) && (b as number) >= 1))
      throw edited('metadata.season.baseline', b, 'a whole number of at least 1');
  }
  field('metrics', Array.isArray(m.metrics) || isObject(m.metrics), 'a list of scores');
  // its numbers are checked where it is used (conformalForecasterFromFitted)
  const conformal = field(
    'conformal',
    isObject(m.conformal) && isObject(m.conformal.options) && isObject(m.conformal.calibration),
    'an object with the conformal options and calibration',
  );
  return {
    ...(spec ? { spec: m.spec as unknown as NetworkSpec } : {}),
    ...(transform
      ? { transform: m.transform as unknown as TransformJSON }
      : scaler
        ? { transform: m.scaler as unknown as ScalerJSON }
        : {}),
    ...(split ? { split: m.split as number } : {}),
    ...(input ? { input: m.input as RunInput } : {}),
    ...(series ? { series: m.series as unknown as RunSeries } : {}),
    season: season ? (m.season as unknown as Seasons) : { mase: 1 },
    metrics: readMetrics(m.metrics),
    ...(conformal ? { conformal: m.conformal as unknown as SavedConformal } : {}),
  };
}

/** A field of the saved metadata that is present but not of its kind: the model file was edited. */
function edited(path: string, value: unknown, expected: string): ModelFileError {
  const shown = JSON.stringify(value) ?? String(value);
  return new ModelFileError(
    `The model's ${path} is ${shown.length > 60 ? `${shown.slice(0, 57)}...` : shown}, where seqcast writes ${expected}: model.json was edited or is corrupt; train the model again, or restore the file.`,
  );
}

/** Each of `keys` that `o` has must be a string. */
function checkStrings(o: Record<string, unknown>, where: string, keys: string[]): void {
  for (const key of keys) if (o[key] !== undefined && typeof o[key] !== 'string') throw edited(`${where}.${key}`, o[key], 'a string');
}

/** The array form as it is; the playground's earlier object form (name → { mae, rmse }) as an array. */
function readMetrics(metrics: unknown): SavedScores[] {
  if (Array.isArray(metrics)) return metrics as SavedScores[];
  if (!isObject(metrics)) return [];
  const score = (v: unknown): number | null => (typeof v === 'number' ? v : null);
  return Object.entries(metrics as Record<string, Partial<Record<keyof Scores, unknown>> | null>).map(([forecaster, s]) => ({
    forecaster,
    mae: score(s?.mae),
    rmse: score(s?.rmse),
    mape: score(s?.mape),
    smape: score(s?.smape),
    mase: score(s?.mase),
  }));
}
