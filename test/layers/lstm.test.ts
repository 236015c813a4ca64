import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { RandomState } from '../../src/engine/random.js';
import type { ActivationName } from '../../src/engine/activations.js';
import { lstm, type LSTMOptions } from '../../src/layers/lstm.js';
import { initializer } from '../../src/layers/initializers.js';
import { ParamStore } from '../../src/model/params.js';
import { sequential } from '../../src/model/sequential.js';
import { Rng, gradCheckLayer, gradCheckLayerWithState, assertGradients, type GradCheckOptions } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGoldenMulti, assertClose, fromTf } from '../helpers/tfjs.js';
import { built, tfRecurrentArgs, weightsOf } from '../helpers/recurrent.js';

test('lstm(units) builds Keras params (gate order i, f, c, o) and output shapes', () => {
  const a = lstm(4);
  assert.deepEqual(a.build([null, 3]), [4]);
  assert.deepEqual(
    a.params.map((p) => [p.name, p.shape, p.init]),
    [
      ['kernel', [3, 16], 'glorotUniform'],
      ['recurrent_kernel', [4, 16], 'orthogonal'],
      ['bias', [16], 'lstmBias'],
    ],
  );
  assert.equal(a.className, 'LSTM');
  assert.equal(a.countParams(), 4 * (4 * (3 + 4) + 4));
  const b = lstm(2, { returnSequences: true, useBias: false, recurrentActivation: 'tanh' });
  assert.deepEqual(b.build([20, 1]), [20, 2]);
  assert.deepEqual(
    b.params.map((p) => p.name),
    ['kernel', 'recurrent_kernel'],
  );
  assert.deepEqual(b.config(), {
    name: b.name,
    units: 2,
    returnSequences: true,
    inputShape: undefined,
    activation: 'tanh',
    recurrentActivation: 'tanh',
    useBias: false,
    unitForgetBias: true,
  });
  const c = lstm(3, { unitForgetBias: false, goBackwards: true, returnState: true });
  c.build([null, 2]);
  assert.equal(c.params[2].init, 'zeros');
  assert.deepEqual(c.config(), {
    name: c.name,
    units: 3,
    returnSequences: false,
    returnState: true,
    goBackwards: true,
    inputShape: undefined,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    useBias: true,
    unitForgetBias: false,
  });
});

test('lstm(units) throws on bad units, activations and input shapes, naming the fix', () => {
  assert.throws(() => lstm(0), /units must be a positive integer, got 0/);
  // a layer too large to hold is refused before its weights are allocated (no "Invalid typed array length"):
  // building declares them, a model (or the first use of a lone layer) allocates them
  const huge = lstm(100_000);
  huge.build([20, 1]);
  assert.throws(
    () => sequential([lstm(100_000, { inputShape: [20, 1] })]),
    /^OptionError: Layer 'lstm(_\d+)?' \(LSTM\) would have a recurrent_kernel of shape \[100000, 400000\]/,
  );
  assert.throws(
    () => huge.params[1].value,
    /^OptionError: Layer 'lstm(_\d+)?' \(LSTM\) would have a recurrent_kernel of shape \[100000, 400000\], 4\.00e\+10 weights \(149 GB\), more than one weight tensor may hold \(1 GB\): use fewer units or filters\.$/,
  );
  assert.throws(() => lstm(2, { recurrentActivation: 'hardSigmoid' as ActivationName }), /Unknown activation 'hardSigmoid'/);
  assert.throws(() => lstm(2).build([20]), /LSTM.*gets \[20\].*add layers\.expandDims\(-1\) before it/);
  const layer = built(lstm(3), [null, 1]);
  assert.throws(() => layer.build([null, 1]), /already built/);
  assert.throws(
    () => layer.forward(new Tensor(new Float32Array(40), [2, 20]), false),
    /LSTM expects \(batch, time, features\) but gets \[2, 20\]/,
  );
  assert.throws(
    () => layer.forward(new Tensor(new Float32Array(12), [2, 3, 2]), false),
    /built for 1 feature\(s\) but gets input \[2, 3, 2\] with 2/,
  );
  assert.throws(() => lstm(2).forward(new Tensor(new Float32Array(2), [1, 2, 1]), false), /used before build/);
  assert.throws(() => built(lstm(3), [null, 1]).backward(new Tensor(new Float32Array(6), [2, 3])), /needs a forward\(x, true\)/);
  layer.forward(new Tensor(new Float32Array(6), [2, 3, 1]), true);
  assert.throws(
    () => layer.backward(new Tensor(new Float32Array(5), [5])),
    /backward got a gradient of shape \[5\] for an output of 6 values/,
  );
});

test("the lstmBias initializer (unitForgetBias) gives zeros with ones on the forget slice, as tfjs's", async () => {
  const H = 3;
  const b = new Float32Array(4 * H).fill(7);
  initializer('lstmBias')(b, [4 * H], new RandomState(0));
  assert.deepEqual([...b], [0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]);
  assert.throws(
    () => initializer('lstmBias')(new Float32Array(6), [6], new RandomState(0)),
    /lstmBias needs a bias of shape \[4 \* units\]/,
  );
  // through a model's parameter store, as fit() sees it
  const layer = lstm(H);
  layer.build([null, 2]);
  new ParamStore([layer], 0);
  assert.deepEqual([...layer.params[2].value], [...b]);
  await loadTf();
  const tfLayer = tf.layers.lstm({ units: H, unitForgetBias: true });
  tfLayer.apply(tf.zeros([1, 2, 2]));
  assert.deepEqual([...fromTf(tfLayer.getWeights()[2]).data], [...b]);
  tfLayer.dispose();
});

test('lstm(units) computes the Keras cell step by step (H = 1, by hand)', () => {
  const layer = lstm(1, { returnSequences: true, returnState: true });
  layer.build([null, 1]);
  const [W, U, bias] = layer.params;
  W.value.set([0.5, -0.3, 0.8, 0.2]); // i, f, c, o
  U.value.set([0.1, 0.4, -0.6, 0.7]);
  bias.value.set([0.05, 1, -0.1, 0.2]);
  const xs = [1, -2, 0.5];
  const [y, hT, cT] = layer.forwardWithState(new Tensor(Float32Array.from(xs), [1, 3, 1]), false);
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  let h = 0;
  let c = 0;
  xs.forEach((x, t) => {
    const z = [0, 1, 2, 3].map((k) => x * W.value[k] + h * U.value[k] + bias.value[k]);
    c = sig(z[1]) * c + sig(z[0]) * Math.tanh(z[2]);
    h = sig(z[3]) * Math.tanh(c);
    assert.ok(Math.abs(y.data[t] - h) < 1e-6, `h[${t}] = ${y.data[t]}, expected ${h}`);
  });
  assert.ok(Math.abs(hT.data[0] - h) < 1e-6 && Math.abs(cT.data[0] - c) < 1e-6);
});

// every combination the brief asks for; then goBackwards, other activations, no bias
const CASES: { T: number; F: number; options: LSTMOptions; check?: GradCheckOptions }[] = [];
for (const returnSequences of [false, true])
  for (const T of [1, 6]) for (const F of [1, 3]) CASES.push({ T, F, options: { returnSequences } });
CASES.push({ T: 6, F: 3, options: { goBackwards: true } }, { T: 5, F: 2, options: { goBackwards: true, returnSequences: true } });
CASES.push({ T: 6, F: 2, options: { activation: 'linear', recurrentActivation: 'tanh', useBias: false, returnSequences: true } });
CASES.push({ T: 5, F: 2, options: { activation: 'relu' }, check: { allowKinks: true, eps: 1e-3 } });

for (const c of CASES) {
  test(`lstm(4, ${JSON.stringify(c.options)}) on T=${c.T}, F=${c.F}: gradients match finite differences`, () => {
    const layer = built(lstm(4, c.options), [null, c.F], 100 + c.T * 10 + c.F);
    const x = new Rng(c.T * 10 + c.F).tensor([3, c.T, c.F]);
    assertGradients(gradCheckLayer(layer, x, c.check), layer.name);
  });
}

for (const use of [
  [true, true, true],
  [false, true, false],
  [false, false, true],
]) {
  for (const options of [{}, { returnSequences: true, goBackwards: true }] as LSTMOptions[]) {
    test(`lstm(4, returnState, ${JSON.stringify(options)}): gradients flow in through [output, h, c] = ${use}`, () => {
      const layer = built(lstm(4, { ...options, returnState: true }), [null, 3], 7);
      const x = new Rng(8).tensor([3, 6, 3]);
      assertGradients(gradCheckLayerWithState(layer, x, { use }), layer.name);
    });
  }
}

test('lstm(units) takes batches of any length and size, reusing its buffers', () => {
  const rng = new Rng(31);
  const layer = built(lstm(5, { returnState: true }), [null, 2], 32);
  const a = rng.tensor([3, 6, 2]);
  const b = rng.tensor([2, 4, 2]);
  const run = (x: Tensor) => {
    for (const p of layer.params) p.grad.fill(0);
    const ys = layer.forwardWithState(x, true);
    const dx = layer.backwardWithState(ys[0], [ys[1], ys[2]]);
    return { ys: ys.map((y) => Array.from(y.data)), dx: Array.from(dx.data), grads: layer.params.map((p) => Array.from(p.grad)) };
  };
  const first = run(a);
  assert.equal(run(b).dx.length, 2 * 4 * 2);
  assert.deepEqual(run(a), first, 'reused buffers kept stale values');
});

test('lstm(units).backward adds into param.grad and leaves dy alone', () => {
  const rng = new Rng(41);
  const layer = built(lstm(3, { returnSequences: true }), [5, 2], 42);
  const x = rng.tensor([2, 5, 2]);
  const dy = rng.tensor([2, 5, 3]);
  const dyCopy = Array.from(dy.data);
  layer.forward(x, true);
  layer.backward(dy);
  const once = layer.params.map((p) => Array.from(p.grad));
  layer.forward(x, true);
  layer.backward(dy);
  layer.params.forEach((p, k) => p.grad.forEach((g, i) => assert.ok(Math.abs(g - 2 * once[k][i]) < 1e-5)));
  assert.deepEqual(Array.from(dy.data), dyCopy);
});

// Golden: tf.layers.lstm({ units, recurrentActivation: 'sigmoid', ... }) is built by applying it to
// the same input, then given our kernel (F, 4H), recurrent_kernel (H, 4H) and bias (4H) with
// setWeights (Keras layout and gate order); tf.variableGrads of Σ_k sum(y_k * R_k) over its outputs
// ([output, h, c] with returnState) gives dL/dx and dL/dw for the same R our backward receives.
const GOLDEN: { name: string; units: number; x: number[]; options: LSTMOptions }[] = [
  { name: 'sequence-to-vector, F=1', units: 5, x: [4, 7, 1], options: {} },
  { name: 'sequence-to-sequence, F=3', units: 5, x: [4, 7, 3], options: { returnSequences: true } },
  { name: 'T=1', units: 3, x: [2, 1, 2], options: {} },
  { name: 'goBackwards', units: 4, x: [3, 6, 3], options: { goBackwards: true } },
  { name: 'goBackwards sequences', units: 4, x: [3, 6, 2], options: { goBackwards: true, returnSequences: true } },
  { name: 'returnState', units: 4, x: [3, 5, 2], options: { returnState: true } },
  {
    name: 'returnState, goBackwards sequences, F=3',
    units: 3,
    x: [2, 5, 3],
    options: { returnState: true, goBackwards: true, returnSequences: true },
  },
  { name: 'no bias, relu', units: 3, x: [2, 5, 4], options: { useBias: false, activation: 'relu', returnSequences: true } },
  { name: "the course's size (H=32, T=20)", units: 32, x: [8, 20, 1], options: {} },
  { name: 'stacked size (F=32, H=32, T=20)', units: 32, x: [4, 20, 32], options: { returnSequences: true, returnState: true } },
];

for (const c of GOLDEN) {
  test(`lstm(${c.units}) ${c.name} matches tf.layers.lstm: outputs, states and gradients`, async () => {
    await loadTf();
    const rng = new Rng(61);
    const layer = built(lstm(c.units, c.options), [null, c.x[2]], 62);
    const x = rng.tensor(c.x);
    const ys = layer.forwardWithState(x, true);
    const outputs = c.options.returnState ? ys : ys.slice(0, 1);
    const Rs = outputs.map((y) => rng.tensor(y.shape));
    const dx = layer.backwardWithState(Rs[0], Rs.slice(1));
    const tfLayer = tf.layers.lstm({
      units: c.units,
      ...tfRecurrentArgs(c.options),
      activation: c.options.activation ?? 'tanh',
      recurrentActivation: 'sigmoid',
      useBias: c.options.useBias ?? true,
    });
    // tfjs cannot give dL/dx of an RNN over one timestep (see tfLayerGolden); the gradient check covers it
    const golden = tfLayerGoldenMulti(tfLayer, weightsOf(layer), x, Rs, c.x[1] > 1);
    assert.equal(golden.ys.length, outputs.length);
    outputs.forEach((y, k) => assertClose(y, golden.ys[k], ['y', 'h', 'c'][k]));
    if (golden.dx) assertClose(dx, golden.dx, 'dx');
    assert.equal(golden.dWeights.length, layer.params.length);
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}
