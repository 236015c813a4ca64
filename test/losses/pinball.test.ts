import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { pinball, checkQuantiles } from '../../src/losses/pinball.js';
import * as losses from '../../src/losses/losses.js';
import { getLoss } from '../../src/losses/losses.js';
import { checkTapeGradients, sample } from '../helpers/tape-check.js';
import { loadTf, tf } from '../helpers/tfjs.js';

await loadTf();

const levels = [0.025, 0.1, 0.5, 0.9, 0.975];
// 4 windows × 3 steps of targets, and 5 quantiles of each step (step-major): errors of both signs, none 0
const yTrue = sample([4, 3], 3).mul(2).detach();
const yPred = sample([4, 15], 4).mul(2).detach();

/** The pinball loss written with tf ops: mean of max(q·e, (q − 1)·e), e = y − ŷ per quantile. */
function tfPinball(t: tf.Tensor, p: tf.Tensor, qs: number[]): tf.Scalar {
  const n = t.size;
  const e = tf.sub(tf.reshape(t, [n, 1]), tf.reshape(p, [n, qs.length]));
  const q = tf.tensor1d(qs);
  return tf.mean(tf.maximum(tf.mul(e, q), tf.mul(e, tf.sub(q, 1)))) as tf.Scalar;
}

test('pinball(quantiles) matches the loss written with TensorFlow.js ops, in value and gradient', () => {
  const t = tf.tensor(yTrue.data, yTrue.shape);
  const p = tf.tensor(yPred.data, yPred.shape);
  const wantValue = tfPinball(t, p, levels).dataSync()[0];
  const wantGrad = tf
    .grad((q: tf.Tensor) => tfPinball(t, q, levels))(p)
    .dataSync();
  const v = yPred.variable();
  const l = pinball(levels).compute(yTrue, v);
  l.backward();
  assert.ok(Math.abs(l.item() - wantValue) <= 1e-6 + 1e-5 * Math.abs(wantValue), `value ${l.item()} vs ${wantValue}`);
  assert.equal(v.grad!.length, wantGrad.length);
  for (let i = 0; i < wantGrad.length; i++)
    assert.ok(Math.abs(v.grad![i] - wantGrad[i]) <= 1e-7, `grad[${i}]: ${v.grad![i]} vs ${wantGrad[i]}`);
});

test('pinball(quantiles) passes a finite-difference gradient check', () => {
  checkTapeGradients((p) => pinball(levels).compute(yTrue, p), [yPred]);
  checkTapeGradients((p) => pinball([0.3]).compute(yTrue, p), [sample([4, 3], 9)]);
});

test('pinball(quantiles) is the textbook value on a small case, and pinball([0.5]) is half the MAE', () => {
  // y = 1, forecasts 0 (q 0.1) and 3 (q 0.9): 0.1·1 and (0.9 − 1)·(−2) = 0.2, mean 0.15
  const l = pinball([0.1, 0.9]).compute(Tensor.from([[1]]), Tensor.from([[0, 3]]));
  assert.ok(Math.abs(l.item() - 0.15) < 1e-7, String(l.item()));
  const mae = losses
    .mae()
    .compute(yTrue, yPred.slice([0, 0], [4, 3]))
    .item();
  assert.ok(
    Math.abs(
      pinball([0.5])
        .compute(yTrue, yPred.slice([0, 0], [4, 3]))
        .item() -
        mae / 2,
    ) < 1e-6,
  );
});

test('pinball(quantiles) accepts (B, H, Q) predictions and refuses predictions without Q values per target', () => {
  const flat = pinball(levels).compute(yTrue, yPred).item();
  assert.equal(
    pinball(levels)
      .compute(yTrue, yPred.reshape([4, 3, 5]))
      .item(),
    flat,
  );
  assert.throws(
    () => pinball(levels).compute(yTrue, yPred.slice([0, 0], [4, 12])),
    /must output 5 values \(one per quantile\) per target, 60 in all/,
  );
});

test('pinball(quantiles) is smallest at the empirical quantiles of the targets', () => {
  // targets 1..100: the 0.1-quantile minimizer lies in [10, 11], the 0.9 one in [90, 91]
  const y = Tensor.from(
    Array.from({ length: 100 }, (_, i) => i + 1),
    [100, 1],
  );
  const at = (lo: number, hi: number): number =>
    pinball([0.1, 0.9])
      .compute(
        y,
        new Tensor(
          new Float32Array(200).map((_, i) => (i % 2 ? hi : lo)),
          [100, 2],
        ),
      )
      .item();
  const best = at(10.5, 90.5);
  for (const [lo, hi] of [
    [8, 90.5],
    [13, 90.5],
    [10.5, 88],
    [10.5, 93],
  ])
    assert.ok(at(lo, hi) > best, `${lo}, ${hi}`);
});

test('checkQuantiles(levels) refuses empty, unsorted, repeated and out-of-range levels, naming the fix', () => {
  assert.deepEqual(checkQuantiles([0.1, 0.5, 0.9], 'quantiles'), [0.1, 0.5, 0.9]);
  assert.throws(() => pinball([]), /pinball quantiles must be an array of 1 to 99 quantile levels, got \[\]/);
  assert.throws(() => pinball([0.5, 0.1]), /strictly increasing, but pinball quantiles\[1\] = 0.1 follows 0.5/);
  assert.throws(() => pinball([0.5, 0.5]), /strictly increasing/);
  for (const bad of [0, 1, -0.1, 1.5, Number.NaN]) assert.throws(() => pinball([bad]), /strictly between 0 and 1/, String(bad));
  assert.throws(() => pinball('0.5' as unknown as number[]), /must be an array/);
  assert.throws(() => getLoss('pinball'), /needs its quantile levels: use losses.pinball/);
});
