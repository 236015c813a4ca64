/**
 * The TensorFlow.js peer of the benchmark: one model (`--model rnn|bilstm|conv-lstm`) built with
 * tfjs 4.22 layers on its pure-JS `cpu` backend or its WebAssembly `wasm` backend (`--backend`),
 * trained with `model.fit` and scored with `model.predict`, timed as bench/seqcast.ts times seqcast.
 * TensorFlow.js is a dev dependency and lives in bench/ and test/ only.
 *
 *   npx tsx bench/tfjs-peer.ts --backend wasm --model bilstm --runs 2 --warmup 1 [--json]
 *
 * The models, as the course's Keras ones (see /work/shared/docs/peers.md for why each detail):
 *   Reshape([W, 1]) (tfjs has no Lambda for expand_dims) → the recurrent / conv layers of the
 *   {@link ModelSpec} → Dense(1) → Scale(s) (a tiny custom layer for `Lambda(x * s)`); Conv1D's
 *   causal padding, which tfjs lacks, is a CausalPad layer (k - 1 zeros in front) + 'valid' Conv1D
 *   (on wasm, which cannot train a Conv1D, im2col patches + a Dense: the same weights and FLOPs).
 * LSTMs get `recurrentActivation: 'sigmoid'` (tfjs defaults to hardSigmoid, Keras to sigmoid).
 * Huber loss (delta 1), momentum SGD (lr, 0.9), metric MAE; initializers are the Keras defaults.
 * One epoch = `fit` over the same N windows with batchSize B and shuffle: ceil(N / B) steps.
 *
 * N = windows, W = window, B = batch size.
 */
import * as tf from '@tensorflow/tfjs';
import { Option } from 'commander';
import { benchCase, type BenchCase, type LayerSpec } from './models.js';
import { CausalPad, Scale } from '../test/helpers/tfjs-layers.js';
import {
  RunPlan,
  emitResult,
  forecastCheck,
  parseEngineArgs,
  peakRssMB,
  progress,
  rssMB,
  type EngineOptions,
  type EngineResult,
} from './engine-cli.js';

type Backend = 'cpu' | 'wasm';

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

/** The tfjs layers for one layer of the spec; `backend` decides how a Conv1D is built. */
function tfLayers(spec: LayerSpec, backend: Backend): tf.layers.Layer[] {
  switch (spec.kind) {
    case 'conv1d': {
      const { filters, kernelSize } = spec;
      if (backend === 'wasm') return [new CausalPad(kernelSize, true), tf.layers.dense({ units: filters, activation: 'relu' })];
      return [new CausalPad(kernelSize, false), tf.layers.conv1d({ filters, kernelSize, padding: 'valid', activation: 'relu' })];
    }
    case 'dense':
      return [tf.layers.dense({ units: spec.units })];
    case 'simpleRnn':
    case 'lstm': {
      const { units, returnSequences } = spec;
      const rnn =
        spec.kind === 'lstm'
          ? tf.layers.lstm({ units, returnSequences, recurrentActivation: 'sigmoid' })
          : tf.layers.simpleRNN({ units, returnSequences });
      return [spec.bidirectional ? tf.layers.bidirectional({ layer: rnn, mergeMode: 'concat' }) : rnn];
    }
  }
}

function buildModel(c: BenchCase, backend: Backend): tf.Sequential {
  const { window, layers, scale, learningRate } = c.model;
  const model = tf.sequential({
    layers: [
      tf.layers.reshape({ targetShape: [window, 1], inputShape: [window] }),
      ...layers.flatMap((l) => tfLayers(l, backend)),
      new Scale(scale),
    ],
  });
  model.compile({
    loss: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.losses.huberLoss(yTrue, yPred),
    optimizer: tf.train.momentum(learningRate, c.momentum),
    metrics: ['mae'],
  });
  return model;
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

/**
 * Times TensorFlow.js on one case: epochs of one `fit` (each timed between its begin and end
 * callbacks, the warm-up dropped, stopped early by the run plan), then whole-series forecasts
 * (windows built, predicted in batches, read back to JS).
 */
async function benchTfjs(c: BenchCase, o: EngineOptions, backend: Backend): Promise<EngineResult> {
  if (backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend(backend)))
    throw new Error(
      `TensorFlow.js: the '${backend}' backend did not start; for wasm, check that @tensorflow/tfjs-backend-wasm is installed.`,
    );
  await tf.ready();
  const idleMB = rssMB();
  const { window } = c.model;
  const model = buildModel(c, backend);
  const { x, y, n } = windowsOf(c.trainSeries, window);
  const xs = tf.tensor2d(x, [n, window]);
  const ys = tf.tensor2d(y, [n, 1]);

  const train = new RunPlan(o.warmup, o.runs, o.budgetMs);
  let lastLoss = NaN;
  await model.fit(xs, ys, {
    epochs: o.warmup + o.runs,
    batchSize: c.batchSize,
    shuffle: true,
    verbose: 0,
    yieldEvery: 'never', // no event-loop yields inside an epoch: nothing but training is timed
    callbacks: {
      onEpochBegin: async () => {
        train.start();
      },
      onEpochEnd: async (_epoch, logs) => {
        train.stop();
        lastLoss = logs?.loss ?? NaN;
        if (train.done) model.stopTraining = true;
      },
    },
  });
  xs.dispose();
  ys.dispose();

  const predict = new RunPlan(o.warmup, o.runs, o.budgetMs);
  let forecast: Float32Array = new Float32Array(0);
  while (!predict.done) {
    predict.start();
    forecast = await slidingForecast(model, c.predictSeries, window, c.batchSize);
    predict.stop();
  }
  const params = model.countParams();
  model.dispose();

  const simd = backend === 'wasm' ? (tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? ', SIMD' : ', no SIMD') : '';
  const conv =
    backend === 'wasm' && c.model.layers.some((l) => l.kind === 'conv1d')
      ? ' (Conv1D as im2col + Dense: no Conv2DBackpropFilter on wasm)'
      : '';
  return {
    engine: `tfjs-${backend}`,
    detail: `TensorFlow.js ${tf.version.tfjs}, ${tf.getBackend()} backend${simd}${conv}`,
    model: c.model.id,
    params,
    batchesPerEpoch: Math.ceil(n / c.batchSize),
    trainWindows: n,
    predictWindows: forecast.length,
    warmup: o.warmup,
    epochMs: train.timed,
    predictMs: predict.timed,
    epochCpuMs: train.cpu,
    predictCpuMs: predict.cpu,
    lastLoss,
    ...forecastCheck(forecast),
    memory: { idleMB, peakMB: peakRssMB() },
  };
}

async function main(): Promise<void> {
  const backendOption = new Option('--backend <name>', 'TensorFlow.js backend').choices(['cpu', 'wasm']).default('cpu');
  const { options, extra } = parseEngineArgs('tfjs-peer', process.argv, [backendOption]);
  const backend = extra.backend as Backend;
  progress(`tfjs-${backend} ${options.model}: ${options.warmup} warm-up + up to ${options.runs} timed epochs, then as many predictions`);
  emitResult(await benchTfjs(benchCase(options.model), options, backend), options.json);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench/tfjs-peer: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
