/**
 * ONNX export against onnxruntime-node: every layer kind and combination, the course's models and
 * every network kind, with seeded random weights, exported, run by onnxruntime on several batches
 * (sizes 1, 3 and 7; windows of three lengths where the model takes any length) and compared with
 * seqcast's own `predict`.
 *
 * Tolerance: |onnxruntime − seqcast| ≤ 1e-5 · max(1, max |seqcast|) over each output. The weights
 * are copied bit for bit, so the outputs differ only by float32 rounding in another order:
 * onnxruntime's GEMMs sum in another order and its tanh/sigmoid are polynomial approximations
 * within a few ulps, and a recurrent layer carries each step's difference into the next (20 steps,
 * up to 4 stacked layers, outputs scaled ×100 to ×400 by the course's last Lambda). Measured over
 * the 333 outputs compared here: at most 1.1e-6 of the output's scale (convLstm; about 10 float32
 * ulps, epsilon 1.2e-7), so the bound leaves a factor 9. A wrong gate order, bias, padding side or
 * time direction gives differences of the output's own size, 100,000 times the bound.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Tensor } from '../../src/engine/tensor.js';
import type { LayerShape } from '../../src/engine/shape.js';
import * as layers from '../../src/layers/index.js';
import { Layer } from '../../src/layers/layer.js';
import { registerLambda } from '../../src/layers/lambda.js';
import { sequential, type Sequential } from '../../src/model/sequential.js';
import { bilstmLab, convLstm, dnn, simpleRnnLab } from '../../src/model/course-models.js';
import { modelFromSpec, resolveNetworkSpec } from '../../src/model/model-spec.js';
import { NETWORK_KIND_IDS } from '../../src/model/network-kinds.js';
import { networkForecasterFromModel } from '../../src/forecast/network.js';
import { OptionError, OutputError } from '../../src/errors.js';
import { modelToOnnx, ONNX_IR_VERSION, ONNX_OPSET } from '../../src/interop/onnx-export.js';
import { onnxSidecar, type OnnxSidecar } from '../../src/interop/onnx-sidecar.js';
import { saveOnnx } from '../../src/interop/onnx-save-node.js';
import { decodeModel } from '../../src/interop/onnx-proto.js';
import { Rng } from '../helpers/gradcheck.js';

/** Relative tolerance, of the output's largest magnitude (at least 1): see the file's comment. */
const RTOL = 1e-5;

/** Uniform ±0.5 weights (biases included), recurrent kernels ±1.2/√H so that states neither die nor explode. */
function randomize(model: Sequential, seed: number): Sequential {
  const rng = new Rng(seed);
  for (const layer of model.layers) {
    for (const p of layer.params) {
      const bound = p.name === 'recurrent_kernel' ? 1.2 / Math.sqrt(p.shape[0]) : 0.5;
      rng.fill(p.value, -bound, bound);
    }
  }
  return model;
}

/** Input shapes of several batches for a model's input shape: batch 1, 3, 7; an axis of any length 5, 20, 12. */
function batches(input: LayerShape): number[][] {
  const lengths = [5, 20, 12];
  return [1, 3, 7].map((B, k) => [B, ...input.map((d) => d ?? lengths[k])]);
}

/** The largest |a − b| and the bound it must stay within, for one output. */
function difference(got: Float32Array, want: Float32Array): { maxAbs: number; bound: number } {
  let maxAbs = 0;
  let scale = 1;
  for (let i = 0; i < want.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(got[i] - want[i]));
    scale = Math.max(scale, Math.abs(want[i]));
  }
  return { maxAbs, bound: RTOL * scale };
}

/** Exports the model, runs every batch through onnxruntime and asserts it agrees with predict. */
async function assertAgrees(model: Sequential, label: string, seed = 1): Promise<void> {
  const session = await ort.InferenceSession.create(modelToOnnx(model));
  assert.deepEqual(session.inputNames, ['input'], label);
  assert.deepEqual(session.outputNames, ['output'], label);
  const rng = new Rng(seed + 1000);
  for (const shape of batches(model.inputShape!)) {
    const x = rng.fill(new Float32Array(shape.reduce((a, b) => a * b, 1)), -2, 2);
    const want = model.predict(new Tensor(x, shape));
    const { output } = await session.run({ input: new ort.Tensor('float32', x, shape) });
    assert.deepEqual(output.dims, want.shape, `${label}: output shape for input [${shape.join(', ')}]`);
    assert.ok(
      want.data.every(Number.isFinite),
      `${label}: predict gives a non-finite value for input [${shape.join(', ')}]: the test's weights make the model blow up`,
    );
    const { maxAbs, bound } = difference(output.data as Float32Array, want.data);
    assert.ok(maxAbs <= bound, `${label}: onnxruntime differs from predict by ${maxAbs} (> ${bound}) for input [${shape.join(', ')}]`);
  }
}

const CELLS = {
  simpleRNN: (units: number, o: Record<string, unknown>) => layers.simpleRNN(units, o),
  lstm: (units: number, o: Record<string, unknown>) => layers.lstm(units, o),
  gru: (units: number, o: Record<string, unknown>) => layers.gru(units, o),
};

test('modelToOnnx(dense model) agrees with predict for every activation, without a bias and per timestep', async () => {
  for (const activation of ['linear', 'relu', 'tanh', 'sigmoid'] as const) {
    const model = sequential([layers.dense(6, { activation, inputShape: [5] }), layers.dense(2, { useBias: false })]);
    await assertAgrees(randomize(model, 1), `Dense ${activation}`);
  }
  await assertAgrees(
    randomize(sequential([layers.dense(4, { activation: 'tanh', inputShape: [null, 3] }), layers.dense(1)]), 2),
    'Dense on (time, features)',
  );
});

test('modelToOnnx(recurrent models) agrees with predict: SimpleRNN, LSTM, GRU, returnSequences, goBackwards, activations, no bias', async () => {
  for (const [name, make] of Object.entries(CELLS)) {
    for (const returnSequences of [false, true]) {
      for (const goBackwards of [false, true]) {
        const model = sequential([make(5, { returnSequences, goBackwards, inputShape: [null, 2] })]);
        await assertAgrees(randomize(model, 3), `${name} returnSequences ${returnSequences} goBackwards ${goBackwards}`);
      }
    }
    for (const activation of ['linear', 'relu', 'sigmoid'] as const) {
      await assertAgrees(randomize(sequential([make(4, { activation, inputShape: [null, 2] })]), 4), `${name} activation ${activation}`);
    }
    await assertAgrees(
      randomize(sequential([make(4, { useBias: false, returnSequences: true, inputShape: [null, 3] })]), 5),
      `${name} useBias false`,
    );
  }
  for (const recurrentActivation of ['tanh', 'relu', 'linear'] as const) {
    await assertAgrees(
      randomize(sequential([layers.lstm(4, { recurrentActivation, inputShape: [null, 2] })]), 6),
      `LSTM gates ${recurrentActivation}`,
    );
  }
  // GRU's z outside [0, 1] (relu, linear gates) makes h grow without bound: only tanh besides the default
  await assertAgrees(randomize(sequential([layers.gru(4, { recurrentActivation: 'tanh', inputShape: [null, 2] })]), 6), 'GRU gates tanh');
  for (const resetAfter of [true, false]) {
    const model = sequential([layers.gru(6, { resetAfter, returnSequences: true, inputShape: [null, 2] }), layers.gru(3, { resetAfter })]);
    await assertAgrees(randomize(model, 7), `GRU resetAfter ${resetAfter} stacked`);
  }
  const stacked = sequential([
    layers.expandDims(-1, { inputShape: [null] }),
    layers.lstm(6, { returnSequences: true }),
    layers.gru(5, { returnSequences: true }),
    layers.simpleRNN(4, { returnSequences: true }),
    layers.lstm(3),
    layers.dense(2),
  ]);
  await assertAgrees(randomize(stacked, 8), 'LSTM → GRU → SimpleRNN → LSTM → Dense');
});

test('modelToOnnx(bidirectional models) agrees with predict for every cell, merge mode, returnSequences and goBackwards', async () => {
  for (const [name, make] of Object.entries(CELLS)) {
    for (const mergeMode of ['concat', 'sum', 'ave', 'mul'] as const) {
      for (const returnSequences of [false, true]) {
        const model = sequential([layers.bidirectional(make(4, { returnSequences }), { mergeMode, inputShape: [null, 2] })]);
        await assertAgrees(randomize(model, 9), `Bidirectional(${name}) ${mergeMode} returnSequences ${returnSequences}`);
      }
    }
    const back = sequential([layers.bidirectional(make(3, { returnSequences: true, goBackwards: true }), { inputShape: [null, 2] })]);
    await assertAgrees(randomize(back, 10), `Bidirectional(${name} goBackwards)`);
  }
  const gruNoReset = sequential([layers.bidirectional(layers.gru(4, { resetAfter: false }), { mergeMode: 'mul', inputShape: [null, 1] })]);
  await assertAgrees(randomize(gruNoReset, 11), 'Bidirectional(GRU resetAfter false) mul');
});

test('modelToOnnx(conv1d models) agrees with predict for every padding, strides, dilation, activation and no bias', async () => {
  for (const padding of ['valid', 'same', 'causal'] as const) {
    for (const [strides, dilationRate, kernelSize] of [
      [1, 1, 3],
      [1, 1, 4],
      [2, 1, 3],
      [3, 1, 2],
      [1, 2, 3],
      [1, 3, 2],
    ]) {
      const model = sequential([
        layers.conv1d(4, { kernelSize, strides, dilationRate, padding, activation: 'relu', inputShape: [null, 2] }),
      ]);
      await assertAgrees(randomize(model, 12), `Conv1D ${padding} kernel ${kernelSize} strides ${strides} dilation ${dilationRate}`);
    }
  }
  const odd = sequential([
    layers.conv1d(3, { kernelSize: 4, strides: 2, padding: 'same', useBias: false, activation: 'tanh', inputShape: [9, 1] }),
  ]);
  await assertAgrees(randomize(odd, 13), 'Conv1D same, strides 2 on 9 steps, no bias');
});

test('modelToOnnx maps Dropout to the identity, the built-in lambdas to Unsqueeze and Mul', async () => {
  const model = sequential([
    layers.expandDims(-1, { inputShape: [null] }),
    layers.dropout(0.3),
    layers.simpleRNN(4),
    layers.dropout(0.5),
    layers.dense(1),
    layers.scale(-37.5),
  ]);
  await assertAgrees(randomize(model, 14), 'expandDims → Dropout → SimpleRNN → Dropout → Dense → scale');
  const ops = decodeModel(modelToOnnx(model)).graph.node.map((n) => n.op_type);
  assert.equal(ops[0], 'Unsqueeze');
  assert.ok(!ops.includes('Dropout'));
  assert.equal(ops.filter((op) => op === 'Mul').length, 1);
  await assertAgrees(
    randomize(sequential([layers.expandDims(1, { inputShape: [6] }), layers.lstm(3)]), 15),
    'expandDims(1): windows as one step of 6 features',
  );
});

test('modelToOnnx(MonotoneQuantiles heads) agrees with predict and keeps the quantiles ordered', async () => {
  for (const [Q, center] of [
    [5, 2],
    [3, 0],
    [4, 3],
    [1, 0],
  ]) {
    const model = sequential([layers.dense(3 * Q, { inputShape: [6] }), layers.monotoneQuantiles(Q, { center })]);
    await assertAgrees(randomize(model, 16), `MonotoneQuantiles(${Q}, center ${center})`);
  }
  const perStep = sequential([
    layers.lstm(4, { returnSequences: true, inputShape: [null, 1] }),
    layers.dense(6),
    layers.monotoneQuantiles(3),
  ]);
  await assertAgrees(randomize(perStep, 17), 'MonotoneQuantiles per timestep');
  // large raw values: ordered (softplus of a large value is the value, no overflow)
  const model = sequential([layers.dense(5, { inputShape: [2] }), layers.monotoneQuantiles(5)]);
  randomize(model, 18);
  const session = await ort.InferenceSession.create(modelToOnnx(model));
  const x = new Float32Array([300, -300, -250, 250]);
  const { output } = await session.run({ input: new ort.Tensor('float32', x, [2, 2]) });
  const y = output.data as Float32Array;
  for (let b = 0; b < 2; b++) for (let j = 1; j < 5; j++) assert.ok(y[b * 5 + j] >= y[b * 5 + j - 1] && Number.isFinite(y[b * 5 + j]));
});

test("modelToOnnx(the course's lab models) agrees with predict", async () => {
  await assertAgrees(randomize(simpleRnnLab({ seed: 1 }), 20), 'simpleRnnLab');
  await assertAgrees(randomize(bilstmLab({ seed: 1 }), 21), 'bilstmLab');
  await assertAgrees(randomize(convLstm(), 22), 'convLstm (synthetic)');
  await assertAgrees(randomize(convLstm({ filters: 16, units: 16, dense: [30, 10], scale: 400 }), 23), 'convLstm (sunspots)');
  await assertAgrees(
    randomize(convLstm({ filters: 12, kernelSize: 5, units: 12, dense: [30, 10], scale: 400, sequenceToSequence: true }), 24),
    'convLstm seq2seq',
  );
  await assertAgrees(randomize(dnn({ window: 20, units: [10, 10] }), 25), 'dnn');
});

test('modelToOnnx(every network kind of a spec) agrees with predict, direct and quantile heads included', async () => {
  for (const model of NETWORK_KIND_IDS) {
    await assertAgrees(randomize(modelFromSpec({ model, units: 8, layers: 2 }), 30), `network kind ${model}`);
    await assertAgrees(modelFromSpec({ model, units: 8, layers: 1, seed: 3 }), `network kind ${model}, its seeded initial weights`);
  }
  await assertAgrees(randomize(modelFromSpec({ model: 'lstm', units: 8, horizon: 6, strategy: 'direct' }), 31), 'direct lstm, horizon 6');
  await assertAgrees(randomize(modelFromSpec({ model: 'gru', units: 8, horizon: 3, quantiles: [0.1, 0.5, 0.9] }), 32), 'quantile gru');
  await assertAgrees(
    randomize(modelFromSpec({ model: 'mlp', units: 8, window: 12, horizon: 4, quantiles: [0.05, 0.25, 0.5, 0.75, 0.95] }), 33),
    'quantile mlp',
  );
});

test('modelToOnnx writes opset 17, IR version 8, a symbolic batch and time, and the weights bit for bit', () => {
  const model = randomize(
    sequential([layers.expandDims(-1, { inputShape: [null] }), layers.lstm(3), layers.dense(1, { name: 'head' })], { name: 'tiny' }),
    40,
  );
  const decoded = decodeModel(modelToOnnx(model, { producerVersion: '9.9.9' }));
  assert.equal(decoded.ir_version, ONNX_IR_VERSION);
  assert.equal(ONNX_IR_VERSION, 8);
  assert.deepEqual(decoded.opset_import, [{ domain: '', version: ONNX_OPSET }]);
  assert.equal(ONNX_OPSET, 17);
  assert.equal(decoded.producer_name, 'seqcast');
  assert.equal(decoded.producer_version, '9.9.9');
  assert.equal(decoded.graph.name, 'tiny');
  assert.deepEqual(decoded.graph.input[0].type.tensor_type.shape.dim, [{ dim_param: 'batch' }, { dim_param: 'time' }]);
  assert.deepEqual(decoded.graph.output[0].type.tensor_type.shape.dim, [{ dim_param: 'batch' }, { dim_value: 1 }]);
  const kernel = decoded.graph.initializer.find((t) => t.name === 'head/kernel')!;
  assert.deepEqual(kernel.dims, [3, 1]);
  const values = new Float32Array(new Uint8Array(kernel.raw_data).buffer);
  assert.deepEqual(Array.from(values), Array.from(model.layers[2].params[0].value));
  assert.deepEqual(
    decoded.graph.node.map((n) => n.op_type),
    ['Unsqueeze', 'Transpose', 'LSTM', 'Transpose', 'Reshape', 'MatMul', 'Add', 'Identity'],
  );
});

/** A layer seqcast's export does not know. */
class Gain extends Layer {
  readonly className = 'Gain';
  constructor() {
    super('gain');
  }
  build(shape: LayerShape): LayerShape {
    return (this.outputShape = [...shape]);
  }
  forward(x: Tensor): Tensor {
    return x;
  }
  backward(dy: Tensor): Tensor {
    return dy;
  }
  config(): Record<string, unknown> {
    return {};
  }
}

test('modelToOnnx refuses, with one OptionError naming the layer and why, what ONNX cannot represent', () => {
  const user = sequential([layers.dense(2, { inputShape: [3] }), layers.lambda((x) => x.mul(x), { name: 'square' })]);
  assert.throws(
    () => modelToOnnx(user),
    (e: Error) => e instanceof OptionError && /Layer 'square' \(Lambda\).*JavaScript function.*expandDims.*scale/.test(e.message),
  );
  const fn = (x: Tensor): Tensor => x.mul(3);
  registerLambda('onnx-test-triple', fn);
  const registered = sequential([layers.lambda(fn, { name: 'triple', inputShape: [3] })]);
  assert.throws(
    () => modelToOnnx(registered),
    (e: Error) => e instanceof OptionError && /'triple'.*registered as 'onnx-test-triple'.*registerLambda/.test(e.message),
  );
  const custom = sequential([layers.dense(2, { inputShape: [3] }), new Gain()]);
  assert.throws(
    () => modelToOnnx(custom),
    (e: Error) => e instanceof OptionError && /Layer 'gain(_\d+)?' \(Gain\) cannot be exported to ONNX/.test(e.message),
  );
  const unbuilt = sequential([layers.dense(1)]);
  assert.throws(
    () => modelToOnnx(unbuilt),
    (e: Error) => e instanceof OptionError && /not built yet.*inputShape/.test(e.message),
  );
  const huge = sequential([layers.dense(2, { inputShape: [3] })], { name: 'huge' });
  huge.layers[0].countParams = () => 600_000_000; // as a model of 2.4 GB would count, without allocating it
  assert.throws(
    () => modelToOnnx(huge),
    (e: Error) => e instanceof OptionError && /'huge' has 600,000,000 weights.*2 GiB/.test(e.message),
  );
  const nan = sequential([layers.dense(2, { inputShape: [3], name: 'broken' })]);
  nan.layers[0].params[1].value[1] = NaN;
  assert.throws(
    () => modelToOnnx(nan),
    (e: Error) => e instanceof OptionError && /Layer 'broken' \(Dense\) has a bias value that is NaN/.test(e.message),
  );
});

test('saveOnnx(model, file) writes model.onnx and its sidecar, which onnxruntime and a forecast outside seqcast can use', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqcast-onnx-'));
  try {
    const spec = resolveNetworkSpec({ model: 'gru', units: 6, layers: 1, window: 8, horizon: 3, strategy: 'direct' });
    const model = randomize(modelFromSpec(spec), 50);
    const transform = { kind: 'standard' as const, offset: 40, scale: 7 };
    model.metadata = { spec, transform, split: 100, series: { name: 'test', columns: ['value'], length: 120 } };
    const file = join(dir, 'out', 'model.onnx');
    await saveOnnx(model, file);
    assert.deepEqual((await readdir(join(dir, 'out'))).sort(), ['model.onnx', 'model.onnx.json']);
    const sidecar = JSON.parse(await readFile(`${file}.json`, 'utf8')) as OnnxSidecar;
    assert.deepEqual(sidecar, onnxSidecar(model, { file: 'model.onnx', createdBy: sidecar.createdBy }));
    assert.match(sidecar.createdBy, /^seqcast /);
    assert.equal(sidecar.format, 'seqcast-sidecar');
    assert.equal(sidecar.window, 8);
    assert.deepEqual(sidecar.transform, transform);
    assert.equal(sidecar.normalize, 'none');
    assert.deepEqual(sidecar.forecast, { steps: 3, strategy: 'direct', quantiles: null });
    assert.deepEqual(sidecar.onnx, {
      file: 'model.onnx',
      opset: 17,
      irVersion: 8,
      input: { name: 'input', shape: ['batch', 'time'] },
      output: { name: 'output', shape: ['batch', 3] },
    });
    assert.equal(sidecar.metadata.split, 100);
    // the recipe of docs/interop-onnx.md, outside seqcast: scale the last window, run, scale back
    const history = Float32Array.from({ length: 30 }, (_, i) => 40 + 10 * Math.sin(i / 3));
    const { offset, scale } = sidecar.transform as { offset: number; scale: number };
    const x = Float32Array.from(history.subarray(history.length - 8), (v) => (v - offset) / scale);
    const session = await ort.InferenceSession.create(file);
    const { output } = await session.run({ input: new ort.Tensor('float32', x, [1, 8]) });
    const outside = Array.from(output.data as Float32Array, (z) => z * scale + offset);
    const inside = networkForecasterFromModel(model, spec, transform).forecast(history, 3);
    for (let k = 0; k < 3; k++)
      assert.ok(
        Math.abs(outside[k] - inside[k]) <= RTOL * Math.max(1, Math.abs(inside[k])),
        `step ${k + 1}: ${outside[k]} vs ${inside[k]}`,
      );
    // a model built in code: raw values, windows of its input length, no forecast layout
    const plain = onnxSidecar(sequential([layers.dense(1, { inputShape: [4] })]), { file: 'm.onnx', createdBy: 'x' });
    assert.deepEqual([plain.window, plain.transform, plain.forecast, plain.metadata], [4, null, null, {}]);
    const quantile = modelFromSpec({ model: 'lstm', units: 4, horizon: 2, quantiles: [0.1, 0.5, 0.9], normalize: 'window' });
    quantile.metadata = {
      spec: resolveNetworkSpec({ model: 'lstm', units: 4, horizon: 2, quantiles: [0.1, 0.5, 0.9], normalize: 'window' }),
    };
    const q = onnxSidecar(quantile, { file: 'q.onnx', createdBy: 'x' });
    assert.deepEqual(
      [q.window, q.normalize, q.forecast, q.onnx.output.shape],
      [20, 'window', { steps: 2, strategy: 'direct', quantiles: [0.1, 0.5, 0.9] }, ['batch', 6]],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('saveOnnx writes nothing when it refuses: a layer ONNX cannot hold, a name without .onnx, a folder in the way', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'seqcast-onnx-'));
  try {
    const bad = sequential([layers.lambda((x) => x.mul(x), { name: 'square', inputShape: [3] })]);
    await assert.rejects(
      saveOnnx(bad, join(dir, 'new', 'model.onnx')),
      (e: Error) => e instanceof OptionError && /'square'/.test(e.message),
    );
    const good = randomize(sequential([layers.dense(1, { inputShape: [3] })]), 60);
    await assert.rejects(
      saveOnnx(good, join(dir, 'model.bin')),
      (e: Error) => e instanceof OptionError && /ending in \.onnx/.test(e.message),
    );
    await mkdir(join(dir, 'taken.onnx'));
    await assert.rejects(
      saveOnnx(good, join(dir, 'taken.onnx')),
      (e: Error) => e instanceof OutputError && /taken\.onnx.*folder/.test(e.message),
    );
    assert.deepEqual(await readdir(dir), ['taken.onnx']);
    assert.deepEqual(await readdir(join(dir, 'taken.onnx')), []);
    // and replaces a previous export whole
    await saveOnnx(good, join(dir, 'm.onnx'));
    const first = await readFile(join(dir, 'm.onnx'));
    randomize(good, 61);
    await saveOnnx(good, join(dir, 'm.onnx'));
    assert.notDeepEqual(await readFile(join(dir, 'm.onnx')), first);
    assert.deepEqual((await readdir(dir)).sort(), ['m.onnx', 'm.onnx.json', 'taken.onnx']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
