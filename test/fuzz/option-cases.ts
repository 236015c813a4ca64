/**
 * Option values, output locations and config files:
 * - `option`: each numeric option of train, backtest, forecast, lr-find and plot given a negative,
 *   zero, NaN, huge, fractional, text or empty value (exit 2), a valid small one (exit 0), or an
 *   absurd one such as 1e9 units (a clear refusal, 1 or 2, never an attempt); the choice options
 *   given a value outside their list (2); an option without its value (2);
 * - `out`: --out where a file, a folder with other files, a device or a name without extension is
 *   (a failed run must change nothing, an earlier model included);
 * - `config`: `train --config spec.json` with fields of the wrong type or out of range (1 or 2),
 *   unknown keys, a file that is not JSON, a folder or a device.
 */
import { dataCommand, modelFiles, withOption, type DataCommand } from './commands.js';
import type { FuzzContext, Generator, SandboxEntry } from './case.js';
import type { CaseRng } from './rng.js';

type Kind = 'posInt' | 'posNum' | 'seed' | 'split';

interface OptionSpec {
  flag: string;
  kind: Kind;
  /** Values that are right for the case's tiny run. */
  valid: string[];
  /** An absurd value the parser may let through, and the codes that are right for it. */
  huge: string;
  hugeExpect: number[];
}

/** Values wrong for every option of a kind (exit 2). */
const INVALID: Record<Kind, string[]> = {
  posInt: [
    '-1',
    '-3',
    '0',
    '-0',
    'NaN',
    'abc',
    '',
    ' ',
    '1.5',
    '2.7',
    'Infinity',
    '1e400',
    '0x10',
    '3abc',
    '1,5',
    '99999999999999999999',
    '5e-1',
    '--',
  ],
  posNum: ['-1', '0', '-0', 'NaN', 'abc', '', ' ', 'Infinity', '-Infinity', '1e400', '1e-400', '3abc', '1,5', '--'],
  seed: ['-1', 'NaN', 'abc', '', '1.5', '4294967296', 'Infinity', '99999999999999999999'],
  split: ['-1', '0', '-0.5', 'NaN', 'abc', '', '1.5', 'Infinity', '1e400', '0,8'],
};

/** Values a strict and a lenient parser may both defend (exit 0, or 2; 1 if the run then fails). */
const EITHER: Record<Kind, string[]> = {
  posInt: ['1e1', '+3', '03', ' 4 '],
  posNum: ['0x10', '.5', '5.', ' 0.1 '],
  seed: ['1e3', '+7', ' 5 '],
  split: ['.7', ' 0.7 ', '1e3'],
};

const MODEL_OPTIONS = (epochsHuge: number[], lrHuge: number[]): OptionSpec[] => [
  { flag: '--units', kind: 'posInt', valid: ['2', '8'], huge: '1000000000', hugeExpect: [1, 2] },
  { flag: '--layers', kind: 'posInt', valid: ['1', '2'], huge: '1000000000', hugeExpect: [1, 2] },
  { flag: '--window', kind: 'posInt', valid: ['3', '12'], huge: '1000000000', hugeExpect: [1, 2] },
  { flag: '--epochs', kind: 'posInt', valid: ['1', '2'], huge: '1000000000', hugeExpect: epochsHuge },
  { flag: '--batch-size', kind: 'posInt', valid: ['16', '64'], huge: '1000000000', hugeExpect: [0, 1, 2] },
  { flag: '--lr', kind: 'posNum', valid: ['0.01', '1e-4'], huge: '1e300', hugeExpect: lrHuge },
  { flag: '--seed', kind: 'seed', valid: ['0', '7', '4294967295'], huge: '4294967295', hugeExpect: [0] },
  { flag: '--clip-norm', kind: 'posNum', valid: ['1', '0.5'], huge: '1e300', hugeExpect: [0] },
];

const OPTIONS: Record<DataCommand, OptionSpec[]> = {
  train: [
    ...MODEL_OPTIONS([1, 2], [1, 2]),
    { flag: '--split', kind: 'split', valid: ['0.7', '1000'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--season', kind: 'posInt', valid: ['7', '12'], huge: '1000000000', hugeExpect: [1, 2] },
  ],
  backtest: [
    ...MODEL_OPTIONS([1, 2], [1, 2]),
    { flag: '--folds', kind: 'posInt', valid: ['2', '3'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--horizon', kind: 'posInt', valid: ['20', '50'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--season', kind: 'posInt', valid: ['7', '12'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--workers', kind: 'posInt', valid: ['1', '2'], huge: '1000000000', hugeExpect: [0, 1, 2] },
  ],
  'lr-find': [
    // the sweep stops once the loss diverges, so many epochs or a huge rate may still end well
    ...MODEL_OPTIONS([0, 1, 2], [0, 1, 2]),
    { flag: '--split', kind: 'split', valid: ['0.7', '1000'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--start', kind: 'posNum', valid: ['1e-6', '1e-4'], huge: '1e300', hugeExpect: [0, 1, 2] },
    { flag: '--end', kind: 'posNum', valid: ['1e-2', '1'], huge: '1e300', hugeExpect: [0, 1, 2] },
  ],
  forecast: [
    { flag: '--horizon', kind: 'posInt', valid: ['1', '24'], huge: '1000000000', hugeExpect: [1, 2] },
    { flag: '--split', kind: 'split', valid: ['0.5', '60'], huge: '1000000000', hugeExpect: [1, 2] },
  ],
  plot: [{ flag: '--split', kind: 'split', valid: ['0.8', '1000'], huge: '1000000000', hugeExpect: [1, 2] }],
};

/** The choice options and values outside their lists (exit 2). */
const CHOICES: Record<string, string[]> = {
  '--model': ['LSTM', 'transformer', '', 'lstm '],
  '--optimizer': ['rmsprop', 'Adam', ''],
  '--loss': ['hinge', 'MSE', ''],
  '--scaling': ['robust', ''],
  '--dataset': ['sunspot', 'Synthetic', '', '../datasets/sunspots'],
  '--fill': ['mean', 'zero', ''],
};

const CHOICE_COMMANDS: Record<string, DataCommand[]> = {
  '--model': ['train', 'backtest', 'lr-find'],
  '--optimizer': ['train', 'backtest', 'lr-find'],
  '--loss': ['train', 'backtest', 'lr-find'],
  '--scaling': ['train', 'backtest', 'lr-find'],
  '--dataset': ['train', 'backtest', 'lr-find', 'plot', 'forecast'],
  '--fill': ['train', 'plot'],
};

/** The series an option case reads: the synthetic series, or the model's own for forecast. */
const inputOf = (command: DataCommand): string[] => (command === 'forecast' ? [] : ['--dataset', 'synthetic']);

/**
 * An option case: one option of one command given a fuzzed value, the rest a tiny valid run.
 * @throws never.
 */
export const optionCase: Generator = (rng, ctx) => {
  const command = rng.pick<DataCommand>(['train', 'train', 'backtest', 'lr-find', 'lr-find', 'forecast', 'forecast', 'plot']);
  const specs = OPTIONS[command];
  if (rng.chance(0.12)) {
    const flag = rng.pick(Object.keys(CHOICES).filter((f) => CHOICE_COMMANDS[f].includes(command)));
    const value = rng.pick(CHOICES[flag]);
    const run = dataCommand(rng, ctx, command, inputOf(command), [flag, value]);
    return {
      title: `option/${command}: ${flag} ${JSON.stringify(value)}`,
      recipe: { ...run.recipe, flag, value },
      files: run.files,
      args: run.args,
      expect: [2],
      why: `${JSON.stringify(value)} is not one of ${flag}'s choices`,
      outputs: run.outputs,
    };
  }
  const spec = rng.pick(specs);
  const klass = rng.weighted<'invalid' | 'either' | 'valid' | 'huge' | 'missing'>([
    ['invalid', 5],
    ['either', 1],
    ['valid', 2],
    ['huge', 2],
    ['missing', 0.5],
  ]);
  const value =
    klass === 'invalid'
      ? rng.pick(INVALID[spec.kind])
      : klass === 'either'
        ? rng.pick(EITHER[spec.kind])
        : klass === 'valid'
          ? rng.pick(spec.valid)
          : klass === 'huge'
            ? spec.huge
            : '';
  const run = dataCommand(rng, ctx, command, inputOf(command), klass === 'missing' ? [] : [spec.flag, value]);
  // an option given last without its value: commander's "argument missing"
  const args = klass === 'missing' ? [...withoutOption(run.args, spec.flag), spec.flag] : run.args;
  const expect = { invalid: [2], either: [0, 1, 2], valid: [0], huge: spec.hugeExpect, missing: [2] }[klass];
  const why = {
    invalid: `${JSON.stringify(value)} is not a valid ${spec.kind} for ${spec.flag}`,
    either: `${JSON.stringify(value)} may be read as a number or refused`,
    valid: `${spec.flag} ${value} is valid for this run`,
    huge: `${spec.flag} ${value} is absurd: refused with a message, not attempted`,
    missing: `${spec.flag} has no value`,
  }[klass];
  return {
    title: `option/${command}: ${spec.flag} ${klass === 'missing' ? '(no value)' : JSON.stringify(value)}`,
    recipe: { ...run.recipe, flag: spec.flag, value, class: klass },
    files: run.files,
    args,
    expect,
    why,
    outputs: run.outputs,
  };
};

function withoutOption(args: string[], flag: string): string[] {
  const at = args.indexOf(flag);
  return at < 0 ? args : [...args.slice(0, at), ...args.slice(at + 2)];
}

interface OutSpot {
  command: DataCommand;
  /** The --out value (or --chart for forecast). */
  out: string;
  files: SandboxEntry[];
  outputs: string[];
  expect: number[];
  why: string;
}

const RUN_FILES = ['model', 'report.html', 'forecast.png', 'forecast.svg', 'loss.png', 'seqcast-run.json'];
const BT_FILES = ['report.html', 'folds.png', 'folds.svg', 'seqcast-run.json'];
const under = (dir: string, names: string[]): string[] => names.map((n) => `${dir}/${n}`);

/** Output locations per command; `ctx` gives an earlier model to lose. */
const OUT_SPOTS: ((ctx: FuzzContext) => OutSpot)[] = [
  () => ({
    command: 'train',
    out: 'taken',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--out names a file',
  }),
  () => ({
    command: 'train',
    out: 'taken/run',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--out is under a file',
  }),
  () => ({
    command: 'train',
    out: 'notes',
    files: [{ path: 'notes/keep.txt', content: 'mine\n' }],
    outputs: under('notes', RUN_FILES),
    expect: [0, 1],
    why: '--out holds other files, which must stay',
  }),
  (ctx) => ({
    command: 'train',
    out: 'run',
    files: [...modelFiles(ctx, 'run'), { path: 'run/model/keep.txt', content: 'mine\n' }],
    outputs: [],
    expect: [1],
    why: 'run/model holds a file that is not a model: save refuses, and the earlier model stays',
  }),
  () => ({
    command: 'train',
    out: 'run',
    files: [{ path: 'run/model', content: 'a file\n' }],
    outputs: [],
    expect: [1],
    why: 'run/model is a file',
  }),
  (ctx) => ({
    command: 'train',
    out: 'run',
    files: [...modelFiles(ctx, 'run'), { path: 'run/report.html', dir: true }],
    outputs: [],
    expect: [1],
    why: 'run/report.html is a folder: the run fails, and must not have replaced the earlier model',
  }),
  (ctx) => ({
    command: 'train',
    out: 'run',
    files: [...modelFiles(ctx, 'run'), { path: 'run/loss.png', symlink: '/dev/null' }],
    outputs: under('run', RUN_FILES),
    expect: [0, 1],
    why: 'run/loss.png is a symlink to /dev/null (replacing the link is fine, /dev/null must stay)',
  }),
  () => ({
    command: 'train',
    out: 'null-link',
    files: [{ path: 'null-link', symlink: '/dev/null' }],
    outputs: [],
    expect: [1, 2],
    why: '--out is a symlink to /dev/null',
  }),
  () => ({ command: 'train', out: '', files: [], outputs: [], expect: [1, 2], why: '--out is empty' }),
  () => ({ command: 'train', out: 'a/b/c/run', files: [], outputs: ['a'], expect: [0], why: '--out in new nested folders' }),
  () => ({
    command: 'backtest',
    out: 'taken',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--out names a file',
  }),
  () => ({
    command: 'backtest',
    out: 'bt',
    files: [
      { path: 'bt/folds.png', dir: true },
      { path: 'bt/folds.png/keep.txt', content: 'mine\n' },
    ],
    outputs: [],
    expect: [1],
    why: 'bt/folds.png is a folder',
  }),
  () => ({
    command: 'backtest',
    out: 'bt',
    files: [{ path: 'bt/keep.txt', content: 'mine\n' }],
    outputs: under('bt', BT_FILES),
    expect: [0],
    why: '--out holds other files, which must stay',
  }),
  () => ({
    command: 'lr-find',
    out: 'lr.png',
    files: [{ path: 'lr.png', dir: true }],
    outputs: [],
    expect: [1, 2],
    why: '--out is a folder',
  }),
  () => ({
    command: 'lr-find',
    out: 'taken/lr.svg',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--out is under a file',
  }),
  () => ({ command: 'lr-find', out: 'lr.txt', files: [], outputs: [], expect: [2], why: '--out is not .png or .svg' }),
  () => ({
    command: 'lr-find',
    out: 'new/dir/lr.svg',
    files: [],
    outputs: ['new'],
    expect: [0, 1],
    why: '--out in a folder that does not exist',
  }),
  () => ({
    command: 'plot',
    out: 'chart.svg',
    files: [{ path: 'chart.svg', symlink: '/dev/null' }],
    outputs: ['chart.svg'],
    expect: [0, 1],
    why: '--out is a symlink to /dev/null',
  }),
  () => ({ command: 'plot', out: 'chart', files: [], outputs: [], expect: [2], why: '--out has no extension' }),
  () => ({ command: 'plot', out: '.svg', files: [], outputs: ['.svg'], expect: [0, 2], why: '--out is only an extension' }),
  () => ({
    command: 'forecast',
    out: 'fc.csv',
    files: [{ path: 'fc.csv', dir: true }],
    outputs: [],
    expect: [1, 2],
    why: '--out is a folder',
  }),
  () => ({
    command: 'forecast',
    out: 'taken/fc.csv',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--out is under a file',
  }),
  () => ({ command: 'forecast', out: '--chart fc.txt', files: [], outputs: [], expect: [2], why: '--chart is not .png or .svg' }),
  () => ({
    command: 'forecast',
    out: '--chart taken/fc.svg',
    files: [{ path: 'taken', content: 'a file\n' }],
    outputs: [],
    expect: [1, 2],
    why: '--chart is under a file',
  }),
];

/**
 * An output-location case.
 * @throws never.
 */
export const outCase: Generator = (rng, ctx) => {
  const index = rng.int(0, OUT_SPOTS.length - 1);
  const spot = OUT_SPOTS[index](ctx);
  const run = dataCommand(rng, ctx, spot.command, inputOf(spot.command));
  // the template's own earlier outputs would hide the spot's files: use only the model copy
  const files = [...(spot.command === 'forecast' ? modelFiles(ctx) : []), ...spot.files];
  const option = spot.out.startsWith('--chart ') ? ['--chart', spot.out.slice('--chart '.length)] : ['--out', spot.out];
  const args = withOption(run.args, option);
  const outputs = spot.command === 'forecast' ? ['fc.csv', ...spot.outputs] : spot.outputs;
  return {
    title: `out/${spot.command}: ${option.join(' ')} (${spot.why})`,
    recipe: { command: spot.command, spot: index },
    files,
    args,
    expect: spot.expect,
    why: spot.why,
    outputs,
  };
};

/** A tiny spec for `--config`, with the case's edit. */
const TINY_SPEC = { model: 'gru', units: 4, layers: 1, window: 5, epochs: 1 };

const CONFIG_EDITS: { key: string; values: unknown[] }[] = [
  { key: 'units', values: [-1, 0, 1.5, '4', null, 1e9, true, []] },
  { key: 'epochs', values: [-1, 0, 1.5, '1', null, 1e9, {}] },
  { key: 'window', values: [0, -5, 2.5, '5', null, 1e9] },
  { key: 'layers', values: [0, -1, 1e9, 'two'] },
  { key: 'batchSize', values: [0, -32, 0.5, 1e12, 'x'] },
  { key: 'learningRate', values: [-1, 0, 'fast', null] },
  { key: 'model', values: ['evil', '', 7, null] },
  { key: 'optimizer', values: ['rmsprop', 1] },
  { key: 'loss', values: ['hinge', false] },
  { key: 'scaling', values: ['log'] },
  { key: 'seed', values: [-1, 4294967296, 1.5, 'x'] },
  { key: 'clipNorm', values: [0, -1, 'x'] },
  { key: 'shuffleBuffer', values: [0, -1, 1e12] },
  { key: 'unitz', values: [8] },
  { key: 'lr', values: [0.01] },
  { key: '__proto__', values: [{ units: 9 }] },
];

const CONFIG_FILES: Record<string, SandboxEntry> = {
  'not JSON': { path: 'spec.json', content: '{ model: lstm }' },
  empty: { path: 'spec.json', content: '' },
  array: { path: 'spec.json', content: '[]' },
  null: { path: 'spec.json', content: 'null' },
  'deeply nested': { path: 'spec.json', content: `${'['.repeat(100_000)}${']'.repeat(100_000)}` },
  'deep object': { path: 'spec.json', content: `{"model":"gru","units":${'['.repeat(100_000)}${']'.repeat(100_000)}}` },
  '/dev/zero': { path: 'spec.json', symlink: '/dev/zero' },
  folder: { path: 'spec.json', dir: true },
  missing: { path: 'other.json', content: '{}' },
  binary: { path: 'spec.json', content: new Uint8Array([0xff, 0xfe, 0, 1, 2, 0x7b]) },
};

/**
 * A config case: `seqcast train --config spec.json` with one field wrong, or a file that is not a spec.
 * @throws never.
 */
export const configCase: Generator = (rng, ctx) => {
  const args = ['train', '--dataset', 'synthetic', '--config', 'spec.json', '--out', 'run'];
  const outputs = under('run', RUN_FILES);
  const previous = rng.chance(0.3) ? modelFiles(ctx, 'run') : [];
  if (rng.chance(0.3)) {
    const what = rng.pick(Object.keys(CONFIG_FILES));
    return {
      title: `config/train: spec.json ${what}`,
      recipe: { file: what, previousOutputs: previous.length > 0 },
      files: [...previous, CONFIG_FILES[what]],
      args,
      expect: [1, 2],
      why: `the config file is ${what}`,
      outputs,
    };
  }
  const valid = rng.chance(0.15);
  const edit = rng.pick(CONFIG_EDITS);
  const value = rng.pick(edit.values);
  const spec: Record<string, unknown> = { ...TINY_SPEC };
  if (!valid) Object.defineProperty(spec, edit.key, { value, enumerable: true, writable: true });
  const text = JSON.stringify(spec);
  return {
    title: `config/train: ${valid ? 'a valid tiny spec' : `${edit.key}: ${JSON.stringify(value)}`}`,
    recipe: valid ? { valid: true } : { key: edit.key, value: JSON.stringify(value), previousOutputs: previous.length > 0 },
    files: [...previous, { path: 'spec.json', content: text }],
    args,
    // null may fairly mean "the default", or be refused
    expect: valid ? [0] : value === null ? [0, 1, 2] : [1, 2],
    why: valid
      ? 'the spec is valid'
      : value === null
        ? `${edit.key} null may mean the default`
        : `${edit.key} ${JSON.stringify(value)} is not a valid spec field`,
    outputs,
  };
};
