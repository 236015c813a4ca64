import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adam } from '../../src/optim/adam.js';
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
].map((g) => Float32Array.from(g));
const w0 = [1, -2, 0.5, 3, 0.1, -0.4];

/** Keras's Adam in float64 (keras/optimizers/adam.py), to check the formula by hand. */
function kerasAdam(w: number[], grads: number[][], { lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7, amsgrad = false } = {}): number[] {
  const m = w.map(() => 0),
    v = w.map(() => 0),
    vHat = w.map(() => 0);
  const out = [...w];
  grads.forEach((g, s) => {
    const t = s + 1;
    const alpha = (lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t);
    for (let i = 0; i < w.length; i++) {
      m[i] += (g[i] - m[i]) * (1 - b1);
      v[i] += (g[i] * g[i] - v[i]) * (1 - b2);
      vHat[i] = Math.max(vHat[i], v[i]);
      out[i] -= (alpha * m[i]) / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + eps);
    }
  });
  return out;
}

test('adam() matches tf.train.adam over six steps (golden, epsilon 1e-7 passed to both)', () => {
  const w = Float32Array.from(w0);
  const opt = adam({ learningRate: 0.05, epsilon: 1e-7 });
  const kernel = tf.variable(tf.tensor2d(w0.slice(0, 4), [2, 2]));
  const bias = tf.variable(tf.tensor1d(w0.slice(4)));
  const ref = tf.train.adam(0.05, 0.9, 0.999, 1e-7);
  for (const g of steps) {
    opt.step(w, g, [
      { offset: 0, length: 4 },
      { offset: 4, length: 2 },
    ]);
    ref.applyGradients([
      { name: kernel.name, tensor: tf.tensor2d(g.slice(0, 4), [2, 2]) },
      { name: bias.name, tensor: tf.tensor1d(g.slice(4)) },
    ]);
  }
  const want = Float32Array.from([...kernel.dataSync(), ...bias.dataSync()]);
  assertClose(w, want, 'adam weights', 1e-5, 1e-6);
  // the weights really moved (six steps of up to lr each), so the comparison is not vacuous
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i] - w0[i]) > 0.01, `w[${i}] moved ${w[i] - w0[i]}`);
  assert.equal(opt.iterations, 6);
});

test("adam() uses Keras's epsilon-hat formula, which differs from tf.train.adam when epsilon is large", () => {
  const grads = steps.map((g) => Array.from(g, (x) => x * 0.01));
  const w = Float32Array.from(w0);
  const opt = adam({ learningRate: 0.1, epsilon: 0.01 });
  for (const g of grads) opt.step(w, Float32Array.from(g));
  const keras = kerasAdam(w0, grads, { lr: 0.1, eps: 0.01 });
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(w[i] - keras[i]) < 1e-6, `w[${i}] ${w[i]} vs Keras ${keras[i]}`);
  // TensorFlow.js adds epsilon after the bias correction: with epsilon 0.01 that is visibly another result
  const kernel = tf.variable(tf.tensor1d(w0));
  const ref = tf.train.adam(0.1, 0.9, 0.999, 0.01);
  for (const g of grads) ref.applyGradients([{ name: kernel.name, tensor: tf.tensor1d(g) }]);
  const tfjs = kernel.dataSync();
  assert.ok(Math.abs(w[0] - tfjs[0]) > 1e-3, `expected the formulas to differ: ${w[0]} vs ${tfjs[0]}`);
});

test('adam({ amsgrad: true }) divides by the running maximum of v, as Keras', () => {
  // a large gradient first, then small ones: with beta2 0.5, v falls fast and v̂ keeps its maximum
  const grads = [
    [2, -3],
    [0.1, 0.1],
    [0.1, -0.2],
    [0.05, 0.3],
  ];
  const run = (amsgrad: boolean): Float32Array => {
    const w = Float32Array.from([1, 1]);
    const opt = adam({ learningRate: 0.1, beta2: 0.5, amsgrad });
    for (const g of grads) opt.step(w, Float32Array.from(g));
    return w;
  };
  const withMax = run(true);
  const keras = kerasAdam([1, 1], grads, { lr: 0.1, b2: 0.5, amsgrad: true });
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(withMax[i] - keras[i]) < 1e-6, `amsgrad w[${i}] ${withMax[i]} vs Keras ${keras[i]}`);
  const plain = run(false);
  assert.ok(Math.abs(plain[0] - withMax[0]) > 1e-3, 'amsgrad should change the result here');
});

test('adam() has the Keras defaults and reports them, with the clipping option, in config()', () => {
  assert.deepEqual(adam().config(), { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false });
  assert.deepEqual(adam({ globalClipNorm: 2 }).config().globalClipNorm, 2);
  // one default step moves each weight by lr (m/√v = ±1 at t = 1), in the gradient's opposite direction
  const w = Float32Array.from([0, 0]);
  adam().step(w, Float32Array.from([3, -0.5]));
  assert.ok(Math.abs(w[0] + 0.001) < 1e-8 && Math.abs(w[1] - 0.001) < 1e-8, `${w}`);
});

test('adam({ clipValue }) steps with the clipped gradients and leaves the gradient buffer alone', () => {
  const g = Float32Array.from([5, -0.2, -7]);
  const clipped = adam({ learningRate: 0.1, clipValue: 1 });
  const byHand = adam({ learningRate: 0.1 });
  const a = Float32Array.from([1, 2, 3]);
  const b = Float32Array.from([1, 2, 3]);
  for (let s = 0; s < 3; s++) {
    clipped.step(a, g);
    byHand.step(b, Float32Array.from([1, -0.2, -1]));
  }
  assert.deepEqual(a, b);
  assert.deepEqual(Array.from(g), [5, -0.2, -7].map(Math.fround));
});

test('adam() rejects bad options, Keras spellings included', () => {
  assert.throws(() => adam({ learningRate: -1 }), /adam learningRate must be a positive number, got -1/);
  assert.throws(() => adam({ beta1: 1 }), /adam beta1 must be in \[0, 1\)/);
  assert.throws(() => adam({ beta2: -0.1 }), /adam beta2 must be in \[0, 1\)/);
  assert.throws(() => adam({ epsilon: 0 }), /adam epsilon must be a positive number/);
  assert.throws(() => adam({ clipnorm: 1 } as never), /adam got an unknown option 'clipnorm'/);
  assert.throws(() => adam({ clipNorm: 1, clipValue: 1 }), /only one of clipNorm, globalClipNorm and clipValue/);
});

test("adam()'s WebAssembly update (assembly/adam.ts) gives the TypeScript loop's weights and moments bit for bit", async () => {
  const { allocF32 } = await import('../../src/engine/wasm/arena.js');
  const { setKernelBackend } = await import('../../src/engine/gemm.js');
  const n = 1377; // odd: the last weight takes the scalar tail
  let s = 7;
  const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const weights = Float32Array.from({ length: n }, () => next());
  // gradients from 1e-9 to 1e3: the moments' rounding is exercised far from 1
  const grads = Array.from({ length: 40 }, (_, t) => Float32Array.from({ length: n }, (_, i) => next() * 10 ** (((i + t) % 13) - 9)));
  const run = (backend: 'wasm' | 'ts'): Uint32Array => {
    setKernelBackend(backend);
    try {
      const opt = adam({ learningRate: 3e-3 });
      const p = allocF32(n);
      const g = allocF32(n);
      p.set(weights);
      for (const step of grads) {
        g.set(step);
        opt.step(p, g);
      }
      return new Uint32Array(p.slice().buffer);
    } finally {
      setKernelBackend('wasm');
    }
  };
  const fast = run('wasm');
  const reference = run('ts');
  assert.notDeepEqual(fast, new Uint32Array(weights.buffer));
  assert.deepEqual(fast, reference);
});
