/**
 * The benchmark's models and data, described once so that every engine (seqcast, TensorFlow.js,
 * PyTorch) builds the same network on the same windows, and the FLOP and parameter counts come
 * from the same description.
 *
 * The data is the course's synthetic series (1461 values): training on the first 1000 values
 * (windows of W + 1, batches of 32, shuffled), prediction over every window of the full series.
 *
 * W = window length, B = batch size.
 */
import { syntheticSeries } from '../src/data/synthetic.js';

/** One layer of a benchmark model, in the order data flows through it. */
export type LayerSpec =
  | { kind: 'conv1d'; filters: number; kernelSize: number }
  | { kind: 'simpleRnn'; units: number; bidirectional: boolean; returnSequences: boolean }
  | { kind: 'lstm'; units: number; bidirectional: boolean; returnSequences: boolean }
  | { kind: 'dense'; units: number };

/** The short names `--models` takes. */
export const MODEL_IDS = ['rnn', 'bilstm', 'conv-lstm'] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** A benchmark model: its layers, its window, and how the course trains it. */
export interface ModelSpec {
  id: ModelId;
  /** How the tables name it. */
  title: string;
  /** Window length W (input steps per example). */
  window: number;
  /** SGD learning rate (momentum 0.9, Huber loss); only keeps the loss finite, speed does not depend on it. */
  learningRate: number;
  /** The course model's output scale (its final `Lambda(x * scale)`). */
  scale: number;
  layers: LayerSpec[];
}

export const MODELS: Record<ModelId, ModelSpec> = {
  rnn: {
    id: 'rnn',
    title: 'SimpleRNN(40)x2',
    window: 20,
    learningRate: 1e-6,
    scale: 100,
    layers: [
      { kind: 'simpleRnn', units: 40, bidirectional: false, returnSequences: true },
      { kind: 'simpleRnn', units: 40, bidirectional: false, returnSequences: false },
      { kind: 'dense', units: 1 },
    ],
  },
  bilstm: {
    id: 'bilstm',
    title: 'BiLSTM(32)x2',
    window: 20,
    learningRate: 2e-6,
    scale: 100,
    layers: [
      { kind: 'lstm', units: 32, bidirectional: true, returnSequences: true },
      { kind: 'lstm', units: 32, bidirectional: true, returnSequences: false },
      { kind: 'dense', units: 1 },
    ],
  },
  'conv-lstm': {
    id: 'conv-lstm',
    title: 'Conv1D(32)+LSTM(64)x2',
    window: 30,
    learningRate: 1e-6,
    scale: 200,
    layers: [
      { kind: 'conv1d', filters: 32, kernelSize: 3 },
      { kind: 'lstm', units: 64, bidirectional: false, returnSequences: true },
      { kind: 'lstm', units: 64, bidirectional: false, returnSequences: false },
      { kind: 'dense', units: 1 },
    ],
  },
};

/** Training and prediction setup shared by every model. */
export const SETUP = {
  /** Values of the series used for training: series[0 .. split). */
  split: 1000,
  batchSize: 32,
  /** The course's shuffle buffer; as large as the training set, so a uniform shuffle. */
  shuffleBuffer: 1000,
  momentum: 0.9,
  seed: 0,
  /** Untimed epochs (and predictions) before the timed ones: V8 optimizes seqcast's code over its first epochs. bench/torch_peer.py keeps the same default. */
  warmup: 3,
} as const;

/** What one engine runs for one model. */
export interface BenchCase {
  model: ModelSpec;
  /** series[0 .. split): windows of W + 1 → (split - W) training examples. */
  trainSeries: Float32Array;
  /** The whole series: (length - W + 1) windows to predict. */
  predictSeries: Float32Array;
  batchSize: number;
  shuffleBuffer: number;
  momentum: number;
  seed: number;
}

/**
 * The case for one model: the course's synthetic series, split and windowed as the course does.
 * @example const c = benchCase('rnn'); c.trainSeries.length; // 1000
 * @throws when `id` is not one of {@link MODEL_IDS}.
 */
export function benchCase(id: string): BenchCase {
  const model = MODELS[parseModelId(id)];
  const { series } = syntheticSeries();
  return {
    model,
    trainSeries: series.subarray(0, SETUP.split),
    predictSeries: series,
    batchSize: SETUP.batchSize,
    shuffleBuffer: SETUP.shuffleBuffer,
    momentum: SETUP.momentum,
    seed: SETUP.seed,
  };
}

/**
 * Checks a model name from the command line.
 * @example parseModelId('bilstm'); // 'bilstm'
 * @throws when the name is not one of {@link MODEL_IDS}, listing them.
 */
export function parseModelId(id: string): ModelId {
  if (!(MODEL_IDS as readonly string[]).includes(id))
    throw new Error(`Unknown benchmark model '${id}': use one of ${MODEL_IDS.join(', ')}.`);
  return id as ModelId;
}

/** Training examples per epoch and batches per epoch for a case. */
export function epochShape(c: BenchCase): { windows: number; batches: number; predictWindows: number } {
  const windows = c.trainSeries.length - c.model.window;
  return { windows, batches: Math.ceil(windows / c.batchSize), predictWindows: c.predictSeries.length - c.model.window + 1 };
}
