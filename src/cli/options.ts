/**
 * The options the data commands share (train, backtest, lr-find, plot, forecast): where the
 * series comes from, how it is split, and the network's settings. Each command adds the groups it
 * needs; the parsers (also used by demo and reproduce for --epochs, --seed, --lr) reject bad values
 * with one line naming the option (commander's InvalidArgumentError, exit code 2).
 */
import { readFileSync, statSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { DATASETS, isDatasetName, datasetEntry, type DatasetName } from '../data/catalog.js';
import { checkLongEnough, type SeriesInputResult } from '../data/series-input.js';
import { FILL_METHODS } from '../data/fill.js';
import type { OptionNames } from '../data/input-error.js';
import type { RunInput } from '../forecast/run-metadata.js';
import { NETWORK_KIND_IDS } from '../model/network-kinds.js';
import { resolveNetworkSpec, type NetworkSpec, type NetworkSpecInput } from '../model/model-spec.js';
import { InputError } from '../errors.js';
import {
  MAX_BATCH_SIZE,
  MAX_EPOCHS,
  MAX_FOLDS,
  MAX_HORIZON,
  MAX_LAYERS,
  MAX_STEPS,
  MAX_UNITS,
  MAX_WINDOW,
  MAX_WORKERS,
} from '../limits.js';
import { NORMALIZE_KINDS } from '../model/target-spec.js';
import { parseTransformList, type TransformSpec } from '../data/transforms/registry.js';
import { loadSeriesInput } from './series-file.js';
import { MAX_INNER_FOLDS, type AutoCandidateSet } from '../forecast/auto.js';
import { checkStlFlag, GLOBAL_KIND_IDS } from './many-global.js';
import { addCandidatesOption, isStatisticalModel, MODEL_CHOICES, type StatisticalModel } from './model-choice.js';

/** The input options as commander gives them: what a run's metadata records as its input. */
export type InputFlags = RunInput;

/** The network options as commander gives them (all optional: the spec's defaults apply). */
export interface ModelFlags {
  /** A network kind, or ets, arima, theta, stlf, auto (see model-choice.ts). */
  model?: NetworkSpec['model'] | StatisticalModel;
  /** auto's candidate set (only with --model auto). */
  candidates?: AutoCandidateSet;
  /** auto's inner folds (only with --model auto). */
  innerFolds?: number;
  /** --stl: the seasonal periods of stlf, stl-arima, auto's STL candidates, or a global network's adjustment. */
  stl?: number[];
  units?: number;
  layers?: number;
  window?: number;
  epochs?: number;
  maxSteps?: number;
  batchSize?: number;
  lr?: number;
  optimizer?: NetworkSpec['optimizer'];
  loss?: NetworkSpec['loss'];
  scaling?: NetworkSpec['scaling'];
  seed?: number;
  clipNorm?: number;
  strategy?: NetworkSpec['strategy'];
  transform?: TransformSpec[];
  normalize?: NetworkSpec['normalize'];
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

/**
 * A whole-number option from `min` to `max` (`--units`, `--window`, `--horizon`, ...), written as
 * digits: `1e3`, `2.5`, `0x10` and text are refused, as is a value past `max` (the bounds in
 * src/limits.ts), with one line naming the option, the range and a usual value.
 * @example integerOption('--units', 1, MAX_UNITS, '32')('64'); // 64
 * @throws InvalidArgumentError (exit 2) for anything else.
 */
export function integerOption(flag: string, min: number, max: number, example: string): (value: string) => number {
  return (value) => {
    const n = /^\+?\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) {
      const range =
        max === Number.MAX_SAFE_INTEGER
          ? min === 0
            ? 'a non-negative integer'
            : 'a positive integer'
          : `an integer from ${fmt(min)} to ${fmt(max)}`;
      throw new InvalidArgumentError(`${flag} must be ${range}, got '${value}': use e.g. ${flag} ${example}.`);
    }
    return n;
  };
}

/** Thousands separated, as a bound reads best: 100,000. */
function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

/**
 * A positive integer option with no bound of its own (`--season`: checked against the series).
 * @example positiveInteger('--season')('12'); // 12
 * @throws InvalidArgumentError (exit 2) when the value is not a positive whole number.
 */
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

/** `--epochs`: an integer from 1 to 100,000 (MAX_EPOCHS). */
export const parseEpochs = integerOption('--epochs', 1, MAX_EPOCHS, '100');

/** `--horizon`: values to forecast, from 1 to 100,000 (MAX_HORIZON). */
export const parseHorizon = integerOption('--horizon', 1, MAX_HORIZON, '24');

/** `--folds`: backtest folds, from 1 to 1,000 (MAX_FOLDS). */
export const parseFolds = integerOption('--folds', 1, MAX_FOLDS, '3');

/** `--workers`: worker threads, from 1 to 64 (MAX_WORKERS). */
export const parseWorkers = integerOption('--workers', 1, MAX_WORKERS, '2');

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

/**
 * `--transform`: target transforms applied in order, comma-separated (the syntax of
 * {@link parseTransformList}, which the playground's transform field reads too).
 * @example parseTransform('box-cox:0,difference,standard'); // [{ kind: 'box-cox', lambda: 0 }, 'difference', 'standard']
 * @throws InvalidArgumentError (exit 2) naming the item and the kinds.
 */
export function parseTransform(value: string): TransformSpec[] {
  try {
    return parseTransformList(value);
  } catch (err) {
    throw new InvalidArgumentError(`--transform ${(err as Error).message}`);
  }
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

/**
 * Adds `--model` and the network options; with `--config file.json` the file gives the spec and
 * flags override it. With `statistical` (train, backtest), `--model` also takes ets, arima, theta, stlf,
 * stl-arima and auto, and `--candidates` and `--inner-folds` are added for auto (model-choice.ts refuses the network flags with them).
 */
export function addModelOptions(
  cmd: Command,
  { statistical = false, model: withModel = true, global = false }: { statistical?: boolean; model?: boolean; global?: boolean } = {},
): Command {
  const model = statistical
    ? new Option(
        '--model <kind>',
        `what forecasts: a network (${NETWORK_KIND_IDS.join(', ')}), or ets (exponential smoothing, as R's forecast::ets), arima (ARIMA chosen and fitted as R's forecast::auto.arima), theta (R's thetaf), stlf (STL decomposition + ETS, as R's forecast::stlf, for the season of --season), stl-arima (STL + ARIMA, as R's stlf(method = "arima")) or auto (chooses among the baselines, Theta, ETS and ARIMA (a --season up to 24) or STL + ETS and STL + ARIMA on the values and their logs (a --season above 24, or with them for several --stl periods), and small networks, by an inner backtest on the training part; see --candidates); default lstm. The network options below are for networks only${global ? `. With many series (--id, --columns, --all-columns) also ${GLOBAL_KIND_IDS.join(', ')}: one network trained on every series (window two seasons, direct, per-window normalization; only --epochs, --units, --seed and --stl apply)` : ''}`,
      ).choices([...MODEL_CHOICES, ...(global ? GLOBAL_KIND_IDS : [])])
    : new Option('--model <kind>', 'network kind').choices([...NETWORK_KIND_IDS]);
  if (withModel) cmd.addOption(model);
  cmd
    .option(
      '--units <n>',
      `units per recurrent layer (and Conv1D filters), up to ${fmt(MAX_UNITS)}; default 32`,
      integerOption('--units', 1, MAX_UNITS, '32'),
    )
    .option('--layers <n>', `stacked recurrent layers, up to ${MAX_LAYERS}; default 2`, integerOption('--layers', 1, MAX_LAYERS, '2'))
    .option(
      '--window <n>',
      `past values each forecast sees, up to ${fmt(MAX_WINDOW)}; default 20`,
      integerOption('--window', 1, MAX_WINDOW, '20'),
    )
    .option('--epochs <n>', `passes over the training windows, up to ${fmt(MAX_EPOCHS)}; default 100`, parseEpochs)
    .option(
      '--max-steps <n>',
      `at most this many optimizer steps, in whole epochs (neuralforecast's max_steps: fewer passes over a long series), up to ${fmt(MAX_STEPS)}; default none`,
      integerOption('--max-steps', 1, MAX_STEPS, '1000'),
    )
    .option(
      '--batch-size <n>',
      `windows per batch, up to ${fmt(MAX_BATCH_SIZE)}; default 32`,
      integerOption('--batch-size', 1, MAX_BATCH_SIZE, '32'),
    )
    .option('--lr <rate>', 'learning rate; default 1e-3 for adam, 1e-2 for sgd on scaled data', parseLearningRate)
    .addOption(
      new Option('--optimizer <name>', "optimizer (sgd: momentum 0.9, as the course; rmsprop: Keras's); default adam").choices([
        'sgd',
        'adam',
        'rmsprop',
      ]),
    )
    .addOption(new Option('--loss <name>', 'training loss; default huber').choices(['huber', 'mse', 'mae']))
    .addOption(
      new Option('--scaling <kind>', 'scaling fitted on the training part; default standard').choices(['standard', 'minmax', 'none']),
    )
    .option('--seed <n>', 'seed of the weights and the shuffle; default 0', parseSeed)
    .option('--clip-norm <n>', 'clip each weight tensor’s gradient norm (Keras clipnorm)', positiveNumber('--clip-norm'))
    .addOption(
      new Option(
        '--strategy <kind>',
        'multi-step forecasts: direct (one network outputs the next --horizon values at once, a Dense(horizon) head) or recursive (a one-step network fed back); default direct when train or lr-find get --horizon, else recursive',
      ).choices(['direct', 'recursive']),
    )
    .option(
      '--transform <kinds>',
      'target transforms fitted on the training part, in order, inverted on the forecasts: e.g. difference,standard or box-cox,difference,standard (also log, minmax, none, seasonal-difference:12, box-cox:0.5); default standard (--scaling X is --transform X)',
      parseTransform,
    )
    .addOption(
      new Option(
        '--normalize <kind>',
        'window: each window relative to its own mean and spread (RevIN), after the transform; default none',
      ).choices([...NORMALIZE_KINDS]),
    )
    .option(
      '--config <file>',
      'a JSON file with the network spec (keys as the flags: model, units, layers, window, epochs, maxSteps, batchSize, learningRate, optimizer, loss, scaling, seed, clipNorm, horizon, strategy, transform, normalize); flags override it',
    );
  if (!statistical) return cmd;
  cmd.option(
    '--stl <periods>',
    `the seasonal periods STL removes, e.g. 24,168 for hourly data (the day and the week): with --model stlf or stl-arima, the periods they decompose by (default: --season); with auto, those of its STL candidates (offered when there are several, or one above 24); with --model ${GLOBAL_KIND_IDS.join(' or ')} (many series), each series' seasons removed (on logs of a series whose values are all positive) before the network sees it and added back to its forecasts, with a window of two of the longest season (default: none)`,
    parseStlPeriods,
  );
  // --stl with a model that does not decompose by STL: refused before the command runs
  cmd.hook('preAction', (_cmd, action) => checkStlFlag(action.opts()));
  return addCandidatesOption(cmd).option(
    '--inner-folds <k>',
    `with --model auto: the inner folds it chooses on, each --horizon values back to back at the end of the training part (more: a steadier choice, and more fits); default 5 for all candidates, 3 for networks or statistical`,
    integerOption('--inner-folds', 1, MAX_INNER_FOLDS, '5'),
  );
}

/**
 * `--stl`'s value: seasonal periods, each an integer from 2 to 100,000, separated by commas.
 * @example parseStlPeriods('24,168'); // [24, 168]
 * @throws InvalidArgumentError naming the flag and an example.
 */
export function parseStlPeriods(value: string): number[] {
  const periods = value.split(',').map((p) => p.trim());
  const bad = periods.find((p) => !/^\d+$/.test(p) || Number(p) < 2 || Number(p) > 100_000);
  if (bad !== undefined)
    throw new InvalidArgumentError(
      `--stl must list seasonal periods from 2 to 100,000 separated by commas, got '${value}': e.g. --stl 24,168.`,
    );
  if (new Set(periods).size !== periods.length) throw new InvalidArgumentError(`--stl lists a period twice: '${value}'.`);
  return periods.map(Number);
}

/**
 * Adds `--horizon` to a command whose only horizon is the network's (train, lr-find): the steps a
 * direct network forecasts at once; given, the strategy defaults to direct. With `auto` (train),
 * the help also says it is the horizon `--model auto` chooses for.
 */
export function addNetworkHorizonOption(cmd: Command, { auto = false }: { auto?: boolean } = {}): Command {
  const forAuto = auto
    ? "; with --model auto, the values it chooses for (default: M4's horizon for the dates' frequency, else 2 seasons); with train, also the steps its prediction intervals are calibrated for (every model; default as auto's)"
    : '';
  return cmd.option(
    '--horizon <n>',
    `steps the network forecasts at once: with --horizon the strategy defaults to direct (one network, n outputs); default 1${forAuto}`,
    positiveInteger('--horizon'),
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
    throw new InputError(
      split === undefined
        ? `The series has ${n} values: the default split trains on ${count} of them and leaves none to validate on; use a longer series.`
        : `--split ${split} leaves no values to validate on: the series has ${n} values; use a smaller split.`,
    );
  }
  checkLongEnough(n, window, count);
  return count;
}

/** A --config file bigger than this is not a network spec (one is a few hundred bytes). */
const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * The JSON object a `--config` file holds, read only when it is a regular file of at most 1 MiB
 * (a device or a FIFO named by mistake is refused, never read).
 * @throws InputError when the file is missing, not a regular file, too large, not JSON or not one object.
 */
function readConfig(path: string): Partial<NetworkSpecInput> {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw new InputError(`Cannot read the config file ${path}: check the path.`);
  }
  if (!stat.isFile()) throw new InputError(`The config file ${path} is not a regular file: name a JSON file such as spec.json.`);
  if (stat.size > MAX_CONFIG_BYTES)
    throw new InputError(
      `The config file ${path} has ${stat.size.toLocaleString('en-US')} bytes, more than a network spec takes (at most 1 MiB): name the spec's JSON file.`,
    );
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new InputError(`Cannot read the config file ${path}: check the path and its permissions.`);
  }
  let base: unknown;
  try {
    base = JSON.parse(text);
  } catch (err) {
    throw new InputError(`The config file ${path} is not valid JSON (${(err as Error).message}): fix it or use flags.`);
  }
  if (typeof base !== 'object' || base === null || Array.isArray(base))
    throw new InputError(`The config file ${path} must hold one JSON object such as {"model": "lstm", "units": 32}.`);
  return base as Partial<NetworkSpecInput>;
}

/**
 * The network spec: the command's `defaults` (model lstm unless they say otherwise), the
 * `--config` file over them, the flags over both. `--transform` and `--scaling` both set the
 * transform (`--scaling X` is `--transform X`): either replaces the file's transform and scaling.
 * `horizon`, the command's `--horizon`, is the network's horizon when its strategy is direct and
 * the file gives none.
 * @example resolveSpec({ strategy: 'direct' }, {}, 18).horizon; // 18
 * @throws InputError when the config file is missing, not a regular file, too large or not one JSON
 *   object; OptionError when a field is invalid (naming it) or the network is too large to train.
 */
export function resolveSpec(flags: ModelFlags, defaults: Partial<NetworkSpecInput> = {}, horizon?: number): NetworkSpec {
  if (isStatisticalModel(flags.model)) throw new Error(`resolveSpec: --model ${flags.model} is not a network; this is a bug in seqcast.`);
  let base: Partial<NetworkSpecInput> = {};
  if (flags.config) base = readConfig(flags.config);
  const fromFlags: Partial<NetworkSpecInput> = {
    model: flags.model as NetworkSpec['model'] | undefined,
    units: flags.units,
    layers: flags.layers,
    window: flags.window,
    epochs: flags.epochs,
    maxSteps: flags.maxSteps,
    batchSize: flags.batchSize,
    learningRate: flags.lr,
    optimizer: flags.optimizer,
    loss: flags.loss,
    scaling: flags.scaling,
    seed: flags.seed,
    clipNorm: flags.clipNorm,
    strategy: flags.strategy,
    transform: flags.transform,
    normalize: flags.normalize,
  };
  const file: Record<string, unknown> = { ...base };
  if (flags.transform !== undefined || flags.scaling !== undefined) {
    delete file.transform; // the flag says the whole transform
    delete file.scaling;
  }
  // the command's defaults, then the file, then the flags
  const merged: Record<string, unknown> = { model: 'lstm', ...defaults, ...file };
  for (const [k, v] of Object.entries(fromFlags)) if (v !== undefined) merged[k] = v;
  if (horizon !== undefined && merged.strategy === 'direct' && file.horizon === undefined) merged.horizon = horizon;
  return resolveNetworkSpec(merged as NetworkSpecInput);
}
