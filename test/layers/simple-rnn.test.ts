import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import type { ActivationName } from '../../src/engine/activations.js';
import type { LayerShape } from '../../src/engine/shape.js';
import { simpleRNN, type SimpleRNNOptions } from '../../src/layers/simple-rnn.js';
import { Rng, randomizeParams, gradCheckLayer, assertGradients, type GradCheckOptions } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGolden, assertClose } from '../helpers/tfjs.js';

/** A built SimpleRNN with uniform weights (±0.5, recurrent ±1.2/√H so the state neither dies nor explodes). */
function builtRNN(units: number, inputShape: LayerShape, options: SimpleRNNOptions = {}, seed = 1) {
  const layer = simpleRNN(units, options);
  layer.build(inputShape);
  const rng = new Rng(seed);
  randomizeParams(layer, rng);
  rng.fill(layer.params[1].value, -1.2 / Math.sqrt(units), 1.2 / Math.sqrt(units));
  return layer;
}

test('simpleRNN(units) builds Keras params and output shapes', () => {
  const a = simpleRNN(4);
  assert.deepEqual(a.build([null, 3]), [4]);
  assert.deepEqual(
    a.params.map((p) => [p.name, p.shape, p.init]),
    [
      ['kernel', [3, 4], 'glorotUniform'],
      ['recurrent_kernel', [4, 4], 'orthogonal'],
      ['bias', [4], 'zeros'],
    ],
  );
  assert.equal(a.className, 'SimpleRNN');
  assert.equal(a.countParams(), 12 + 16 + 4);
  const b = simpleRNN(2, { returnSequences: true, useBias: false, activation: 'relu' });
  assert.deepEqual(b.build([20, 1]), [20, 2]);
  assert.deepEqual(
    b.params.map((p) => p.name),
    ['kernel', 'recurrent_kernel'],
  );
  assert.deepEqual(b.config(), {
    name: b.name,
    units: 2,
    activation: 'relu',
    returnSequences: true,
    useBias: false,
    inputShape: undefined,
  });
});

test('simpleRNN(units).build throws on a shape that is not (time, features)', () => {
  assert.throws(() => simpleRNN(2).build([20]), /SimpleRNN.*gets \[20\].*add layers\.expandDims\(-1\) before it/);
  assert.throws(() => simpleRNN(2).build([null, null]), /SimpleRNN.*\[null, null\]/);
  assert.throws(() => simpleRNN(2).build([4, 5, 1]), /\[4, 5, 1\]/);
  assert.throws(() => simpleRNN(2, { activation: 'gelu' as ActivationName }), /Unknown activation 'gelu'/);
  assert.throws(() => simpleRNN(1.5), /positive integer/);
});

test('simpleRNN(units).forward names the fix for a 2-D input and a wrong feature count', () => {
  const layer = builtRNN(3, [null, 1]);
  assert.throws(
    () => layer.forward(new Tensor(new Float32Array(40), [2, 20]), false),
    /SimpleRNN expects \(batch, time, features\) but gets \[2, 20\]; add layers\.expandDims\(-1\) before it for a univariate series/,
  );
  assert.throws(
    () => layer.forward(new Tensor(new Float32Array(12), [2, 3, 2]), false),
    /built for 1 feature\(s\) but gets input \[2, 3, 2\] with 2/,
  );
  assert.throws(() => layer.forward(new Tensor(new Float32Array(0), [2, 0, 1]), false), /at least one timestep/);
  assert.throws(() => layer.backward(new Tensor(new Float32Array(6), [2, 3])), /needs a forward\(x, true\)/);
});

test('simpleRNN(units) computes h[t] = act(x[t]·W + h[t-1]·U + b) from h[-1] = 0', () => {
  // scalar case, by hand: W = 0.5, U = -0.8, b = 0.1
  const layer = simpleRNN(1, { returnSequences: true });
  layer.build([null, 1]);
  layer.params[0].value[0] = 0.5;
  layer.params[1].value[0] = -0.8;
  layer.params[2].value[0] = 0.1;
  const xs = [1, -2, 0.5];
  const y = layer.forward(new Tensor(Float32Array.from(xs), [1, 3, 1]), false);
  let h = 0;
  xs.forEach((x, t) => {
    h = Math.tanh(0.5 * x - 0.8 * h + 0.1);
    assert.ok(Math.abs(y.data[t] - h) < 1e-6, `h[${t}] = ${y.data[t]}, expected ${h}`);
  });
});

// every combination the brief asks for, tanh; then relu and linear on a few
const CASES: { T: number; F: number; options: SimpleRNNOptions; check?: GradCheckOptions }[] = [];
for (const returnSequences of [false, true])
  for (const T of [1, 7]) for (const F of [1, 3]) CASES.push({ T, F, options: { returnSequences } });
CASES.push(
  { T: 7, F: 3, options: { activation: 'linear' } },
  { T: 7, F: 1, options: { activation: 'linear', returnSequences: true, useBias: false } },
);
CASES.push({ T: 7, F: 3, options: { activation: 'relu', returnSequences: true }, check: { allowKinks: true, eps: 1e-3 } });
CASES.push({ T: 5, F: 2, options: { activation: 'relu' }, check: { allowKinks: true, eps: 1e-3 } });

for (const c of CASES) {
  const { activation = 'tanh', returnSequences = false, useBias = true } = c.options;
  test(`simpleRNN(4, ${activation}, returnSequences ${returnSequences}, useBias ${useBias}) on T=${c.T}, F=${c.F}: gradients match finite differences`, () => {
    const layer = builtRNN(4, [null, c.F], c.options, 100 + c.T * 10 + c.F);
    const x = new Rng(c.T * 10 + c.F).tensor([3, c.T, c.F]);
    assertGradients(gradCheckLayer(layer, x, c.check), layer.name);
  });
}

test('simpleRNN(units) with inputShape [null, F] takes batches of any length and size, reusing its buffers', () => {
  const rng = new Rng(31);
  const layer = builtRNN(5, [null, 2], {}, 32);
  const a = rng.tensor([3, 6, 2]);
  const b = rng.tensor([2, 4, 2]);
  const dya = rng.tensor([3, 5]);
  const dyb = rng.tensor([2, 5]);
  const run = (x: Tensor, dy: Tensor) => {
    for (const p of layer.params) p.grad.fill(0);
    const y = Array.from(layer.forward(x, true).data);
    const dx = Array.from(layer.backward(dy).data);
    return { y, dx, grads: layer.params.map((p) => Array.from(p.grad)) };
  };
  const first = run(a, dya);
  assert.equal(run(b, dyb).dx.length, 2 * 4 * 2);
  assert.deepEqual(run(a, dya), first, 'a second batch changed the results of the first');
  assert.deepEqual(run(a, dya), first, 'reused buffers kept stale values');
  assertGradients(gradCheckLayer(layer, b), 'second length');
});

test('simpleRNN(units).backward adds into param.grad and leaves dy alone', () => {
  const rng = new Rng(41);
  const layer = builtRNN(3, [5, 2], { returnSequences: true }, 42);
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

test('gradCheckLayer rejects a transposed recurrent gradient and a truncated input gradient', () => {
  const x = new Rng(51).tensor([3, 7, 2]);
  const H = 4;
  const transposed = gradCheckLayer(builtRNN(H, [null, 2], {}, 52), x, {
    afterBackward: (l) => {
      const g = l.params[1].grad;
      const t = g.slice();
      for (let i = 0; i < H; i++) for (let j = 0; j < H; j++) g[i * H + j] = t[j * H + i];
    },
  });
  assert.ok(transposed.failures.length > 0 && transposed.worstRatio > 5, `transposed dU passed (worst ratio ${transposed.worstRatio})`);
  // as if BPTT stopped after one step: dx only for the last timestep
  const truncated = gradCheckLayer(builtRNN(H, [null, 2], {}, 52), x, {
    afterBackward: (_l, dx) => {
      for (let b = 0; b < 3; b++) dx.data.fill(0, b * 7 * 2, b * 7 * 2 + 6 * 2);
    },
  });
  assert.ok(truncated.failures.length > 0, 'a truncated input gradient passed');
});

// Golden: tf.layers.simpleRNN({ units, activation, returnSequences, useBias }) is built by applying
// it to the same input, then given our kernel (F, H), recurrent_kernel (H, H) and bias (H) with
// setWeights (same order and layout as Keras); tf.variableGrads of sum(y * R) gives dL/dx and
// dL/dw for the same R that our backward receives.
const GOLDEN: { name: string; units: number; x: number[]; options: SimpleRNNOptions }[] = [
  { name: 'sequence-to-vector, F=1', units: 5, x: [4, 7, 1], options: {} },
  { name: 'sequence-to-sequence, F=3', units: 5, x: [4, 7, 3], options: { returnSequences: true } },
  { name: 'T=1, relu', units: 3, x: [2, 1, 2], options: { activation: 'relu' } },
  { name: 'relu sequences', units: 4, x: [3, 6, 2], options: { activation: 'relu', returnSequences: true } },
  { name: 'linear, no bias, sequences', units: 3, x: [2, 5, 4], options: { activation: 'linear', useBias: false, returnSequences: true } },
  { name: "the course's size (H=40, T=20)", units: 40, x: [8, 20, 1], options: {} },
  { name: 'stacked size (F=40, H=40, T=20)', units: 40, x: [4, 20, 40], options: { returnSequences: true } },
];

for (const c of GOLDEN) {
  test(`simpleRNN(${c.units}) ${c.name} matches tf.layers.simpleRNN: outputs and gradients`, async () => {
    await loadTf();
    const rng = new Rng(61);
    const layer = builtRNN(c.units, [null, c.x[2]], c.options, 62);
    const x = rng.tensor(c.x);
    const y = layer.forward(x, true);
    const R = rng.tensor(y.shape);
    const dx = layer.backward(R);
    const tfLayer = tf.layers.simpleRNN({
      units: c.units,
      activation: c.options.activation ?? 'tanh',
      returnSequences: c.options.returnSequences ?? false,
      useBias: c.options.useBias ?? true,
    });
    const weights = layer.params.map((p) => new Tensor(p.value, p.shape));
    const T = c.x[1];
    const golden = tfLayerGolden(tfLayer, weights, x, R, T > 1);
    assertClose(y, golden.y, 'y');
    if (golden.dx) assertClose(dx, golden.dx, 'dx');
    else {
      // tfjs cannot give dL/dx of an RNN over one timestep (see tfLayerGolden); there h[0] =
      // act(x[0]·W + b), exactly tf.layers.dense with the same kernel and bias on (B, F)
      const [B, , F] = c.x;
      const H = c.units;
      const asDense = tf.layers.dense({ units: H, activation: c.options.activation ?? 'tanh', useBias: c.options.useBias ?? true });
      const viaDense = tfLayerGolden(asDense, [weights[0], ...weights.slice(2)], x.reshape([B, F]), R.reshape([B, H]));
      assertClose(dx, viaDense.dx!.reshape([B, 1, F]), 'dx');
    }
    assert.equal(golden.dWeights.length, layer.params.length);
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}
