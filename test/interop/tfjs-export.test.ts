/**
 * seqcast models exported to the TF.js layers format (`exportModel(model, dir, { format: 'tfjs' })`)
 * load in TensorFlow.js (`tf.loadLayersModel` through `tf.io.fromMemory`) and predict as seqcast
 * does, and load back in seqcast; what TF.js cannot represent is refused with nothing written.
 * Tolerance as in tfjs-import.test.ts (rtol 1e-4, atol 1e-5 of max(1, max|y|)): float32 on both
 * sides; a folded scale adds one rounding of the Dense's weights.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf, loadTf, fromTf, toTf, assertClose } from '../helpers/tfjs.js';
import { loadTfjsDir } from '../helpers/tfjs-files.js';
import { Rng, randomizeParams } from '../helpers/gradcheck.js';
import { exportModel } from '../../src/interop/export.js';
import { loadModel } from '../../src/model/save-node.js';
import { Tensor } from '../../src/engine/tensor.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import * as layers from '../../src/layers/index.js';
import { registerLambda } from '../../src/layers/lambda.js';
import { bilstmLab, convLstm, dnn, simpleRnnLab } from '../../src/model/course-models.js';
import { modelFromSpec } from '../../src/model/model-spec.js';
import { NETWORK_KIND_IDS } from '../../src/model/network-kinds.js';
import { OptionError } from '../../src/errors.js';

const root = await mkdtemp(join(tmpdir(), 'seqcast-tfjs-out-'));
test.after(() => rm(root, { recursive: true, force: true }));
let dirs = 0;

/** Seeded weights: uniform ±0.5, recurrent kernels ±0.3. */
function seeded(model: Sequential, seed: number): Sequential {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    randomizeParams(layer, rng);
    for (const p of layer.params) if (p.name === 'recurrent_kernel') rng.fill(p.value, -0.3, 0.3);
  }
  return model;
}

/** Exports, loads in TF.js and in seqcast again, and compares both with the model's predictions on x. */
async function roundTrip(label: string, model: Sequential, x: Tensor): Promise<string> {
  await loadTf();
  const dir = join(root, `e${dirs++}`);
  const want = model.predict(x);
  await exportModel(model, dir, { format: 'tfjs' });
  const m = await loadTfjsDir(dir);
  assertClose(fromTf(m.predict(toTf(x)) as tf.Tensor), want, `${label} in TF.js`, 1e-4, 1e-5);
  m.dispose();
  assertClose((await loadModel(dir)).predict(x), want, `${label} back in seqcast`, 1e-4, 1e-5);
  return dir;
}

const windows = (shape: number[], seed = 3): Tensor => new Rng(seed).tensor(shape);

test('every layer kind exported to TF.js predicts the same in TF.js and back in seqcast', async () => {
  const cases: [string, () => Sequential, number[]][] = [
    [
      'dense',
      () =>
        sequential([
          layers.dense(4, { activation: 'relu', inputShape: [6] }),
          layers.dense(2, { activation: 'tanh', useBias: false }),
          layers.dense(1, { activation: 'sigmoid' }),
        ]),
      [5, 6],
    ],
    [
      'simpleRNN',
      () =>
        sequential([
          layers.simpleRNN(4, { returnSequences: true, goBackwards: true, inputShape: [null, 2] }),
          layers.simpleRNN(3, { activation: 'relu' }),
          layers.dense(1),
        ]),
      [3, 9, 2],
    ],
    [
      'lstm',
      () =>
        sequential([layers.lstm(4, { returnSequences: true, inputShape: [8, 1] }), layers.dropout(0.2), layers.lstm(3), layers.dense(2)]),
      [3, 8, 1],
    ],
    [
      'gru resetAfter false',
      () =>
        sequential([
          layers.gru(4, { resetAfter: false, returnSequences: true, inputShape: [8, 1] }),
          layers.gru(3, { resetAfter: false, goBackwards: true }),
          layers.dense(1),
        ]),
      [3, 8, 1],
    ],
    [
      'conv1d',
      () =>
        sequential([
          layers.conv1d(3, { kernelSize: 3, strides: 2, inputShape: [12, 2] }),
          layers.conv1d(2, { kernelSize: 2, padding: 'same', dilationRate: 2, activation: 'relu' }),
          layers.conv1d(2, { kernelSize: 3, padding: 'causal', dilationRate: 2 }),
          layers.dense(1),
        ]),
      [2, 12, 2],
    ],
    [
      'expandDims + scale',
      () => sequential([layers.expandDims(-1, { inputShape: [10] }), layers.lstm(3), layers.dense(1), layers.scale(50)]),
      [3, 10],
    ],
  ];
  for (const mergeMode of ['concat', 'sum', 'ave', 'mul'] as const)
    cases.push([
      `bidirectional ${mergeMode}`,
      () =>
        sequential([
          layers.bidirectional(layers.lstm(3, { returnSequences: true }), { mergeMode, inputShape: [7, 2] }),
          layers.bidirectional(layers.simpleRNN(2), { mergeMode }),
          layers.dense(1),
        ]),
      [3, 7, 2],
    ]);
  for (const [i, [label, make, shape]] of cases.entries()) await roundTrip(label, seeded(make(), 100 + i), windows(shape, i));
});

test("the course's lab models exported to TF.js predict the same in TF.js and back in seqcast", async () => {
  const x = new Tensor(
    windows([4, 20]).data.map((v) => 50 + 40 * v),
    [4, 20],
  );
  await roundTrip('simpleRnnLab', seeded(simpleRnnLab({ seed: 1 }), 1), x);
  await roundTrip('bilstmLab', seeded(bilstmLab({ seed: 2 }), 2), x);
  await roundTrip('convLstm', seeded(convLstm({ seed: 3, dense: [30, 10], scale: 400 }), 3), x);
  await roundTrip('convLstm seq2seq', seeded(convLstm({ seed: 4, sequenceToSequence: true }), 4), new Tensor(x.data, [4, 20, 1]));
  await roundTrip('dnn', seeded(dnn({ window: 20, units: [10, 10] }), 5), x);
});

test('the network kinds export to TF.js, except GRU with resetAfter (which TF.js cannot run), refused with nothing written', async () => {
  const x = windows([3, 12]);
  for (const kind of NETWORK_KIND_IDS) {
    const model = seeded(modelFromSpec({ model: kind, units: 4, layers: 2, window: 12 }), 7);
    if (kind === 'gru') {
      const dir = join(root, 'gru-refused');
      await assert.rejects(exportModel(model, dir, { format: 'tfjs' }), (err: Error) => {
        assert.ok(err instanceof OptionError);
        assert.match(err.message, /GRU with resetAfter true .*TF\.js runs only reset_after=False.*resetAfter: false/);
        return true;
      });
      await assert.rejects(stat(dir), { code: 'ENOENT' });
      continue;
    }
    await roundTrip(kind, model, x);
  }
});

test('exportModel writes seqcast.json with the window, the transform and the metadata', async () => {
  const model = seeded(dnn({ window: 5, units: [3] }), 9);
  model.metadata = { note: 'kept' };
  const dir = join(root, 'sidecar');
  const result = await exportModel(model, dir, { format: 'tfjs' });
  assert.deepEqual(result.files, ['model.json', 'group1-shard1of1.bin', 'seqcast.json']);
  const side = JSON.parse(await readFile(join(dir, 'seqcast.json'), 'utf8'));
  assert.deepEqual(side, { format: 'seqcast-sidecar', version: 1, window: 5, transform: null, metadata: { note: 'kept' } });
  assert.deepEqual((await loadModel(dir)).metadata, { note: 'kept' });
});

test('weights over 4 MiB are split into shards as tf.io does, and load in TF.js and in seqcast', async () => {
  const model = seeded(sequential([layers.dense(1100, { inputShape: [1000] }), layers.dense(1)]), 11);
  const dir = await roundTrip('big dense', model, windows([2, 1000]));
  const names = (await readdir(dir)).sort();
  assert.deepEqual(names, ['group1-shard1of2.bin', 'group1-shard2of2.bin', 'model.json', 'seqcast.json']);
  assert.equal((await stat(join(dir, 'group1-shard1of2.bin'))).size, 4 * 1024 * 1024);
});

test('exportModel refuses what TF.js cannot represent, naming the layer and the fix, and writes nothing; onnx is the other format', async () => {
  registerLambda('clip01', (x) => x.mul(0.5));
  const cases: [Sequential, RegExp][] = [
    [
      sequential([layers.dense(2, { inputShape: [3] }), layers.lambda((x) => x.mul(2))]),
      /Layer 'lambda.*' \(Lambda\) cannot be exported.*runs code \(a user lambda\)/,
    ],
    [sequential([layers.dense(2, { inputShape: [3] }), layers.lambda((x) => x.mul(0.5))]), /cannot be exported/],
    [
      sequential([layers.dense(2, { activation: 'relu', inputShape: [3] }), layers.scale(10)]),
      /a scale\(10\) is exported only folded into a Dense with a linear activation.*relu/,
    ],
    [
      modelFromSpec({ model: 'mlp', window: 5, units: 3, layers: 1, quantiles: [0.1, 0.5, 0.9] }),
      /\(MonotoneQuantiles\) cannot be exported.*have no MonotoneQuantiles layer/,
    ],
  ];
  for (const [i, [model, message]] of cases.entries()) {
    const dir = join(root, `refused${i}`);
    await assert.rejects(
      exportModel(model, dir, { format: 'tfjs' }),
      (err: Error) => err instanceof OptionError && message.test(err.message),
    );
    await assert.rejects(stat(dir), { code: 'ENOENT' });
  }
  const model = dnn({ window: 3, units: [2] });
  const onnx = await exportModel(model, join(root, 'o'), { format: 'onnx' }); // the other format (docs/interop-onnx.md)
  assert.deepEqual(onnx.files, ['model.onnx', 'model.onnx.json']);
  await assert.rejects(exportModel(model, join(root, 'o'), { format: 'pb' as never }), /format must be one of tfjs, onnx/);
});
