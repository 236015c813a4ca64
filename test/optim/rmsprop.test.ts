// RMSprop against Keras's formula written out here in float64 (keras/src/optimizers/rmsprop.py,
// Keras 3: ε inside the square root) and against TensorFlow.js's tf.train.rmsprop with the same
// weights and gradients. TF.js's kernel has the same formula (ε inside the root, as TensorFlow's
// ApplyRMSProp that tf.keras 2 calls), so the golden checks hold with ε large as well as small; one
// test shows where the old standalone Keras 2.0–2.3 formula (ε after the root) would differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmsprop } from '../../src/optim/rmsprop.js';
import { optimizerFromSpec } from '../../src/model/model-spec.js';
import { assertClose, loadTf, tf } from '../helpers/tfjs.js';

await loadTf();

/** Six steps of gradients for a 2-tensor model (a (2, 2) kernel and a (2) bias), flat. */
const steps = [
  [0.5, -1, 2, 0.25, -0.3, 0.8],
  [-0.25, 0.75, 1, -0.5, 0.1, 0.6],
  [1, 1, -3, 0.05, 0.2, -0.4],
  [0.3, -0.2, 0.5, 1.5, -1, 0.9],
  [-2, 0.4, 0.1, -0.7, 0.3, 0.2],
  [0.6, -0.9, -1.2, 0.4, 0.05, -0.1],
];
const w0 = [1, -2, 0.5, 3, 0.1, -0.4];

/** Keras 3's RMSprop in float64; `outside`: the old standalone Keras 2.0–2.3 form lr·g / (√v + ε) (no momentum, not centered). */
function kerasRmsprop(
  w: number[],
  grads: number[][],
  { lr = 0.001, rho = 0.9, momentum = 0, eps = 1e-7, centered = false, outside = false } = {},
): number[] {
  const v = w.map(() => 0),
    gBar = w.map(() => 0),
    mu = w.map(() => 0);
  const out = [...w];
  for (const g of grads) {
    for (let i = 0; i < w.length; i++) {
      v[i] = rho * v[i] + (1 - rho) * g[i] ** 2;
      gBar[i] = rho * gBar[i] + (1 - rho) * g[i];
      const d = centered ? v[i] - gBar[i] ** 2 + eps : v[i] + eps;
      const delta = outside ? (lr * g[i]) / (Math.sqrt(v[i]) + eps) : (lr * g[i]) / Math.sqrt(d);
      mu[i] = momentum * mu[i] + delta;
      out[i] -= momentum > 0 ? mu[i] : delta;
    }
  }
  return out;
}

/** tf.train.rmsprop over `grads` on a (2, 2) kernel and a (2) bias starting at w0. */
function tfRmsprop(grads: number[][], lr: number, rho: number, momentum: number, eps: number, centered: boolean): Float32Array {
  const kernel = tf.variable(tf.tensor2d(w0.slice(0, 4), [2, 2]));
  const bias = tf.variable(tf.tensor1d(w0.slice(4)));
  const ref = tf.train.rmsprop(lr, rho, momentum, eps, centered);
  for (const g of grads) {
    ref.applyGradients([
      { name: kernel.name, tensor: tf.tensor2d(g.slice(0, 4), [2, 2]) },
      { name: bias.name, tensor: tf.tensor1d(g.slice(4)) },
    ]);
  }
  return Float32Array.from([...kernel.dataSync(), ...bias.dataSync()]);
}

function ours(grads: number[][], options: Parameters<typeof rmsprop>[0]): Float32Array {
  const w = Float32Array.from(w0);
  const opt = rmsprop(options);
  for (const g of grads) opt.step(w, Float32Array.from(g));
  return w;
}

test("rmsprop() follows Keras's formula by hand over six steps: plain, momentum, centered, both", () => {
  for (const o of [{}, { momentum: 0.9 }, { centered: true }, { momentum: 0.5, centered: true, rho: 0.8 }]) {
    const w = ours(steps, { learningRate: 0.05, ...o });
    const keras = kerasRmsprop(w0, steps, { lr: 0.05, ...o });
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i] - keras[i]) < 1e-6, `${JSON.stringify(o)} w[${i}] ${w[i]} vs Keras ${keras[i]}`);
    for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i] - w0[i]) > 1e-4, `${JSON.stringify(o)}: w[${i}] moved ${w[i] - w0[i]}`);
  }
});

test('rmsprop() matches tf.train.rmsprop over six steps (golden): plain, momentum, centered', () => {
  const cases: [number, number, number, boolean][] = [
    [0.05, 0.9, 0, false],
    [0.05, 0.9, 0.9, false],
    [0.02, 0.8, 0, true],
    [0.02, 0.9, 0.5, true],
  ];
  for (const [lr, rho, momentum, centered] of cases) {
    const w = ours(steps, { learningRate: lr, rho, momentum, centered, epsilon: 1e-7 });
    assertClose(
      w,
      tfRmsprop(steps, lr, rho, momentum, 1e-7, centered),
      `rmsprop ${JSON.stringify({ lr, rho, momentum, centered })}`,
      1e-5,
      1e-6,
    );
  }
});

test('rmsprop() puts epsilon inside the root as Keras 3 and TF.js do, unlike old Keras 2.0–2.3, where epsilon matters', () => {
  // gradients of 1e-3: v ≈ 1e-6, so ε = 1e-4 is not negligible inside or outside the root
  const small = steps.map((g) => g.map((x) => x * 1e-3));
  const w = ours(small, { learningRate: 0.01, epsilon: 1e-4 });
  const keras = kerasRmsprop(w0, small, { lr: 0.01, eps: 1e-4 });
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i] - keras[i]) < 1e-6, `w[${i}] ${w[i]} vs Keras ${keras[i]}`);
  assertClose(w, tfRmsprop(small, 0.01, 0.9, 0, 1e-4, false), 'rmsprop with a large epsilon vs TF.js', 1e-5, 1e-6);
  const old = kerasRmsprop(w0, small, { lr: 0.01, eps: 1e-4, outside: true });
  assert.ok(Math.abs(w[0] - old[0]) > 1e-3, `the two placements of epsilon should differ here: ${w[0]} vs ${old[0]}`);
});

test('rmsprop() has the Keras defaults, reports them in config(), and a spec can name it', () => {
  assert.deepEqual(rmsprop().config(), { learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false });
  assert.deepEqual(rmsprop({ clipNorm: 2 }).config().clipNorm, 2);
  // one default step: v = 0.1·g², so each weight moves by lr·g/√(0.1·g²) = lr·√10 against its gradient
  const w = Float32Array.from([0, 0]);
  rmsprop().step(w, Float32Array.from([3, -0.5]));
  assert.ok(Math.abs(w[0] + 0.001 * Math.sqrt(10)) < 1e-8 && Math.abs(w[1] - 0.001 * Math.sqrt(10)) < 1e-8, `${w}`);
  const fromSpec = optimizerFromSpec({ model: 'rnn', optimizer: 'rmsprop', scaling: 'standard' });
  assert.equal(fromSpec.name, 'rmsprop');
  assert.equal(fromSpec.learningRate, 0.001);
});

test('rmsprop() rejects bad options, Keras spellings included', () => {
  assert.throws(() => rmsprop({ learningRate: 0 }), /rmsprop learningRate must be a positive number, got 0/);
  assert.throws(() => rmsprop({ rho: 1 }), /rmsprop rho must be in \[0, 1\)/);
  assert.throws(() => rmsprop({ momentum: -0.1 }), /rmsprop momentum must be in \[0, 1\)/);
  assert.throws(() => rmsprop({ epsilon: -1 }), /rmsprop epsilon must be a positive number/);
  assert.throws(() => rmsprop({ centered: 'yes' } as never), /rmsprop centered must be true or false/);
  assert.throws(() => rmsprop({ lr: 0.1 } as never), /rmsprop got an unknown option 'lr'/);
  assert.throws(() => rmsprop({ clipNorm: 1, clipValue: 1 }), /only one of clipNorm, globalClipNorm and clipValue/);
});
