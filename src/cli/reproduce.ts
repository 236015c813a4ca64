/**
 * `seqcast reproduce`: the course's models on the course's series and on the two real series that
 * ship with seqcast, each scored as the course scores it (MAE of the sliding-window forecast over
 * the validation split), next to the course's own number.
 *
 * The cases and their settings come from the course's notebooks as datasets/README.md and the
 * course data notes record them; {@link runCase} is the workflow, the command only prints.
 */
import { performance } from 'node:perf_hooks';
import { Command, InvalidArgumentError, Option } from 'commander';
import { syntheticSeries } from '../data/synthetic.js';
import { loadShipped } from '../data/shipped.js';
import { windowedDataset } from '../data/window.js';
import { naiveForecast } from '../forecast/baselines.js';
import { modelForecast } from '../forecast/model-forecast.js';
import { huber } from '../losses/losses.js';
import { mae } from '../metrics/errors.js';
import type { Callback } from '../model/callbacks.js';
import { bilstmLab, convLstm, simpleRnnLab } from '../model/course-models.js';
import type { Sequential } from '../model/sequential.js';
import { sgd } from '../optim/sgd.js';
import { parseEpochs, parseSeed } from './demo.js';
import { progressCallback } from './progress.js';
import { renderTable } from './table.js';

type SeriesName = 'synthetic' | 'sunspots' | 'temperatures';

/** One reproduction: a series, a split, and either the naive forecast or a network with its training. */
export interface CourseCase {
  id: string;
  /** What the table prints. */
  title: string;
  series: SeriesName;
  /** Train on values [0, split), score on [split, end). */
  split: number;
  /** The course's MAE on the validation split. */
  courseMae: number;
  /** Absent for the naive forecast. */
  network?: {
    build: (seed: number) => Sequential;
    window: number;
    batchSize: number;
    learningRate: number;
    epochs: number;
  };
}

/** The course's cases (settings from its notebooks; MAE from its runs). */
export const COURSE_CASES: readonly CourseCase[] = [
  { id: 'synthetic-naive', title: 'synthetic, naive forecast', series: 'synthetic', split: 1000, courseMae: 5.9379 },
  {
    id: 'synthetic-simple-rnn',
    title: 'synthetic, SimpleRNN(40)x2',
    series: 'synthetic',
    split: 1000,
    courseMae: 5.47,
    network: { build: (seed) => simpleRnnLab({ seed }), window: 20, batchSize: 32, learningRate: 1e-6, epochs: 100 },
  },
  {
    id: 'synthetic-bilstm',
    title: 'synthetic, bidirectional LSTM(32)x2',
    series: 'synthetic',
    split: 1000,
    courseMae: 6.56,
    network: { build: (seed) => bilstmLab({ seed }), window: 20, batchSize: 32, learningRate: 2e-6, epochs: 100 },
  },
  {
    id: 'synthetic-conv-lstm',
    title: 'synthetic, Conv1D(32) + LSTM(32)x2',
    series: 'synthetic',
    split: 1000,
    courseMae: 5.01,
    network: { build: (seed) => convLstm({ seed, filters: 32, units: 32, scale: 200 }), window: 30, batchSize: 32, learningRate: 1e-5, epochs: 500 },
  },
  { id: 'sunspots-naive', title: 'sunspots, naive forecast', series: 'sunspots', split: 3000, courseMae: 16.14 },
  {
    id: 'sunspots-conv-lstm',
    title: 'sunspots, Conv1D(64) + LSTM(64)x2 + Dense 30-10-1',
    series: 'sunspots',
    split: 3000,
    courseMae: 15.4,
    network: { build: (seed) => convLstm({ seed, filters: 64, units: 64, dense: [30, 10], scale: 400 }), window: 30, batchSize: 32, learningRate: 8e-7, epochs: 100 },
  },
  { id: 'temperatures-naive', title: 'temperatures, naive forecast', series: 'temperatures', split: 2500, courseMae: 2.01 },
  {
    id: 'temperatures-conv-lstm',
    title: 'temperatures, Conv1D(64) + LSTM(64)x2 + Dense 30-10-1',
    series: 'temperatures',
    split: 2500,
    courseMae: 1.78,
    network: { build: (seed) => convLstm({ seed, filters: 64, units: 64, dense: [30, 10], scale: 400 }), window: 64, batchSize: 256, learningRate: 2e-6, epochs: 100 },
  },
];

export interface CaseResult {
  id: string;
  title: string;
  courseMae: number;
  mae: number;
  /** Training time in seconds (0 for the naive forecast). */
  seconds: number;
  epochs: number;
}

function loadSeries(name: SeriesName): Float32Array {
  return name === 'synthetic' ? syntheticSeries().series : loadShipped(name).values;
}

/**
 * Runs one case: trains the network on the training split (windows shuffled with a buffer of
 * 1000, Huber loss, SGD momentum 0.9) and scores the sliding-window forecast of the validation split.
 * @example const r = await runCase(COURSE_CASES[0]); // synthetic naive: r.mae ≈ 5.9379
 * @throws `TrainingDivergedError` when the loss becomes NaN.
 */
export async function runCase(c: CourseCase, { seed = 0, epochs, callbacks = [] }: { seed?: number; epochs?: number; callbacks?: Callback[] } = {}): Promise<CaseResult> {
  const series = loadSeries(c.series);
  const valid = series.subarray(c.split);
  if (!c.network) return { id: c.id, title: c.title, courseMae: c.courseMae, mae: mae(valid, naiveForecast(series, c.split)), seconds: 0, epochs: 0 };
  const { build, window, batchSize, learningRate } = c.network;
  const model = build(seed);
  model.compile({ loss: huber(), optimizer: sgd({ learningRate, momentum: 0.9 }), metrics: ['mae'] });
  const train = windowedDataset(series.subarray(0, c.split), { window, batchSize, shuffleBuffer: 1000, seed });
  const n = epochs ?? c.network.epochs;
  const start = performance.now();
  await model.fit(train, { epochs: n, callbacks });
  const seconds = (performance.now() - start) / 1000;
  const forecast = modelForecast(model, series.subarray(c.split - window, series.length - 1), { window, batchSize });
  return { id: c.id, title: c.title, courseMae: c.courseMae, mae: mae(valid, forecast), seconds, epochs: n };
}

/** The results as one table: case, course MAE, seqcast MAE, training time. */
export function formatReproduceTable(results: CaseResult[]): string {
  return renderTable(
    [{ header: 'case' }, { header: 'course MAE', align: 'right', decimals: 2 }, { header: 'seqcast MAE', align: 'right', decimals: 2 }, { header: 'epochs', align: 'right', decimals: 0 }, { header: 'training s', align: 'right', decimals: 1 }],
    results.map((r) => [r.title, r.courseMae, r.mae, r.epochs, r.seconds]),
  );
}

function parseCases(value: string): string[] {
  const ids = value.split(',').map((s) => s.trim()).filter(Boolean);
  const known = COURSE_CASES.map((c) => c.id);
  for (const id of ids) if (!known.includes(id)) throw new InvalidArgumentError(`unknown case '${id}': use ${known.join(', ')}.`);
  if (ids.length === 0) throw new InvalidArgumentError(`name at least one case: ${known.join(', ')}.`);
  return ids;
}

/** Registers `seqcast reproduce` on the program. */
export function addReproduceCommand(program: Command): Command {
  return program
    .command('reproduce')
    .description("the course's models on its synthetic series, sunspots and Melbourne temperatures, next to the course's MAE")
    .addOption(new Option('--cases <ids>', `comma-separated cases to run (default: all): ${COURSE_CASES.map((c) => c.id).join(', ')}`).argParser(parseCases))
    .option('--epochs <n>', "override every network's epochs (a quick check; the table then no longer uses the course's settings)", parseEpochs)
    .option('--seed <n>', 'seed of the weights and the shuffling', parseSeed, 0)
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { cases?: string[]; epochs?: number; seed: number; json?: boolean }) => {
      const cases = opts.cases ? COURSE_CASES.filter((c) => opts.cases!.includes(c.id)) : COURSE_CASES;
      const results: CaseResult[] = [];
      for (const c of cases) {
        const epochs = opts.epochs ?? c.network?.epochs ?? 1;
        const progress = progressCallback({ epochs, label: c.id });
        try {
          results.push(await runCase(c, { seed: opts.seed, epochs: opts.epochs, callbacks: c.network ? [progress] : [] }));
        } finally {
          progress.close();
        }
        process.stderr.write(`${c.id}: MAE ${results.at(-1)!.mae.toFixed(3)} (course ${c.courseMae})\n`);
      }
      if (opts.json) process.stdout.write(JSON.stringify({ seed: opts.seed, results }, null, 2) + '\n');
      else process.stdout.write(formatReproduceTable(results) + '\n');
    });
}
