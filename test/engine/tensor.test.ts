import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { checkTapeGradients, sample } from '../helpers/tape-check.js';

test('new Tensor(data, shape) throws when the data does not fill the shape', () => {
  assert.throws(() => new Tensor(new Float32Array(5), [2, 3]), /5 values but shape \[2, 3\] needs 6/);
});

test('Tensor.from(nested) infers the shape and toArray() gives it back', () => {
  const t = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.deepEqual(t.toArray(), [
    [1, 2, 3],
    [4, 5, 6],
  ]);
});

test('add/sub/mul/div broadcast as numpy', () => {
  const a = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const b = Tensor.from([10, 20, 30]);
  assert.deepEqual(a.add(b).toArray(), [
    [11, 22, 33],
    [14, 25, 36],
  ]);
  assert.deepEqual(a.sub(Tensor.from([[1], [2]])).toArray(), [
    [0, 1, 2],
    [2, 3, 4],
  ]);
  assert.deepEqual(a.mul(2).toArray(), [
    [2, 4, 6],
    [8, 10, 12],
  ]);
  assert.deepEqual(b.div(10).toArray(), [1, 2, 3]);
  assert.throws(() => a.add(Tensor.from([1, 2])), /cannot be broadcast/);
});

test('elementwise ops have the gradients of their math', () => {
  const x = sample([2, 3]);
  const pos = x.abs().add(0.5).detach();
  checkTapeGradients((t) => t.neg().sum(), [x]);
  checkTapeGradients((t) => t.abs().sum(), [x]);
  checkTapeGradients((t) => t.square().sum(), [x]);
  checkTapeGradients((t) => t.sqrt().sum(), [pos]);
  checkTapeGradients((t) => t.exp().sum(), [x]);
  checkTapeGradients((t) => t.log().sum(), [pos]);
  checkTapeGradients((t) => t.tanh().sum(), [x]);
  checkTapeGradients((t) => t.sigmoid().sum(), [x]);
  checkTapeGradients((t) => t.relu().sum(), [x]);
  checkTapeGradients((t) => t.sin().mul(t.cos()).sum(), [x]);
  checkTapeGradients((t) => t.pow(3).sum(), [x]);
});

test('binary ops backpropagate into both inputs, summing over broadcast axes', () => {
  const a = sample([2, 3], 3);
  const b = sample([3], 5).mul(0.5); // keeps b clear of a's values: min/max have a kink where they meet
  const c = sample([2, 1], 7).abs().add(0.5).detach();
  checkTapeGradients((p, q) => p.add(q).square().sum(), [a, b]);
  checkTapeGradients((p, q) => p.sub(q).square().mean(), [a, b]);
  checkTapeGradients((p, q) => p.mul(q).sum(), [a, b]);
  checkTapeGradients((p, q) => p.div(q).sum(), [a, c]);
  checkTapeGradients((p, q) => p.minimum(q).sum(), [a, b]);
  checkTapeGradients((p, q) => p.maximum(q).sum(), [a, b]);
});

test('shape ops move gradients to the right elements', () => {
  const x = sample([2, 3, 4], 11);
  const w = sample([2, 3, 4], 13);
  // weighting by w makes every element's gradient distinct, so a misplaced one shows
  checkTapeGradients(
    (t) =>
      t
        .reshape([6, 4])
        .mul(w.reshape([6, 4]))
        .sum(),
    [x],
  );
  checkTapeGradients((t) => t.expandDims(-1).squeeze([3]).mul(w).sum(), [x]);
  checkTapeGradients(
    (t) =>
      t
        .slice([1, 0, 2], [1, -1, 2])
        .mul(w.slice([0, 0, 0], [1, -1, 2]))
        .sum(),
    [x],
  );
  checkTapeGradients(
    (t, u) =>
      Tensor.concat([t, u], 1)
        .mul(Tensor.concat([w, w], 1))
        .sum(),
    [x, sample([2, 3, 4], 17)],
  );
  checkTapeGradients((t) => t.sum(1).mul(w.sum(1)).sum(), [x]);
  checkTapeGradients(
    (t) =>
      t
        .mean([0, 2], true)
        .mul(w.mean([0, 2], true))
        .sum(),
    [x],
  );
});

test('expandDims, squeeze, slice and concat give the shapes numpy gives', () => {
  const x = Tensor.from([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(x.expandDims(-1).shape, [2, 3, 1]);
  assert.deepEqual(x.expandDims(0).shape, [1, 2, 3]);
  assert.deepEqual(x.expandDims(-1).squeeze().shape, [2, 3]);
  assert.deepEqual(x.slice([0, 1], [-1, 2]).toArray(), [
    [2, 3],
    [5, 6],
  ]);
  assert.deepEqual(Tensor.concat([x, x], 0).shape, [4, 3]);
  assert.deepEqual(Tensor.concat([x, x.slice([0, 0], [-1, 1])], 1).toArray(), [
    [1, 2, 3, 1],
    [4, 5, 6, 4],
  ]);
  assert.deepEqual(x.sum(0).toArray(), [5, 7, 9]);
  assert.deepEqual(x.mean(1, true).toArray(), [[2], [5]]);
  assert.throws(() => x.squeeze([0]), /Cannot squeeze axis 0/);
  assert.throws(() => x.slice([0, 2], [1, 2]), /outside a tensor/);
  assert.throws(() => x.reshape([4, 2]), /Cannot reshape/);
  assert.throws(() => x.expandDims(4), /out of range/);
});

test('a tensor used twice receives the sum of both gradients', () => {
  const x = sample([3], 19);
  checkTapeGradients((t) => t.mul(t).add(t.tanh()).sum(), [x]);
});

test('backward(seed) starts from the given output gradient', () => {
  const x = Tensor.from([1, 2, 3]).variable();
  const y = x.mul(2);
  y.backward(Float32Array.from([1, 10, 100]));
  assert.deepEqual([...x.grad!], [2, 20, 200]);
});
