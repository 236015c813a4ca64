/**
 * The course's models, built as its notebooks build them, so the demo, the benchmark, the
 * reproduction and users start from the same definitions.
 */
import * as layers from '../layers/index.js';
import { sequential, type Sequential } from './sequential.js';

export interface CourseModelOptions {
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/**
 * The RNN lab's model: expandDims → SimpleRNN(40, sequences) → SimpleRNN(40) → Dense(1) → ×100,
 * on windows of any length (4,961 parameters). Compile it yourself (the lab: Huber, SGD 1e-6
 * momentum 0.9, metric MAE).
 * @example const model = simpleRnnLab({ seed: 2 });
 */
export function simpleRnnLab({ seed = 0 }: CourseModelOptions = {}): Sequential {
  return sequential(
    [
      layers.expandDims(-1, { inputShape: [null] }),
      layers.simpleRNN(40, { returnSequences: true }),
      layers.simpleRNN(40),
      layers.dense(1),
      layers.scale(100),
    ],
    { seed },
  );
}

/**
 * The LSTM lab's model: expandDims → Bidirectional(LSTM(32, sequences)) → Bidirectional(LSTM(32))
 * → Dense(1) → ×100. The lab: Huber, SGD 2e-6 momentum 0.9, 100 epochs, window 20.
 * @example const model = bilstmLab({ seed: 0 });
 */
export function bilstmLab({ seed = 0 }: CourseModelOptions = {}): Sequential {
  return sequential(
    [
      layers.expandDims(-1, { inputShape: [null] }),
      layers.bidirectional(layers.lstm(32, { returnSequences: true })),
      layers.bidirectional(layers.lstm(32)),
      layers.dense(1),
      layers.scale(100),
    ],
    { seed },
  );
}

export interface ConvLstmOptions extends CourseModelOptions {
  /** Conv1D filters; default 32. */
  filters?: number;
  /** Conv1D kernel size; default 3. */
  kernelSize?: number;
  /** Units of each of the two LSTMs; default 32. */
  units?: number;
  /** Hidden dense layers (relu) before the output, e.g. [30, 10] for the real-data labs; default none. */
  dense?: number[];
  /** Output scale, the course's final Lambda: 200 (synthetic) or 400 (real series). */
  scale?: number;
  /**
   * Sequence to sequence, as the notebooks that printed the course's week-4 numbers: both LSTMs
   * return sequences, the dense layers apply per time step, and the model takes windows of shape
   * (W, 1) with one label per step (`windowedDataset(..., { sequenceLabels: true })`); its
   * forecast is the last step's output. Default false: windows (W), one label after each.
   */
  sequenceToSequence?: boolean;
}

/**
 * The course's week-4 model: Conv1D(filters, kernelSize, causal, relu) → LSTM(units, sequences)
 * → LSTM(units) → Dense(…, relu) → Dense(1) → ×scale, after an expandDims for windows of shape
 * (W); with `sequenceToSequence`, the second LSTM returns sequences too and the input is (W, 1).
 * The current labs: filters 64, units 64, dense [30, 10], scale 400 (sunspots) or filters 32,
 * units 32, scale 200 (synthetic); see course-cases.ts for the runs that printed the course's MAE.
 * @example const model = convLstm({ filters: 64, units: 64, dense: [30, 10], scale: 400 });
 * @example const seq2seq = convLstm({ filters: 60, kernelSize: 5, units: 60, dense: [30, 10], scale: 400, sequenceToSequence: true });
 */
export function convLstm({
  seed = 0,
  filters = 32,
  kernelSize = 3,
  units = 32,
  dense = [],
  scale = 200,
  sequenceToSequence = false,
}: ConvLstmOptions = {}): Sequential {
  const conv = { kernelSize, padding: 'causal', activation: 'relu' } as const;
  return sequential(
    [
      ...(sequenceToSequence
        ? [layers.conv1d(filters, { ...conv, inputShape: [null, 1] })]
        : [layers.expandDims(-1, { inputShape: [null] }), layers.conv1d(filters, conv)]),
      layers.lstm(units, { returnSequences: true }),
      layers.lstm(units, { returnSequences: sequenceToSequence }),
      ...dense.map((n) => layers.dense(n, { activation: 'relu' })),
      layers.dense(1),
      layers.scale(scale),
    ],
    { seed },
  );
}

export interface DnnOptions extends CourseModelOptions {
  /** Length of the input windows (the first layer's inputs). */
  window: number;
  /** Units of the hidden relu layers: [10, 10] (the week-2 lab) or [20, 10] (sunspots). */
  units: number[];
}

/**
 * The course's deep neural network: Dense(units[0], relu) → … → Dense(1) on windows of shape (W),
 * one label after each. The week-2 lab: units [10, 10], window 20, MSE, SGD 1e-6 momentum 0.9;
 * the week-4 sunspots lesson: units [20, 10], window 60, MSE, SGD 1e-7 momentum 0.9.
 * @example const model = dnn({ window: 20, units: [10, 10] }); // 331 parameters
 */
export function dnn({ seed = 0, window, units }: DnnOptions): Sequential {
  const widths = [...units, 1]; // relu hidden layers, then the linear output; the first takes the window
  return sequential(
    widths.map((n, i) =>
      layers.dense(n, { ...(i < units.length ? { activation: 'relu' } : {}), ...(i === 0 ? { inputShape: [window] } : {}) }),
    ),
    { seed },
  );
}
