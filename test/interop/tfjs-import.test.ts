/**
 * TF.js layers models built and saved by TensorFlow.js (tf.io.withSaveHandler, written as tf.io's
 * file handlers write them) load in seqcast and predict as TF.js does, for each layer kind and the
 * course's lab models.
 *
 * Tolerance: |seqcast − TF.js| ≤ 1e-5·max(1, max|y|) + 1e-4·|y| entrywise (assertClose). Both
 * compute in float32 (ε = 1.2e-7) with different summation orders and activation kernels; over
 * 20 recurrent steps of 32–40 units the rounding compounds; measured at most 5.8e-7 of max(1, max|y|)
 * here (bilstmLab; printed by the last test, which also asserts < 1e-5), so the bound has margin
 * without hiding a wrong gate, weight or factor (those miss by 1e-2 or more).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, loadTf, fromTf, toTf, assertClose } from '../helpers/tfjs.js';
import { Scale } from '../helpers/tfjs-layers.js';
import { saveToMemory, writeTfjsDir, type Saved } from '../helpers/tfjs-files.js';
import { keras2Lambda, keras3Lambda, PY311_EXPAND_DIMS, PY311_TIMES_100, PY311_TIMES_200 } from '../helpers/keras-lambdas.js';
import { Rng } from '../helpers/gradcheck.js';
import { loadModel } from '../../src/model/save-node.js';
import { Tensor } from '../../src/engine/tensor.js';

const RTOL = 1e-4;
const ATOL = 1e-5;
/** The largest relative difference seen, for the report. */
const worst: { label: string; rel: number }[] = [];

/** Seeded weights for a TF.js model (its initializers are not seeded): uniform ±0.5, recurrent kernels smaller. */
function seedWeights(m: tf.LayersModel, seed: number): void {
  const rng = new Rng(seed);
  m.setWeights(
    m.weights.map((w) => {
      const n = (w.shape as number[]).reduce((a, b) => a * b, 1);
      const s = w.name.includes('recurrent') ? 0.3 : 0.5;
      return tf.tensor(rng.fill(new Float32Array(n), -s, s), w.shape as number[]);
    }),
  );
}

let dirs = 0;
const root = await mkdtemp(join(tmpdir(), 'seqcast-tfjs-in-'));
test.after(() => rm(root, { recursive: true, force: true }));

/** Saves `m` as files, loads them in seqcast, and compares predictions on `x`. */
async function check(
  label: string,
  m: tf.LayersModel,
  x: Tensor,
  edit?: (s: Saved) => void,
  options: { wrap?: boolean; shardBytes?: number } = {},
): Promise<void> {
  await loadTf();
  const want = fromTf(m.predict(toTf(x)) as tf.Tensor);
  const saved = await saveToMemory(m);
  edit?.(saved);
  const dir = join(root, `m${dirs++}`);
  await writeTfjsDir(dir, saved, options);
  const model = await loadModel(dir);
  const got = model.predict(x);
  assertClose(got, want, label, RTOL, ATOL);
  let scale = 1;
  for (const v of want.data) scale = Math.max(scale, Math.abs(v));
  let rel = 0;
  for (let i = 0; i < got.data.length; i++) rel = Math.max(rel, Math.abs(got.data[i] - want.data[i]) / scale);
  worst.push({ label, rel });
}

const seq = (layers: tf.layers.Layer[]): tf.Sequential => {
  const m = tf.sequential();
  for (const l of layers) m.add(l);
  return m;
};
const windows = (shape: number[], seed = 7): Tensor => new Rng(seed).tensor(shape);
const sig = { recurrentActivation: 'sigmoid' } as const;
const affine = (t: Tensor, a: number, b: number): Tensor =>
  new Tensor(
    t.data.map((v) => v * a + b),
    t.shape,
  );

test('a TF.js Dense stack (relu, sigmoid, tanh, no bias, linear) loads and predicts as TF.js', async () => {
  await loadTf();
  const m = seq([
    tf.layers.dense({ units: 5, activation: 'relu', inputShape: [6] }),
    tf.layers.dense({ units: 4, activation: 'sigmoid' }),
    tf.layers.dense({ units: 3, activation: 'tanh', useBias: false }),
    tf.layers.dense({ units: 2 }),
  ]);
  seedWeights(m, 1);
  await check('dense', m, windows([5, 6]));
});

test('TF.js SimpleRNN, LSTM and GRU (resetAfter false) stacks, with returnSequences, goBackwards and relu, load and predict as TF.js', async () => {
  await loadTf();
  const rnn = seq([
    tf.layers.reshape({ targetShape: [-1, 1], inputShape: [null] } as never),
    tf.layers.simpleRNN({ units: 5, returnSequences: true, goBackwards: true }),
    tf.layers.simpleRNN({ units: 4, activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ]);
  seedWeights(rnn, 2);
  await check('simpleRNN', rnn, windows([3, 12]));
  const lstm = seq([
    tf.layers.lstm({ units: 4, returnSequences: true, inputShape: [10, 2], ...sig }),
    tf.layers.lstm({ units: 3, goBackwards: true, ...sig }),
    tf.layers.dense({ units: 2 }),
  ]);
  seedWeights(lstm, 3);
  await check('lstm', lstm, windows([4, 10, 2]));
  const gru = seq([
    tf.layers.gru({ units: 4, returnSequences: true, resetAfter: false, inputShape: [9, 1], ...sig } as never),
    tf.layers.gru({ units: 3, resetAfter: false, goBackwards: true, ...sig } as never),
    tf.layers.dense({ units: 1 }),
  ]);
  seedWeights(gru, 4);
  await check('gru', gru, windows([4, 9, 1]));
});

test('TF.js Bidirectional in every merge mode, over SimpleRNN, LSTM and GRU, loads and predicts as TF.js', async () => {
  await loadTf();
  const cells = [
    (o: object) => tf.layers.simpleRNN({ units: 3, ...o }),
    (o: object) => tf.layers.lstm({ units: 3, ...sig, ...o }),
    (o: object) => tf.layers.gru({ units: 3, resetAfter: false, ...sig, ...o } as never),
  ];
  let seed = 10;
  for (const mergeMode of ['concat', 'sum', 'ave', 'mul'] as const) {
    for (const [k, cell] of cells.entries()) {
      const m = seq([
        tf.layers.bidirectional({ layer: cell({ returnSequences: true }) as never, mergeMode, inputShape: [8, 2] } as never),
        tf.layers.bidirectional({ layer: cell({}) as never, mergeMode }),
        tf.layers.dense({ units: 1 }),
      ]);
      seedWeights(m, seed++);
      await check(`bidirectional ${mergeMode} ${k}`, m, windows([3, 8, 2], seed));
    }
  }
});

test('TF.js Conv1D (valid with strides, same with dilation, and causal as Reshape + ZeroPadding2D + Reshape + valid) and Dropout load and predict as TF.js', async () => {
  await loadTf();
  const valid = seq([
    tf.layers.conv1d({ filters: 4, kernelSize: 3, strides: 2, activation: 'relu', inputShape: [12, 2] }),
    tf.layers.dropout({ rate: 0.3 }),
    tf.layers.conv1d({ filters: 3, kernelSize: 2, padding: 'same', dilationRate: 2 }),
    tf.layers.dense({ units: 2 }), // per timestep: a (batch, time, 2) output
  ]);
  seedWeights(valid, 30);
  await check('conv1d valid/same', valid, windows([3, 12, 2]));
  const causal = seq([
    tf.layers.reshape({ targetShape: [-1, 1, 2], inputShape: [null, 2] } as never),
    tf.layers.zeroPadding2d({
      padding: [
        [4, 0],
        [0, 0],
      ],
    }),
    tf.layers.reshape({ targetShape: [-1, 2] } as never),
    tf.layers.conv1d({ filters: 3, kernelSize: 3, dilationRate: 2, activation: 'relu' }),
    tf.layers.lstm({ units: 3, ...sig }),
    tf.layers.dense({ units: 1 }),
  ]);
  seedWeights(causal, 31);
  await check('conv1d causal', causal, windows([3, 11, 2]));
});

/** The course's lab models as TF.js builds them: Reshape for expand_dims, the Scale layer for x * c. */
function course(kind: 'simpleRnnLab' | 'bilstmLab' | 'convLstm'): { m: tf.Sequential; factor: number } {
  const expand = tf.layers.reshape({ targetShape: [-1, 1], inputShape: [null] } as never);
  if (kind === 'simpleRnnLab')
    return {
      m: seq([
        expand,
        tf.layers.simpleRNN({ units: 40, returnSequences: true }),
        tf.layers.simpleRNN({ units: 40 }),
        tf.layers.dense({ units: 1 }),
        new Scale(100),
      ]),
      factor: 100,
    };
  if (kind === 'bilstmLab')
    return {
      m: seq([
        expand,
        tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 32, returnSequences: true, ...sig }) as never }),
        tf.layers.bidirectional({ layer: tf.layers.lstm({ units: 32, ...sig }) as never }),
        tf.layers.dense({ units: 1 }),
        new Scale(100),
      ]),
      factor: 100,
    };
  return {
    m: seq([
      expand,
      tf.layers.reshape({ targetShape: [-1, 1, 1] } as never),
      tf.layers.zeroPadding2d({
        padding: [
          [2, 0],
          [0, 0],
        ],
      }),
      tf.layers.reshape({ targetShape: [-1, 1] } as never),
      tf.layers.conv1d({ filters: 32, kernelSize: 3, activation: 'relu' }),
      tf.layers.lstm({ units: 32, returnSequences: true, ...sig }),
      tf.layers.lstm({ units: 32, ...sig }),
      tf.layers.dense({ units: 1 }),
      new Scale(200),
    ]),
    factor: 200,
  };
}

/** The topology as Keras would save the course's notebook: Lambda(expand_dims) first, Lambda(x * factor) last. */
function asKerasLambdas(spelling: 2 | 3, factor: number) {
  return (s: Saved): void => {
    const layers = (s.modelTopology.config as { layers: { class_name: string; config: Record<string, unknown> }[] }).layers;
    const make = spelling === 2 ? keras2Lambda : keras3Lambda;
    const first = make('lambda', PY311_EXPAND_DIMS);
    first.config[spelling === 2 ? 'batch_input_shape' : 'batch_shape'] = [null, null];
    layers[0] = first;
    layers[layers.length - 1] = make('lambda_1', factor === 100 ? PY311_TIMES_100 : PY311_TIMES_200);
  };
}

for (const kind of ['simpleRnnLab', 'bilstmLab', 'convLstm'] as const) {
  test(`the course's ${kind}, built in TF.js, loads (Keras 2 and Keras 3 Lambda spellings, converter topology) and predicts as TF.js`, async () => {
    await loadTf();
    const { m, factor } = course(kind);
    seedWeights(m, 40);
    const x = affine(windows([4, 20], 41), 50, 50);
    await check(`${kind} (Keras 2 lambdas)`, m, x, asKerasLambdas(2, factor), { wrap: true });
    await check(`${kind} (Keras 3 lambdas)`, m, x, asKerasLambdas(3, factor));
    await check(`${kind} (Reshape, Scale as TF.js saves it: refused)`, m, x).then(
      () => assert.fail('a TF.js custom Scale layer must be refused'),
      (err: Error) => assert.match(err.message, /layer '.*' \(Scale\): seqcast has no such layer/),
    );
  });
}

test("the course's dnn, built in TF.js, loads and predicts as TF.js, its weights in two shards", async () => {
  await loadTf();
  const m = seq([
    tf.layers.dense({ units: 10, activation: 'relu', inputShape: [20] }),
    tf.layers.dense({ units: 10, activation: 'relu' }),
    tf.layers.dense({ units: 1 }),
  ]);
  seedWeights(m, 50);
  await check('dnn', m, affine(windows([6, 20], 51), 50, 0), undefined, { shardBytes: 600 });
});

test('the largest difference from TF.js stays far inside the tolerance', () => {
  const max = worst.reduce((a, b) => (b.rel > a.rel ? b : a), { label: 'none', rel: 0 });
  console.log(`max |seqcast − TF.js| / max(1, max|y|): ${max.rel.toExponential(2)} (${max.label}) over ${worst.length} models`);
  assert.ok(worst.length >= 20, `expected every model checked, got ${worst.length}`);
  assert.ok(max.rel < 1e-5, `${max.label}: ${max.rel}`);
});
