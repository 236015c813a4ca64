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

test('huber(delta) gives, to the bit, the loss and gradients of the same formula run op by op on the tape', () => {
  // the chain huberOp replaces: every op stores float32, the mean sums in float64
  const tapeHuber = (t: Tensor, p: Tensor, delta: number): Tensor => {
    const absErr = p.sub(t).abs();
    const quad = absErr.minimum(delta);
    return quad.square().mul(0.5).add(absErr.sub(quad).mul(delta)).mean();
  };
  const run = (f: (t: Tensor, p: Tensor) => Tensor, t: Tensor, p: Tensor, seed: number) => {
    const [tv, pv] = [t.variable(), p.variable()];
    const loss = f(tv, pv);
    loss.backward(Float32Array.of(seed));
    return { loss: loss.item(), dPred: pv.grad!, dTrue: tv.grad! };
  };
  for (const [i, delta] of [1, 0.3, 2.5, 1e-3].entries()) {
    // one value at a time (the mean of one is its own loss: a rounding step missed shows), then batches
    const [ts, ps] = [sample([60], 100 + i).mul(4), sample([60], 200 + i).mul(4)];
    const one = (x: Tensor, k: number): Tensor => new Tensor(x.data.slice(k, k + 1), [1]);
    const cases = [
      ...Array.from({ length: 60 }, (_, k) => [one(ts, k), one(ps, k)]),
      ...[7, 192].map((n) => [sample([n], 300 + n), sample([n], 400 + n)]),
    ];
    for (const [t0, p0] of cases) {
      const n = t0.size;
      const [t, p] = [t0.mul(n === 1 ? 1 : 4).detach(), p0.mul(n === 1 ? 1 : 4).detach()];
      // errors of exactly ±delta (the minimum's tie), exactly 0, and one huge
      if (n > 4) {
        t.data[0] = 0.25;
        p.data[0] = Math.fround(0.25 + Math.fround(delta));
        p.data[1] = t.data[1];
        t.data[2] = Math.fround(delta);
        p.data[2] = 0;
        p.data[3] = 3e30;
      }
      for (const seed of [1, -0.37]) {
        const want = run((a, b) => tapeHuber(a, b, delta), t, p, seed);
        const got = run((a, b) => huber(delta).compute(a, b), t, p, seed);
        assert.ok(Object.is(got.loss, want.loss), `delta ${delta}, n ${n}: loss ${got.loss} vs ${want.loss}`);
        assert.deepEqual(got.dPred, want.dPred, `delta ${delta}, n ${n}: d/d(pred)`);
        assert.deepEqual(got.dTrue, want.dTrue, `delta ${delta}, n ${n}: d/d(target)`);
      }
    }
  }
});
