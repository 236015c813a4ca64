/**
 * The TensorFlow.js peer of the benchmark: the course's SimpleRNN lab model built with tfjs 4.22
 * on its pure-JS cpu backend, trained with `model.fit` and scored with `model.predict`, timed the
 * same way as seqcast in `run.ts`. TensorFlow.js is a dev dependency and lives in bench/ only.
 *
 * The model, as the course's Keras one (tfjs has no Lambda layer):
 *   Reshape([W, 1]) → SimpleRNN(40, returnSequences) → SimpleRNN(40) → Dense(1) → Scale(100)
 * Huber loss (delta 1), momentum SGD (lr, 0.9), metric MAE; initializers are the Keras defaults.
 * One epoch = `fit` over the same N windows with batchSize B and shuffle: ceil(N / B) steps.
 *
 * N = windows, W = window, B = batch size.
 */
import * as tf from '@tensorflow/tfjs';
import type { BenchCase, EngineTimings } from './run.js';

/** The course's `Lambda(lambda x: x * 100.0)`. */
class Scale extends tf.layers.Layer {
  static readonly className = 'Scale';
  constructor(private readonly factor: number) {
    super({});
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => tf.mul(Array.isArray(inputs) ? inputs[0] : inputs, this.factor));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), factor: this.factor };
  }
}
tf.serialization.registerClass(Scale);

/** All windows of `series` in order: x (N, W) row-major, y (N) the value after each window. */
function windowsOf(series: Float32Array, window: number): { x: Float32Array; y: Float32Array; n: number } {
  const n = series.length - window;
  const x = new Float32Array(n * window); // (N, W)
  const y = new Float32Array(n); // (N)
  for (let k = 0; k < n; k++) {
    x.set(series.subarray(k, k + window), k * window);
    y[k] = series[k + window];
  }
  return { x, y, n };
}

function labModel(c: BenchCase): tf.Sequential {
  const model = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [c.window, 1], inputShape: [c.window] }),
      tf.layers.simpleRNN({ units: 40, returnSequences: true }),
      tf.layers.simpleRNN({ units: 40 }),
      tf.layers.dense({ units: 1 }),
      new Scale(100),
    ],
  });
  model.compile({
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.huberLoss(yTrue, yPred),
    optimizer: tf.train.momentum(c.learningRate, c.momentum),
    metrics: ['mae'],
  });
  return model;
}

/**
 * Times TensorFlow.js on the case: `warmup + runs` epochs of one `fit` (each epoch timed between
 * its begin and end callbacks, the first `warmup` dropped), then `warmup + runs` sliding-window
 * forecasts of `c.predictSeries` (windows built, predicted in batches, read back to JS).
 */
export async function benchTfjs(c: BenchCase, warmup: number, runs: number): Promise<EngineTimings> {
  await tf.setBackend('cpu');
  await tf.ready();
  const model = labModel(c);
  const { x, y, n } = windowsOf(c.trainSeries, c.window);
  const xs = tf.tensor2d(x, [n, c.window]);
  const ys = tf.tensor2d(y, [n, 1]);

  const epochMs: number[] = [];
  let begin = 0;
  let loss = NaN;
  await model.fit(xs, ys, {
    epochs: warmup + runs,
    batchSize: c.batchSize,
    shuffle: true,
    verbose: 0,
    yieldEvery: 'never', // no event-loop yields inside an epoch: nothing but training is timed
    callbacks: {
      onEpochBegin: async () => {
        begin = performance.now();
      },
      onEpochEnd: async (_epoch, logs) => {
        epochMs.push(performance.now() - begin);
        loss = logs?.loss ?? NaN;
      },
    },
  });
  xs.dispose();
  ys.dispose();

  const predictMs: number[] = [];
  let forecast: Float32Array = new Float32Array(0);
  for (let r = 0; r < warmup + runs; r++) {
    const start = performance.now();
    forecast = await slidingForecast(model, c.predictSeries, c.window, c.batchSize);
    predictMs.push(performance.now() - start);
  }
  model.dispose();

  return {
    engine: 'tfjs',
    detail: `TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()} backend`,
    epochMs: epochMs.slice(warmup),
    predictMs: predictMs.slice(warmup),
    batchesPerEpoch: Math.ceil(n / c.batchSize),
    lastLoss: loss,
    forecast,
  };
}

/** The course's `model_forecast`: one prediction per window of `series` (N = length - W + 1). */
async function slidingForecast(model: tf.Sequential, series: Float32Array, window: number, batchSize: number): Promise<Float32Array> {
  const n = series.length - window + 1;
  const x = new Float32Array(n * window); // (N, W)
  for (let i = 0; i < n; i++) x.set(series.subarray(i, i + window), i * window);
  const xs = tf.tensor2d(x, [n, window]);
  const ys = model.predict(xs, { batchSize }) as tf.Tensor;
  const out = (await ys.data()) as Float32Array;
  xs.dispose();
  ys.dispose();
  return out;
}
