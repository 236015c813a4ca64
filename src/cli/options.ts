/**
 * The options the data commands share (train, backtest, lr-find, plot, forecast): where the
 * series comes from, how it is split, and the network's settings. Each command adds the groups it
 * needs; the parsers (also used by demo and reproduce for --epochs, --seed, --lr) reject bad values
 * with one line naming the option (commander's InvalidArgumentError, exit code 2).
 */
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DATASETS, isDatasetName, datasetEntry, type DatasetName } from '../data/catalog.js';
import { checkLongEnough, type SeriesInputResult } from '../data/series-input.js';
import { FILL_METHODS } from '../data/fill.js';
import type { OptionNames } from '../data/input-error.js';
import type { RunInput } from '../forecast/run-metadata.js';
import { NETWORK_KIND_IDS } from '../model/network-kinds.js';
import { resolveNetworkSpec, type NetworkSpec, type NetworkSpecInput } from '../model/model-spec.js';
import { loadSeriesInput } from './series-file.js';

/** The input options as commander gives them: what a run's metadata records as its input. */
export type InputFlags = RunInput;

/** The network options as commander gives them (all optional: the spec's defaults apply). */
export interface ModelFlags {
  model?: NetworkSpec['model'];
  units?: number;
  layers?: number;
  window?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: NetworkSpec['optimizer'];
  loss?: NetworkSpec['loss'];
  scaling?: NetworkSpec['scaling'];
  seed?: number;
  clipNorm?: number;
  config?: string;
}

/**
 * The flags the CLI's messages name where the data layer's messages name none (a
 * `SeriesInputError`): `main.ts` words every such error with them.
 */
export const OPTION_FLAGS: OptionNames = {
  column: flag('column'),
  date: flag('date'),
  fill: flag('fill', FILL_METHODS.join('|')),
  format: flag('format'),
  window: flag('window'),
  split: flag('split'),
};

/** `--name` alone, or `--name value` (`any`, the choices, when no value is given). */
function flag(name: string, any?: string): (value?: string) => string {
  return (value = any) => (value === undefined ? `--${name}` : `--${name} ${value}`);
}

/** `--split`: a fraction of the series in (0, 1) (e.g. 0.8) or a number of training values (e.g. 3000). */
export function parseSplit(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!(n > 0) || !Number.isFinite(n) || (n >= 1 && !Number.isInteger(n))) {
    throw new InvalidArgumentError(
      `--split must be a fraction in (0, 1) such as 0.8 or a whole number of training values such as 3000, got '${value}'.`,
    );
  }
  return n;
}

/** A positive integer option (`--units`, `--window`, `--horizon`, ...). */
export function positiveInteger(flag: string): (value: string) => number {
  return (value) => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!(n >= 1) || !Number.isSafeInteger(n)) throw new InvalidArgumentError(`${flag} must be a positive integer, got '${value}'.`);
    return n;
  };
}

/** A positive number option (`--clip-norm`). */
export function positiveNumber(flag: string): (value: string) => number {
  return (value) => {
    const n = value.trim() === '' ? NaN : Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${flag} must be a positive number, got '${value}'.`);
    return n;
  };
}

/** `--epochs`: a positive integer. */
export const parseEpochs = positiveInteger('--epochs');

/** `--seed`: an integer in [0, 2^32 - 1]. */
export function parseSeed(value: string): number {
  const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 0xffffffff)) throw new InvalidArgumentError(`--seed must be an integer in [0, 4294967295], got '${value}'.`);
  return n;
}

/** `--lr`: a positive finite number such as 1e-6. */
export function parseLearningRate(value: string): number {
  const n = value.trim() === '' ? NaN : Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`--lr must be a positive number such as 1e-6, got '${value}'.`);
  return n;
}

/** Adds --dataset, --file, --column, --date, --fill, --format. */
export function addInputOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--dataset <name>', 'a shipped series').choices([...DATASETS]))
    .option('--file <path>', 'a CSV or JSON file of your own')
    .option(
      '--column <names>',
      'value column(s) of the file, by header or 0-based index; several as a,b (the first is the target); default: the last column',
    )
    .option('--date <name>', 'the date column of the file (turns on date checks and dated forecasts)')
    .addOption(new Option('--fill <method>', 'fill missing values and missing dates instead of failing').choices([...FILL_METHODS]))
    .addOption(new Option('--format <format>', 'file format, when the extension does not say').choices(['csv', 'json']));
}

/** Adds --split (default: the shipped datasets' course split, else 0.8). */
export function addSplitOption(cmd: Command): Command {
  return cmd.option(
    '--split <n>',
    "training part: a fraction (0.8) or a number of values (3000); default: the course's split for the shipped series, else 0.8",
    parseSplit,
  );
}

/** Adds the network options; with `--config file.json` the file gives the spec and flags override it. */
export function addModelOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('--model <kind>', 'network kind').choices([...NETWORK_KIND_IDS]))
    .option('--units <n>', 'units per recurrent layer (and Conv1D filters); default 32', positiveInteger('--units'))
    .option('--layers <n>', 'stacked recurrent layers; default 2', positiveInteger('--layers'))
    .option('--window <n>', 'past values each forecast sees; default 20', positiveInteger('--window'))
    .option('--epochs <n>', 'passes over the training windows; default 100', parseEpochs)
    .option('--batch-size <n>', 'windows per batch; default 32', positiveInteger('--batch-size'))
    .option('--lr <rate>', 'learning rate; default 1e-3 for adam, 1e-2 for sgd on scaled data', parseLearningRate)
    .addOption(new Option('--optimizer <name>', 'optimizer (sgd: momentum 0.9, as the course); default adam').choices(['sgd', 'adam']))
    .addOption(new Option('--loss <name>', 'training loss; default huber').choices(['huber', 'mse', 'mae']))
    .addOption(
      new Option('--scaling <kind>', 'scaling fitted on the training part; default standard').choices(['standard', 'minmax', 'none']),
    )
    .option('--seed <n>', 'seed of the weights and the shuffle; default 0', parseSeed)
    .option('--clip-norm <n>', 'clip each weight tensor’s gradient norm (Keras clipnorm)', positiveNumber('--clip-norm'))
    .option(
      '--config <file>',
      'a JSON file with the network spec (keys as the flags: model, units, layers, window, epochs, batchSize, learningRate, optimizer, loss, scaling, seed, clipNorm); flags override it',
    );
}

/**
 * The series the flags name; the notes of the reading (cells filled by `--fill`) go to stderr
 * unless `printNotes` is false (the caller reports them itself).
 * @throws with the input layer's one-line message when the flags or the data are wrong.
 */
export function loadInput(flags: InputFlags, { printNotes = true }: { printNotes?: boolean } = {}): SeriesInputResult {
  if (!flags.dataset && !flags.file) throw new Error(`Name a series: --dataset ${DATASETS.join('|')}, or --file data.csv (see --help).`);
  const input = loadSeriesInput({
    dataset: flags.dataset,
    file: flags.file,
    column: flags.column,
    date: flags.date,
    fill: flags.fill,
    format: flags.format,
  });
  // what --fill changed is never silent: on stderr, beside the progress
  if (printNotes) for (const note of input.notes) process.stderr.write(`note: ${note}\n`);
  return input;
}

/**
 * `--split` as an index into a series of `n` values: a fraction (0.8) of n, or the count itself.
 * @example splitIndex(1461, 0.8) // 1169
 * @throws never (parseSplit has checked the value).
 */
export function splitIndex(n: number, split: number): number {
  return split < 1 ? Math.round(n * split) : split;
}

/**
 * The number of training values: `--split` as a fraction or a count, else the course's split for
 * a shipped series, else 80 %. Checks the series is long enough for the window.
 * @throws when the split leaves no training or no validation values, or the window does not fit.
 */
export function resolveSplit(n: number, split: number | undefined, window: number, dataset?: string): number {
  // the course's split for a shipped series (train on the values before it), else 80 %
  const count = split === undefined ? (isDatasetName(dataset) ? datasetEntry(dataset).split : Math.round(n * 0.8)) : splitIndex(n, split);
  if (count >= n) {
    if (split === undefined) checkLongEnough(n, window); // the default split of a very short series: say what is short
    throw new Error(`--split ${split} leaves no values to validate on: the series has ${n} values; use a smaller split.`);
  }
  checkLongEnough(n, window, count);
  return count;
}

/**
 * The network spec: the command's `defaults` (model lstm unless they say otherwise), the
 * `--config` file over them, the flags over both.
 * @throws when the config file is missing or not JSON, or a field is invalid (naming it).
 */
export function resolveSpec(flags: ModelFlags, defaults: Partial<NetworkSpecInput> = {}): NetworkSpec {
  let base: Partial<NetworkSpecInput> = {};
  if (flags.config) {
    let text: string;
    try {
      text = readFileSync(flags.config, 'utf8');
    } catch {
      throw new Error(`Cannot read the config file ${flags.config}: check the path.`);
    }
    try {
      base = JSON.parse(text) as Partial<NetworkSpecInput>;
    } catch (err) {
      throw new Error(`The config file ${flags.config} is not valid JSON (${(err as Error).message}): fix it or use flags.`);
    }
    if (typeof base !== 'object' || base === null || Array.isArray(base))
      throw new Error(`The config file ${flags.config} must hold one JSON object such as {"model": "lstm", "units": 32}.`);
  }
  const fromFlags: Partial<NetworkSpecInput> = {
    model: flags.model,
    units: flags.units,
    layers: flags.layers,
    window: flags.window,
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    learningRate: flags.lr,
    optimizer: flags.optimizer,
    loss: flags.loss,
    scaling: flags.scaling,
    seed: flags.seed,
    clipNorm: flags.clipNorm,
  };
  // the command's defaults, then the file, then the flags
  const merged: Record<string, unknown> = { model: 'lstm', ...defaults, ...base };
  for (const [k, v] of Object.entries(fromFlags)) if (v !== undefined) merged[k] = v;
  return resolveNetworkSpec(merged as NetworkSpecInput);
}
