import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { dropout } from '../../src/layers/dropout.js';
import { Rng, checkGradients } from '../helpers/gradcheck.js';

/** A tensor of ones, so that the output is the mask itself. */
function ones(shape: number[]): Tensor {
  return new Tensor(new Float32Array(shape.reduce((a, b) => a * b, 1)).fill(1), shape);
}

test('dropout(rate) builds with the input shape as output and no params', () => {
  const layer = dropout(0.2, { seed: 3 });
  assert.deepEqual(layer.build([null, 4]), [null, 4]);
  assert.equal(layer.className, 'Dropout');
  assert.equal(layer.countParams(), 0);
  assert.deepEqual(layer.config(), { name: layer.name, rate: 0.2, seed: 3, inputShape: undefined });
});

test('dropout(rate) throws on a rate outside [0, 1) and a bad seed', () => {
  for (const rate of [-0.1, 1, 1.5, Number.NaN])
    assert.throws(() => dropout(rate), /Dropout rate must be a number in \[0, 1\)/, String(rate));
  assert.throws(() => dropout('0.2' as unknown as number), /Dropout rate/);
  assert.throws(() => dropout(0.2, { seed: -1 }), /Dropout seed must be an integer/);
  assert.throws(() => dropout(0.2, { seed: 1.5 }), /Dropout seed must be an integer/);
  assert.throws(() => dropout(0.2).backward(ones([2, 2])), /needs a forward\(x, true\)/);
});

test('dropout(rate).forward(x, false) is the identity, and its backward passes dy through', () => {
  const layer = dropout(0.5, { seed: 1 });
  const x = new Rng(1).tensor([4, 5, 3]);
  const y = layer.forward(x, false);
  assert.deepEqual(Array.from(y.data), Array.from(x.data));
  assert.deepEqual(y.shape, x.shape);
  const dy = new Rng(2).tensor([4, 5, 3]);
  assert.deepEqual(Array.from(layer.backward(dy).data), Array.from(dy.data));
});

test('dropout(0.3) in training keeps values scaled by 1/(1 − rate) and zeroes the others', () => {
  const layer = dropout(0.3, { seed: 5 });
  const x = new Rng(3).tensor([8, 10, 2]);
  const y = layer.forward(x, true);
  const scale = Math.fround(1 / 0.7);
  let kept = 0;
  for (let i = 0; i < x.size; i++) {
    if (y.data[i] === 0) continue;
    kept++;
    assert.equal(y.data[i], Math.fround(x.data[i] * scale), `y[${i}]`);
  }
  assert.ok(kept > 0 && kept < x.size, `kept ${kept} of ${x.size}`);
});

test('dropout(rate) keeps a fraction near 1 − rate on a large tensor, and the mean is preserved', () => {
  const n = 200_000;
  for (const rate of [0.1, 0.5, 0.8]) {
    const y = dropout(rate, { seed: 11 }).forward(ones([n]), true).data;
    let kept = 0;
    let sum = 0;
    for (const v of y) {
      if (v !== 0) kept++;
      sum += v;
    }
    // binomial: the standard deviation of the kept fraction is sqrt(rate·(1 − rate)/n) ≤ 0.0012
    assert.ok(Math.abs(kept / n - (1 - rate)) < 0.006, `rate ${rate}: kept fraction ${kept / n}`);
    assert.ok(Math.abs(sum / n - 1) < 0.03, `rate ${rate}: mean ${sum / n}`);
  }
});

test('dropout(rate).backward uses the mask of the training forward: dx = dy · mask', () => {
  const layer = dropout(0.4, { seed: 9 });
  const shape = [6, 7, 3];
  const mask = layer.forward(ones(shape), true).data.slice(); // x = 1: y is the mask
  const dy = new Rng(4).tensor(shape);
  const dyCopy = Array.from(dy.data);
  const dx = layer.backward(dy);
  assert.deepEqual(dx.shape, shape);
  for (let i = 0; i < mask.length; i++) assert.equal(dx.data[i], Math.fround(dy.data[i] * mask[i]), `dx[${i}]`);
  assert.deepEqual(Array.from(dy.data), dyCopy, 'backward changed dy');
  // finite differences with the mask held fixed: L = Σ (x · mask) · R
  const x = new Rng(5).tensor(shape);
  const R = new Rng(6).tensor(shape);
  const masked = dropout(0.4, { seed: 9 });
  masked.forward(x, true);
  const grad = masked.backward(R).data;
  const loss = (): number => {
    let s = 0;
    for (let i = 0; i < x.size; i++) s += x.data[i] * mask[i] * R.data[i];
    return s;
  };
  const res = checkGradients([{ name: 'input', value: x.data, grad }], loss);
  assert.equal(res.failures.length, 0, res.failures.join('\n'));
});

test('dropout(rate, { seed }) draws the same masks for the same seed, new masks on each call, other masks for another seed', () => {
  const shape = [4, 50];
  const a = dropout(0.5, { seed: 42 });
  const b = dropout(0.5, { seed: 42 });
  const a1 = Array.from(a.forward(ones(shape), true).data);
  const a2 = Array.from(a.forward(ones(shape), true).data);
  assert.deepEqual(Array.from(b.forward(ones(shape), true).data), a1);
  assert.deepEqual(Array.from(b.forward(ones(shape), true).data), a2);
  assert.notDeepEqual(a1, a2, 'two batches got the same mask');
  assert.notDeepEqual(Array.from(dropout(0.5, { seed: 43 }).forward(ones(shape), true).data), a1);
  // default seeds differ between layers (derived from the name)
  const c = dropout(0.5);
  const d = dropout(0.5);
  assert.notEqual(c.seed, d.seed);
});

test('dropout(0) is the identity in training too', () => {
  const layer = dropout(0);
  const x = new Rng(7).tensor([3, 4]);
  assert.deepEqual(Array.from(layer.forward(x, true).data), Array.from(x.data));
  const dy = new Rng(8).tensor([3, 4]);
  assert.deepEqual(Array.from(layer.backward(dy).data), Array.from(dy.data));
});
