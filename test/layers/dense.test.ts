import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import type { ActivationName } from '../../src/engine/activations.js';
import type { LayerShape } from '../../src/engine/shape.js';
import { dense, fillRows, type DenseOptions } from '../../src/layers/dense.js';
import { Rng, randomizeParams, gradCheckLayer, assertGradients } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGolden, assertClose } from '../helpers/tfjs.js';

/** A built Dense with uniform ±0.5 weights and zero gradients. */
function builtDense(units: number, inputShape: LayerShape, options: DenseOptions = {}, seed = 1) {
  const layer = dense(units, options);
  layer.build(inputShape);
  randomizeParams(layer, new Rng(seed));
  return layer;
}

test('dense(units) builds Keras params and output shapes', () => {
  const a = dense(4, { activation: 'tanh' });
  assert.deepEqual(a.build([3]), [4]);
  assert.deepEqual(
    a.params.map((p) => [p.name, p.shape, p.init]),
    [
      ['kernel', [3, 4], 'glorotUniform'],
      ['bias', [4], 'zeros'],
    ],
  );
  assert.equal(a.className, 'Dense');
  assert.equal(a.countParams(), 16);
  const b = dense(2, { useBias: false });
  assert.deepEqual(b.build([null, 5]), [null, 2]);
  assert.deepEqual(
    b.params.map((p) => p.name),
    ['kernel'],
  );
  assert.deepEqual(b.config(), { name: b.name, units: 2, activation: 'linear', useBias: false, inputShape: undefined });
});

test('dense(units).build throws on an unknown last axis or a rank other than 1 or 2', () => {
  assert.throws(() => dense(2).build([null]), /Dense.*expects input of shape.*\[null\]/);
  assert.throws(() => dense(2).build([4, null]), /Dense/);
  assert.throws(() => dense(2).build([2, 3, 4]), /\[2, 3, 4\]/);
  assert.throws(() => dense(2).build([]), /Dense/);
  assert.throws(() => dense(0), /positive integer/);
  assert.throws(() => dense(2, { activation: 'softplus' as ActivationName }), /Unknown activation 'softplus'/);
});

test('dense(units).forward throws a clear error on a wrong feature count or rank', () => {
  const layer = builtDense(2, [3]);
  assert.throws(
    () => layer.forward(new Tensor(new Float32Array(8), [2, 4]), false),
    /expects input of shape \(batch, 3\) or \(batch, time, 3\) but gets \[2, 4\]/,
  );
  assert.throws(() => layer.forward(new Tensor(new Float32Array(3), [3]), false), /gets \[3\]/);
  assert.throws(() => layer.backward(new Tensor(new Float32Array(4), [2, 2])), /needs a forward\(x, true\)/);
});

test('dense(units) on 3-D input applies per timestep', () => {
  const rng = new Rng(3);
  const layer = builtDense(3, [null, 2], { activation: 'tanh' });
  const x = rng.tensor([2, 4, 2]);
  const y = layer.forward(x, false);
  assert.deepEqual(y.shape, [2, 4, 3]);
  const rows = layer.forward(x.reshape([8, 2]), false);
  assert.deepEqual(Array.from(y.data), Array.from(rows.data));
});

for (const activation of ['linear', 'tanh', 'sigmoid'] as const) {
  test(`dense(4, { activation: '${activation}' }) gradients match finite differences (2-D and 3-D)`, () => {
    const rng = new Rng(11);
    assertGradients(gradCheckLayer(builtDense(4, [3], { activation }, 2), rng.tensor([5, 3])), `2-D ${activation}`);
    assertGradients(gradCheckLayer(builtDense(4, [null, 3], { activation }, 3), rng.tensor([2, 6, 3])), `3-D ${activation}`);
    assertGradients(
      gradCheckLayer(builtDense(2, [6, 3], { activation, useBias: false }, 4), rng.tensor([3, 6, 3])),
      `no bias ${activation}`,
    );
  });
}

test("dense(4, { activation: 'relu' }) gradients match finite differences away from kinks", () => {
  const rng = new Rng(12);
  const res = gradCheckLayer(builtDense(4, [null, 3], { activation: 'relu' }, 5), rng.tensor([3, 5, 3]), { allowKinks: true, eps: 1e-3 });
  assertGradients(res, 'relu');
});

test('dense(units).backward adds into param.grad and never clears it', () => {
  const rng = new Rng(13);
  const layer = builtDense(3, [2], { activation: 'tanh' });
  const x = rng.tensor([4, 2]);
  const dy = rng.tensor([4, 3]);
  const dyCopy = Array.from(dy.data);
  layer.forward(x, true);
  layer.backward(dy);
  const once = layer.params.map((p) => Array.from(p.grad));
  layer.forward(x, true);
  layer.backward(dy);
  layer.params.forEach((p, k) => p.grad.forEach((g, i) => assert.ok(Math.abs(g - 2 * once[k][i]) < 1e-6)));
  assert.deepEqual(Array.from(dy.data), dyCopy, "backward changed the caller's dy");
});

test('gradCheckLayer rejects a missing bias gradient and a transposed kernel gradient', () => {
  const rng = new Rng(14);
  const x = rng.tensor([5, 4]);
  const noBias = gradCheckLayer(builtDense(4, [4], { activation: 'tanh' }, 6), x, { afterBackward: (l) => l.params[1].grad.fill(0) });
  assert.ok(noBias.failures.length > 0, 'a zeroed bias gradient passed');
  const transposed = gradCheckLayer(builtDense(4, [4], { activation: 'tanh' }, 6), x, {
    afterBackward: (l) => {
      const g = l.params[0].grad;
      const t = g.slice();
      for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) g[i * 4 + j] = t[j * 4 + i];
    },
  });
  assert.ok(transposed.failures.length > 0, 'a transposed kernel gradient passed');
  assert.ok(transposed.worstRatio > 10, `worst ratio only ${transposed.worstRatio}`);
});

// Golden: tf.layers.dense({ units, activation, useBias }) is built by applying it to the same input,
// then given our kernel (in, units) and bias (units) with setWeights; tf.variableGrads of
// sum(y * R) gives dL/dx and dL/dw for the same R that our backward receives.
const GOLDEN: { name: string; units: number; x: number[]; options: DenseOptions }[] = [
  { name: '2-D tanh', units: 4, x: [5, 3], options: { activation: 'tanh' } },
  { name: '2-D linear', units: 1, x: [7, 20], options: {} },
  { name: '3-D relu', units: 5, x: [3, 6, 2], options: { activation: 'relu' } },
  { name: '3-D sigmoid, no bias', units: 3, x: [2, 4, 3], options: { activation: 'sigmoid', useBias: false } },
];

for (const c of GOLDEN) {
  test(`dense(${c.units}) ${c.name} matches tf.layers.dense: outputs and gradients`, async () => {
    await loadTf();
    const rng = new Rng(21);
    const layer = builtDense(c.units, c.x.slice(1), c.options, 22);
    const x = rng.tensor(c.x);
    const y = layer.forward(x, true);
    const R = rng.tensor(y.shape);
    const dx = layer.backward(R);
    const golden = tfLayerGolden(
      tf.layers.dense({ units: c.units, activation: c.options.activation ?? 'linear', useBias: c.options.useBias ?? true }),
      layer.params.map((p) => new Tensor(p.value, p.shape)),
      x,
      R,
    );
    assertClose(y, golden.y, 'y');
    assertClose(dx, golden.dx!, 'dx');
    assert.equal(golden.dWeights.length, layer.params.length);
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}

test('fillRows writes the row into each of the first rows, and nothing after them', () => {
  for (const units of [1, 15, 16, 17, 32]) {
    const row = Float32Array.from({ length: units }, (_, j) => j + 0.5);
    for (const rows of [0, 1, 2, 3, 5, 8, 33]) {
      const out = new Float32Array((rows + 1) * units).fill(-7);
      fillRows(out, row, rows);
      for (let i = 0; i < rows; i++)
        assert.deepEqual(out.subarray(i * units, (i + 1) * units), row, `units ${units}, rows ${rows}, row ${i}`);
      assert.ok(
        out.subarray(rows * units).every((v) => v === -7),
        `units ${units}, rows ${rows}: the row after the last is untouched`,
      );
    }
  }
});
