/**
 * `seqcast lr-find`: the course's learning-rate sweep (`1e-8 * 10**(epoch / 20)`) on the training
 * part of a series, with the loss per rate as a table or JSON, a suggested rate, and the chart
 * (loss against rate on a log axis) as PNG or SVG.
 */
import { extname } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { lrFind, sweepEpochs, type LrFindResult } from '../model/lr-find.js';
import { writeChart } from '../report/render.js';
import { lrChart } from '../report/specs.js';
import {
  addInputOptions,
  addModelOptions,
  addNetworkHorizonOption,
  addSplitOption,
  loadInput,
  positiveNumber,
  resolveSpec,
  resolveSplit,
  type InputFlags,
  type ModelFlags,
} from './options.js';
import { checkOutputFiles } from './output-paths.js';
import { progressCallback } from './progress.js';
import { OptionError } from '../errors.js';
import { MAX_SWEEP_EPOCHS } from '../limits.js';
import { renderTable } from './table.js';

interface LrFindFlags extends InputFlags, ModelFlags {
  split?: number;
  horizon?: number;
  start: number;
  end?: number;
  out: string;
  json?: boolean;
}

/** What `seqcast lr-find --json` prints. */
export interface LrFindReport {
  series: { name: string; length: number; train: number };
  start: number;
  /** Epochs the sweep was set to run (it may stop earlier: see `stopped`). */
  epochs: number;
  points: { epoch: number; lr: number; loss: number | null }[];
  suggestion: number | null;
  stopped: LrFindResult['stopped'];
  note: string;
  spec: LrFindResult['spec'];
  chart: string;
}

/**
 * `--out`: a file name ending in .png or .svg.
 * @example chartPath('lr.svg'); // 'lr.svg'
 * @throws InvalidArgumentError (exit 2) naming the option when the extension is neither.
 */
export function chartPath(flag: string): (value: string) => string {
  return (value) => {
    const ext = extname(value).toLowerCase();
    if (ext !== '.png' && ext !== '.svg')
      throw new InvalidArgumentError(`${flag} must name a .png or .svg file, got '${value}': e.g. ${flag} chart.png.`);
    return value;
  };
}

/** Registers `seqcast lr-find` on the program. */
export function addLrFindCommand(program: Command): Command {
  const cmd = program
    .command('lr-find')
    .description(
      "the course's learning-rate sweep (rate 1e-8 * 10^(epoch/20)) on the training part: loss per rate, a suggested rate and the chart",
    );
  addInputOptions(cmd);
  addSplitOption(cmd);
  addModelOptions(cmd);
  addNetworkHorizonOption(cmd);
  return cmd
    .option('--start <rate>', 'rate of the first epoch', positiveNumber('--start'), 1e-8)
    .option('--end <rate>', 'last rate to try; without --epochs the sweep runs until it passes this rate', positiveNumber('--end'))
    .option('--out <file>', 'the chart, .png or .svg', chartPath('--out'), 'lr.png')
    .option('--json', 'print every (epoch, rate, loss) and the suggestion as one JSON object on stdout')
    .addHelpText(
      'after',
      '\nThe sweep trains with SGD (momentum 0.9) as the course does, unless --optimizer or the --config file names one. --epochs defaults to 100.',
    )
    .action(async (flags: LrFindFlags) => {
      const report = await runLrFind(flags);
      if (flags.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
      else process.stdout.write(formatLrFind(report) + '\n');
    });
}

async function runLrFind(flags: LrFindFlags): Promise<LrFindReport> {
  if (flags.maxSteps !== undefined) {
    throw new OptionError(
      '--max-steps does not apply to lr-find: the sweep trains one epoch at each rate; set its length with --epochs or --end.',
    );
  }
  if (flags.end !== undefined && !(flags.end > flags.start)) {
    throw new OptionError(`--end ${flags.end} must be above --start ${flags.start}: the sweep raises the rate each epoch.`);
  }
  const epochs = flags.epochs ?? (flags.end === undefined ? 100 : undefined);
  const total = epochs ?? sweepEpochs(flags.start, flags.end!);
  if (total > MAX_SWEEP_EPOCHS) {
    throw new OptionError(
      epochs === undefined
        ? `--start ${flags.start} to --end ${flags.end} is a sweep of ${total.toLocaleString('en-US')} epochs (×10 every 20), more than lr-find's ${MAX_SWEEP_EPOCHS.toLocaleString('en-US')}: narrow the range, e.g. --start 1e-6 --end 1.`
        : `--epochs ${epochs} is more than lr-find sweeps (${MAX_SWEEP_EPOCHS.toLocaleString('en-US')} epochs, 50 decades of rates): use e.g. --epochs 100, or --end.`,
    );
  }
  const input = loadInput(flags);
  // the course's sweep (SGD), unless --optimizer or the config says otherwise; --horizon H: a direct network of H outputs
  const spec = resolveSpec(
    flags,
    { optimizer: 'sgd', ...(flags.horizon === undefined ? {} : { strategy: 'direct' as const }) },
    flags.horizon,
  );
  const train = resolveSplit(input.values.length, flags.split, spec.window, flags.dataset);
  await checkOutputFiles([{ option: '--out', path: flags.out }], [flags.file]); // before the sweep
  const progress = progressCallback({ label: 'lr sweep', every: 10 });
  let result: LrFindResult;
  try {
    result = await lrFind(input.values.subarray(0, train), spec, { start: flags.start, end: flags.end, epochs, callbacks: [progress] });
  } finally {
    progress.close();
  }
  if (result.points.length > 0) {
    await writeChart(
      lrChart({
        title: `Learning-rate sweep: ${input.name}, ${spec.model} (${spec.optimizer})`,
        points: result.points,
        suggested: result.suggestion ?? undefined,
      }),
      flags.out,
      { option: '--out' },
    );
  }
  return {
    series: { name: input.name, length: input.values.length, train },
    start: flags.start,
    epochs: total,
    points: result.points.map((p, i) => ({ epoch: i, lr: p.lr, loss: Number.isFinite(p.loss) ? p.loss : null })),
    suggestion: result.suggestion,
    stopped: result.stopped,
    note: result.note,
    spec: result.spec,
    chart: result.points.length > 0 ? flags.out : '',
  };
}

/**
 * The sweep as text: a table of every `every`-th epoch (and the last), the note and the chart's path.
 * @example formatLrFind(report, 5);
 * @throws never.
 */
export function formatLrFind(report: LrFindReport, every = 5): string {
  const rows = report.points.filter((p, i) => i % every === 0 || i === report.points.length - 1);
  const table = renderTable(
    [
      { header: 'epoch', align: 'right' },
      { header: 'learning rate', align: 'right' },
      { header: 'loss', align: 'right' },
    ],
    rows.map((p) => [String(p.epoch), p.lr.toExponential(2), p.loss === null ? 'NaN' : String(Number(p.loss.toPrecision(5)))]),
  );
  const shown = every > 1 ? `; every ${every}th epoch shown (--json for all)` : '';
  return [
    `Learning-rate sweep on ${report.series.name}, training part ${report.series.train} of ${report.series.length} values, ${report.spec.model} with ${report.spec.optimizer}${shown}`,
    table,
    report.note,
    report.chart ? `Chart: ${report.chart}` : 'No chart: no epoch completed.',
  ].join('\n');
}
