/**
 * A course case trained by TensorFlow.js itself: its own initializers, its own shuffling, the
 * case's settings (src/forecast/course-cases.ts). seqcast's training matches TF.js step by step for
 * the same weights and batches (test/model/fit-golden.test.ts); this gives the other half of a
 * reproduction: how far the MAE of a Keras-semantics run moves from one random start to another,
 * to set seqcast's spread over seeds, and the course's single run, against it.
 *
 *   npx tsx bench/tfjs-course-case.ts --case synthetic-conv-lstm [--runs 3] [--backend wasm|cpu] [--epochs n] [--json]
 *
 * Conv1D on the wasm backend (which cannot train a Conv1D) is im2col patches + a Dense, with the
 * kernel drawn from Keras's Conv1D Glorot limit (fan in k·C, fan out k·F) rather than a Dense's.
 * tfjs shuffles with Math.random, so runs are independent draws, not seeded ones. Slow: the
 * synthetic Conv1D + LSTM case (500 epochs) takes about 10 minutes a run on wasm.
 *
 * W = window, k = kernel size, C = input channels, F = filters.
 */
import * as tf from '@tensorflow/tfjs';
import { Command, Option } from 'commander';
import { COURSE_CASES } from '../src/forecast/course-cases.js';
import { loadShipped } from '../src/data/shipped-node.js';
import { windows } from '../src/data/window.js';
import { mae } from '../src/metrics/errors.js';
import { CausalPad, Scale } from '../test/helpers/tfjs-layers.js';

const opts = new Command('tfjs-course-case')
  .description(
    'a course case (src/forecast/course-cases.ts) trained by TensorFlow.js with its own initializers, for the spread of MAE over random starts',
  )
  .addOption(new Option('--case <id>', 'the case').choices(COURSE_CASES.filter((c) => c.network).map((c) => c.id)).makeOptionMandatory())
  .option('--runs <n>', 'independent runs', (v) => Number(v), 1)
  .addOption(new Option('--backend <name>', 'TensorFlow.js backend').choices(['wasm', 'cpu']).default('wasm'))
  .option('--epochs <n>', "override the case's epochs (a quick check)", (v) => Number(v))
  .option('--json', 'print one JSON object')
  .parse(process.argv)
  .opts<{ case: string; runs: number; backend: 'wasm' | 'cpu'; epochs?: number; json?: boolean }>();

const c = COURSE_CASES.find((k) => k.id === opts.case)!;
const net = c.network!;
const epochs = opts.epochs ?? net.epochs;
const forecastWindow = net.forecastWindow ?? net.window;
const series = loadShipped(c.series).values;

/** The tfjs layers of the case's seqcast model, layer by layer, from each layer's config. */
function tfModel(): tf.LayersModel {
  const spec = net.build(0);
  const perStep = spec.inputShape?.length === 2;
  const input = tf.input({ shape: perStep ? [null, 1] : [null] });
  let h = input;
  for (const layer of spec.layers) {
    const cfg = layer.config() as Record<string, never>;
    const apply = (l: tf.layers.Layer): void => void (h = l.apply(h) as tf.SymbolicTensor);
    switch (layer.className) {
      case 'Lambda':
        if (cfg.kind === 'expandDims') apply(tf.layers.reshape({ targetShape: [-1, 1] }));
        else if (cfg.kind === 'scale') apply(new Scale(cfg.factor));
        else throw new Error(`lambda ${String(cfg.kind)} has no tfjs twin here`);
        break;
      case 'Conv1D': {
        const { filters, kernelSize: k } = cfg as { filters: number; kernelSize: number } & typeof cfg;
        if (opts.backend === 'wasm') {
          const limit = Math.sqrt(6 / (k * 1 + k * filters)); // Keras Conv1D Glorot: fan in k·C, fan out k·F (C = 1)
          apply(new CausalPad(k, true));
          apply(
            tf.layers.dense({
              units: filters,
              activation: 'relu',
              kernelInitializer: tf.initializers.randomUniform({ minval: -limit, maxval: limit }),
            }),
          );
        } else {
          apply(new CausalPad(k, false));
          apply(tf.layers.conv1d({ filters, kernelSize: k, padding: 'valid', activation: 'relu' }));
        }
        break;
      }
      case 'LSTM':
        apply(
          tf.layers.lstm({ units: cfg.units, returnSequences: cfg.returnSequences, recurrentActivation: 'sigmoid', unitForgetBias: true }),
        );
        break;
      case 'SimpleRNN':
        apply(tf.layers.simpleRNN({ units: cfg.units, returnSequences: cfg.returnSequences }));
        break;
      case 'Dense':
        apply(tf.layers.dense({ units: cfg.units, activation: cfg.activation === 'linear' ? undefined : cfg.activation }));
        break;
      default:
        throw new Error(`${layer.className} has no tfjs twin here (Bidirectional: use bench/tfjs-peer.ts)`);
    }
  }
  const model = tf.model({ inputs: input, outputs: h });
  model.compile({
    loss: (y: tf.Tensor, p: tf.Tensor) => tf.losses.huberLoss(y, p),
    optimizer: tf.train.momentum(net.learningRate, 0.9),
    metrics: ['mae'],
  });
  return model;
}

/** One run: fit on every training window (shuffled each epoch, as a buffer of 1000 over ≤ 3000 windows nearly is), then the course's sliding forecast. */
async function run(): Promise<{ mae: number; seconds: number; loss: number }> {
  const model = tfModel();
  const train = windows(series.subarray(0, c.split), net.window, { sequenceLabels: net.sequenceLabels });
  const n = train.x.length / train.xShape.reduce((a, b) => a * b, 1);
  const xs = tf.tensor(train.x, [n, ...train.xShape]);
  const ys = tf.tensor(train.y, [n, ...train.yShape]);
  const start = performance.now();
  const h = await model.fit(xs, ys, { epochs, batchSize: net.batchSize, shuffle: true, verbose: 0, yieldEvery: 'never' });
  const seconds = (performance.now() - start) / 1000;
  // forecast: every window of series[split − W', end − 1), the last step's output (rnn_forecast[..., -1, 0])
  const valid = series.subarray(c.split - forecastWindow, series.length - 1);
  const m = valid.length - forecastWindow + 1;
  const fx = new Float32Array(m * forecastWindow);
  for (let i = 0; i < m; i++) fx.set(valid.subarray(i, i + forecastWindow), i * forecastWindow);
  const inputShape = model.inputs[0].shape.length === 3 ? [m, forecastWindow, 1] : [m, forecastWindow];
  const out = tf.tidy(() => {
    const y = model.predict(tf.tensor(fx, inputShape), { batchSize: 32 }) as tf.Tensor;
    return y.rank === 3 ? y.slice([0, forecastWindow - 1, 0], [m, 1, 1]).reshape([m]) : y.reshape([m]);
  });
  const forecast = Float32Array.from(out.dataSync());
  tf.dispose([xs, ys, out]);
  model.dispose();
  const losses = h.history.loss as number[];
  return { mae: mae(series.subarray(c.split), forecast), seconds, loss: losses[losses.length - 1] };
}

if (opts.backend === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend(opts.backend))) throw new Error(`TensorFlow.js: the '${opts.backend}' backend did not start.`);
await tf.ready();
const results = [];
for (let r = 0; r < opts.runs; r++) {
  const result = await run();
  results.push(result);
  process.stderr.write(
    `${c.id} tfjs-${opts.backend} run ${r + 1}/${opts.runs}: MAE ${result.mae.toFixed(3)} (course ${c.courseMae}), final loss ${result.loss.toFixed(3)}, ${result.seconds.toFixed(0)} s\n`,
  );
}
if (opts.json) console.log(JSON.stringify({ case: c.id, backend: opts.backend, epochs, courseMae: c.courseMae, results }));
