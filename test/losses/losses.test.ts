import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Tensor } from '../../src/engine/tensor.js';
import { huber, mae, mse, getLoss } from '../../src/losses/losses.js';
import { checkTapeGradients, sample } from '../helpers/tape-check.js';

await tf.setBackend('cpu');

// targets and predictions with errors both inside and outside Huber's delta = 1
const yTrue = Tensor.from([[0.5], [-1.2], [2.0], [0.1], [3.3], [-0.4]]);
const yPred = Tensor.from([[0.9], [1.4], [-0.2], [0.05], [3.0], [-2.9]]);

/** Loss value and d(loss)/d(yPred) from TensorFlow.js (the golden reference). */
function tfjsLoss(fn: (t: tf.Tensor, p: tf.Tensor) => tf.Tensor): { value: number; grad: Float32Array } {
  const t = tf.tensor(yTrue.data, yTrue.shape);
  const p = tf.tensor(yPred.data, yPred.shape);
  const value = (fn(t, p).dataSync() as Float32Array)[0];
  const grad = tf
    .grad((q: tf.Tensor) => fn(t, q) as tf.Scalar)(p)
    .dataSync() as Float32Array;
  return { value, grad };
}

function ours(lossFn: ReturnType<typeof mse>): { value: number; grad: Float32Array } {
  const p = yPred.variable();
  const l = lossFn.compute(yTrue, p);
  l.backward();
  return { value: l.item(), grad: p.grad! };
}

function assertClose(a: ArrayLike<number>, b: ArrayLike<number>, what: string): void {
  assert.equal(a.length, b.length);
  for (let i = 0; i < a.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= 1e-6 + 1e-5 * Math.abs(b[i]), `${what}[${i}]: ${a[i]} vs ${b[i]}`);
}

test('mse() matches tf.losses.meanSquaredError in value and gradient', () => {
  const want = tfjsLoss((t, p) => tf.losses.meanSquaredError(t, p));
  const got = ours(mse());
  assertClose([got.value], [want.value], 'value');
  assertClose(got.grad, want.grad, 'grad');
});

test('mae() matches tf.losses.absoluteDifference in value and gradient', () => {
  const want = tfjsLoss((t, p) => tf.losses.absoluteDifference(t, p));
  const got = ours(mae());
  assertClose([got.value], [want.value], 'value');
  assertClose(got.grad, want.grad, 'grad');
});

test('huber(delta) matches tf.losses.huberLoss for delta 1 and 0.5', () => {
  for (const delta of [1, 0.5]) {
    const want = tfjsLoss((t, p) => tf.losses.huberLoss(t, p, undefined, delta));
    const got = ours(huber(delta));
    assertClose([got.value], [want.value], `delta ${delta} value`);
    assertClose(got.grad, want.grad, `delta ${delta} grad`);
  }
});

test('every loss passes a finite-difference gradient check', () => {
  const t = sample([4, 3], 21).mul(3).detach();
  const p = sample([4, 3], 22).mul(3).detach();
  for (const loss of [mse(), mae(), huber(), huber(0.3)]) {
    checkTapeGradients((a) => loss.compute(t, a), [p]);
  }
});

test('a loss accepts (B,) targets for (B, 1) predictions and rejects a size mismatch', () => {
  const flat = Tensor.from([0.5, -1.2, 2.0, 0.1, 3.3, -0.4]);
  assert.equal(mse().compute(flat, yPred).item(), mse().compute(yTrue, yPred).item());
  assert.throws(() => mse().compute(Tensor.from([1, 2]), yPred), /do not match predictions/);
});

test('getLoss(name) knows mse, mae, huber and names the choices otherwise', () => {
  assert.equal(getLoss('huber').name, 'huber');
  assert.throws(() => getLoss('hinge'), /use mse, mae or huber/);
  assert.throws(() => huber(0), /positive/);
});
