import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { lambda, expandDims, scale, registerLambda, registeredLambda } from '../../src/layers/lambda.js';
import { OptionError } from '../../src/errors.js';
import { sample } from '../helpers/tape-check.js';

/** Backward of a lambda layer against central differences of sum(y·R). */
function checkLayer(layer: ReturnType<typeof lambda>, x: Tensor): void {
  const y = layer.forward(x, true);
  const r = sample(y.shape, 31);
  const dx = layer.backward(r);
  const eps = 1e-3;
  const f = (t: Tensor): number => {
    const out = layer.forward(t, false);
    let s = 0;
    for (let i = 0; i < out.size; i++) s += out.data[i] * r.data[i];
    return s;
  };
  for (let i = 0; i < x.size; i++) {
    const p = x.detach();
    const m = x.detach();
    p.data[i] += eps;
    m.data[i] -= eps;
    const numeric = (f(p) - f(m)) / (2 * eps);
    assert.ok(Math.abs(dx.data[i] - numeric) <= 1e-3 + 1e-2 * Math.abs(numeric), `dx[${i}]: ${dx.data[i]} vs ${numeric}`);
  }
}

test('lambda(fn) runs any tape code and backpropagates through it', () => {
  const layer = lambda((x) =>
    x
      .tanh()
      .mul(x.slice([0, 0], [-1, 1]))
      .add(x.square().mean(1, true)),
  );
  assert.deepEqual(layer.build([4]), [4]);
  checkLayer(layer, sample([3, 4], 41));
});

test('lambda(fn).build infers unknown axes (null) from two trial runs', () => {
  assert.deepEqual(lambda((x) => x.expandDims(-1)).build([null]), [null, 1]);
  assert.deepEqual(lambda((x) => x.slice([0, 0], [-1, 3])).build([null]), [3]);
  assert.deepEqual(lambda((x) => x.sum(1)).build([null, 5]), [5]);
  assert.throws(
    () =>
      lambda(() => {
        throw new Error('boom');
      }).build([2]),
    /failed on an input of shape \[2, 2\]: boom/,
  );
});

test('expandDims(-1) turns (B, T) into (B, T, 1) with an identity gradient', () => {
  const layer = expandDims(-1, { inputShape: [null] });
  assert.deepEqual(layer.build([null]), [null, 1]);
  const x = sample([2, 5], 43);
  assert.deepEqual(layer.forward(x, false).shape, [2, 5, 1]);
  checkLayer(layer, x);
  assert.deepEqual(layer.config(), { kind: 'expandDims', axis: -1 });
});

test('scale(100) multiplies by 100 and passes 100·dy back', () => {
  const layer = scale(100);
  layer.build([1]);
  const x = Tensor.from([[0.5], [-0.25]]);
  assert.deepEqual([...layer.forward(x, true).data], [50, -25]);
  assert.deepEqual([...layer.backward(Tensor.from([[1], [2]])).data], [100, 200]);
  assert.deepEqual(layer.config(), { kind: 'scale', factor: 100 });
  assert.throws(() => scale(NaN), /finite number/);
});

test('a lambda whose output ignores its input returns a zero gradient', () => {
  const layer = lambda((x) => Tensor.zeros(x.shape));
  layer.build([3]);
  layer.forward(sample([2, 3]), true);
  assert.deepEqual([...layer.backward(Tensor.zeros([2, 3]).add(1)).data], [0, 0, 0, 0, 0, 0]);
});

test('registerLambda(name, fn) makes a lambda serializable by name only', () => {
  const fn = (x: Tensor): Tensor => x.mul(3);
  registerLambda('times3', fn);
  assert.equal(registeredLambda('times3'), fn);
  const layer = lambda(fn);
  layer.build([1]);
  assert.equal(layer.config().registered, 'times3');
  assert.throws(() => registeredLambda('nope'), /registerLambda\('nope', fn\)/);
});

test('registerLambda(name, fn) refuses a fn that is not a function and a name that is not a one-line non-empty string (OptionError)', () => {
  const fn = (x: Tensor): Tensor => x.mul(3);
  assert.throws(
    () => registerLambda('times3b', 42 as never),
    (err) =>
      err instanceof OptionError &&
      err.message ===
        "registerLambda('times3b', fn) needs a function (x) => Tensor as fn, got the number 42. Pass the very function the Lambda layer uses.",
  );
  for (const [name, got] of [
    [undefined, 'undefined'],
    ['', '""'],
    ['  ', '"  "'],
    ['two\nlines', '"two\\nlines"'],
    ['x'.repeat(201), `"${'x'.repeat(40)}..."`],
    [7, 'the number 7'],
  ] as const) {
    assert.throws(
      () => registerLambda(name as never, fn),
      (err) =>
        err instanceof OptionError &&
        err.message ===
          `registerLambda(name, fn) needs a name: a non-empty string of at most 200 characters without line breaks, got ${got}. Use e.g. registerLambda('clip', fn).`,
    );
  }
  assert.throws(() => registeredLambda('times3b'), /No lambda is registered under 'times3b'/);
});
