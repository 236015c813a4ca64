/**
 * The course's reproduction cases: each of its models on its series (the synthetic series, sunspots,
 * Melbourne temperatures) with the settings of its notebooks, scored as the course scores them
 * (MAE of the sliding-window forecast over the validation split), next to the course's own number.
 * `seqcast reproduce` prints them; the worker pool runs them for several seeds at once.
 */
import { performance } from 'node:perf_hooks';
import { syntheticSeries } from '../data/synthetic.js';
import { loadShipped } from '../data/shipped.js';
import { windowedDataset } from '../data/window.js';
import { naiveForecast } from './baselines.js';
import { modelForecast } from './model-forecast.js';
import { huber } from '../losses/losses.js';
import { mae } from '../metrics/errors.js';
import type { Callback } from '../model/callbacks.js';
import { bilstmLab, convLstm, simpleRnnLab } from '../model/course-models.js';
import type { Sequential } from '../model/sequential.js';
import { sgd } from '../optim/sgd.js';

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

/** One case's result for one seed. */
export interface CaseResult {
  id: string;
  title: string;
  courseMae: number;
  mae: number;
  /** Training time in seconds (0 for the naive forecast). */
  seconds: number;
  epochs: number;
  /** The seed of the weights and the shuffle (0 for the naive forecast). */
  seed: number;
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
  if (!c.network) return { id: c.id, title: c.title, courseMae: c.courseMae, mae: mae(valid, naiveForecast(series, c.split)), seconds: 0, epochs: 0, seed: 0 };
  const { build, window, batchSize, learningRate } = c.network;
  const model = build(seed);
  model.compile({ loss: huber(), optimizer: sgd({ learningRate, momentum: 0.9 }), metrics: ['mae'] });
  const train = windowedDataset(series.subarray(0, c.split), { window, batchSize, shuffleBuffer: 1000, seed });
  const n = epochs ?? c.network.epochs;
  const start = performance.now();
  await model.fit(train, { epochs: n, callbacks });
  const seconds = (performance.now() - start) / 1000;
  const forecast = modelForecast(model, series.subarray(c.split - window, series.length - 1), { window, batchSize });
  return { id: c.id, title: c.title, courseMae: c.courseMae, mae: mae(valid, forecast), seconds, epochs: n, seed };
}

