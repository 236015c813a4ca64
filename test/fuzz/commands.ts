/**
 * The five data commands as the fuzz cases run them: tiny settings (one epoch of a 4-unit network,
 * window 5) so a case costs little more than the CLI's start, each command's outputs in the
 * sandbox, and sometimes the outputs of an earlier run already there, which a failed run must leave
 * exactly as they were.
 */
import { MANIFEST } from '../../src/cli/run-folder.js';
import type { CaseRng } from './rng.js';
import type { FuzzContext, SandboxEntry } from './case.js';

export const COMMANDS = ['train', 'plot', 'backtest', 'lr-find', 'forecast'] as const;
export type DataCommand = (typeof COMMANDS)[number];

/** One epoch of a 4-unit, 1-layer network on windows of 5. */
export const TINY = ['--epochs', '1', '--units', '4', '--layers', '1', '--window', '5'];

/** The sandbox folder holding a copy of the trained model, as `seqcast train --out model-run` writes it. */
export const MODEL_RUN = 'model-run';

/** The trained model, copied into the sandbox at `dir/model/`. */
export function modelFiles(ctx: FuzzContext, dir = MODEL_RUN): SandboxEntry[] {
  return [
    { path: `${dir}/model/model.json`, content: ctx.modelJson },
    { path: `${dir}/model/weights.bin`, content: ctx.weights },
  ];
}

export interface CommandRun {
  args: string[];
  /** What a successful run may write. */
  outputs: string[];
  /** The model copy (forecast) and an earlier run's outputs, when chosen. */
  files: SandboxEntry[];
  recipe: { command: DataCommand; previousOutputs: boolean };
}

/**
 * The seqcast-run.json of an earlier run of `command` in `dir` that wrote `runFiles`: an earlier
 * seqcast run marks its folder (src/cli/run-folder.ts), so a new run may replace it.
 * @example earlierRunManifest('bt', 'backtest', ['report.html'])
 * @throws never.
 */
export function earlierRunManifest(dir: string, command: 'train' | 'backtest', runFiles: string[]): SandboxEntry {
  const manifest = { format: 'seqcast-run', version: 1, command, createdBy: 'seqcast 0.1.0', files: [...runFiles].sort() };
  return { path: `${dir}/${MANIFEST}`, content: JSON.stringify(manifest) };
}

/**
 * `seqcast COMMAND` on a series given by `input` (e.g. `['--file', 'data.csv', '--date', 'day']`),
 * with tiny settings; `option` arguments (a fuzzed option) replace the template's own.
 * @example dataCommand(rng, ctx, 'train', ['--dataset', 'synthetic'])
 * @throws never.
 */
export function dataCommand(rng: CaseRng, ctx: FuzzContext, command: DataCommand, input: string[], option: string[] = []): CommandRun {
  const previousOutputs = rng.chance(0.25);
  const files: SandboxEntry[] = [];
  let args: string[];
  let outputs: string[];
  switch (command) {
    case 'train':
      args = ['train', ...input, ...TINY, '--out', 'run'];
      outputs = ['run/model', 'run/report.html', 'run/forecast.png', 'run/forecast.svg', 'run/loss.png', 'run/seqcast-run.json'];
      if (previousOutputs) {
        files.push(...modelFiles(ctx, 'run'), { path: 'run/report.html', content: '<p>an earlier run</p>' });
        files.push(earlierRunManifest('run', 'train', ['model/model.json', 'model/weights.bin', 'report.html']));
      }
      break;
    case 'plot':
      args = ['plot', ...input, '--out', 'chart.svg'];
      outputs = ['chart.svg'];
      if (previousOutputs) files.push({ path: 'chart.svg', content: '<svg>an earlier chart</svg>' });
      break;
    case 'backtest':
      args = ['backtest', ...input, ...TINY, '--folds', '2', '--workers', '1', '--out', 'bt'];
      outputs = ['bt/report.html', 'bt/folds.png', 'bt/folds.svg', 'bt/seqcast-run.json'];
      if (previousOutputs) {
        files.push({ path: 'bt/report.html', content: '<p>an earlier backtest</p>' });
        files.push(earlierRunManifest('bt', 'backtest', ['report.html']));
      }
      break;
    case 'lr-find':
      args = ['lr-find', ...input, ...TINY.filter((_, i) => i > 1), '--epochs', '3', '--out', 'lr.svg'];
      outputs = ['lr.svg'];
      if (previousOutputs) files.push({ path: 'lr.svg', content: '<svg>an earlier sweep</svg>' });
      break;
    case 'forecast':
      args = ['forecast', '--model', MODEL_RUN, ...input, '--horizon', '3', '--out', 'fc.csv'];
      outputs = ['fc.csv'];
      files.push(...modelFiles(ctx));
      if (previousOutputs) files.push({ path: 'fc.csv', content: 'date,kind,actual,forecast\n' });
      break;
  }
  return { args: withOption(args, option), outputs, files, recipe: { command, previousOutputs } };
}

/**
 * `args` with `option` (`['--units', 'x']`, or a flag alone) in place of the same option's value
 * in the template, or added at the end.
 * @example withOption(['train', '--units', '4'], ['--units', '-1']) // ['train', '--units', '-1']
 * @throws never.
 */
export function withOption(args: string[], option: string[]): string[] {
  if (option.length === 0) return args;
  const at = args.indexOf(option[0]);
  if (at < 0) return [...args, ...option];
  const out = [...args];
  out.splice(at, option.length, ...option);
  return out;
}
