// minimize (Nelder–Mead, Nash's variant as R's optim): known minima, R's own numbers on the same
// problems, the evaluation budget, infeasible regions and its errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { minimize } from '../../../src/forecast/stats/optimize.js';
import { OptionError } from '../../../src/errors.js';

const rosenbrock = (x: Float64Array): number => 100 * (x[1] - x[0] * x[0]) ** 2 + (1 - x[0]) ** 2;

test('minimize(rosenbrock, [-1.2, 1]) takes the steps R takes: optim(c(-1.2, 1), fr) gives the same point, value and count', () => {
  // R 4.2.2: optim(c(-1.2, 1), fr) -> par 1.0002601387256695 1.0005059993037650, value 8.8252410967227472e-08, 195 evaluations
  const r = minimize(rosenbrock, [-1.2, 1]);
  assert.equal(r.evaluations, 195);
  assert.ok(Math.abs(r.x[0] - 1.0002601387256695) < 1e-15, `x0 ${r.x[0]}`);
  assert.ok(Math.abs(r.x[1] - 1.000505999303765) < 1e-15, `x1 ${r.x[1]}`);
  assert.ok(Math.abs(r.value - 8.8252410967227472e-8) < 1e-20, `value ${r.value}`);
  assert.equal(r.converged, true);
});

test('minimize(weighted quadratic, x0, { maxIter: 2000, tol: 1e-12 }) finds the minimum as R does (190 evaluations)', () => {
  const target = [1, 2, 3];
  const weights = [1, 10, 100];
  const f = (p: Float64Array): number => p.reduce((s, v, i) => s + (v - target[i]) ** 2 * weights[i], 0);
  const r = minimize(f, [3, -2, 0.5], { maxIter: 2000, tol: 1e-12 });
  // R: par 1.0000089651926500 1.9999963127000555 2.9999994970976918, 190 evaluations
  assert.equal(r.evaluations, 190);
  assert.deepEqual(
    Array.from(r.x, (v) => v.toFixed(12)),
    ['1.000008965193', '1.999996312700', '2.999999497098'],
  );
  assert.ok(r.value < 1e-9);
});

test('minimize(f, x0, { maxIter }) stops after the budget and says it did not converge', () => {
  // from the minimum itself the simplex never meets a tolerance of ~1e-16: R stops at 51 evaluations
  const r = minimize(rosenbrock, [1, 1], { maxIter: 50 });
  assert.equal(r.evaluations, 51);
  assert.equal(r.converged, false);
  assert.deepEqual(Array.from(r.x), [1, 1]);
});

test('minimize(f, x0) moves away from points where f is Infinity or NaN (bounds by rejection)', () => {
  // minimum of (x - 2)^2 on x <= 1 is at the bound
  const f = (p: Float64Array): number => (p[0] > 1 ? Infinity : p[0] < -10 ? NaN : (p[0] - 2) ** 2);
  const r = minimize(f, [0], { maxIter: 1000 });
  assert.ok(r.x[0] <= 1 && r.x[0] > 0.999, `x ${r.x[0]}`);
});

test('minimize(f, x0, { step }) starts from a simplex of that size', () => {
  const seen: number[][] = [];
  minimize(
    (p) => {
      seen.push(Array.from(p));
      return p[0] ** 2 + p[1] ** 2;
    },
    [100, 0],
    { step: 0.5, maxIter: 3 },
  );
  assert.deepEqual(seen.slice(0, 3), [
    [100, 0],
    [100.5, 0],
    [100, 0.5],
  ]);
  // by default, a tenth of the largest |x0|
  const first: number[][] = [];
  minimize((p) => (first.push(Array.from(p)), p[0] ** 2), [0, 100], { maxIter: 3 });
  assert.deepEqual(first[1], [10, 100]);
});

test('minimize throws an OptionError for an empty or non-finite x0, a bad option or an infeasible start', () => {
  assert.throws(() => minimize(rosenbrock, []), OptionError);
  assert.throws(() => minimize(rosenbrock, [NaN, 1]), /x0\[0\] is NaN/);
  assert.throws(() => minimize(rosenbrock, [0, 0], { maxIter: 0 }), /maxIter must be a positive integer, got 0/);
  assert.throws(() => minimize(rosenbrock, [0, 0], { tol: -1 }), /tol must be/);
  assert.throws(() => minimize(rosenbrock, [0, 0], { step: 0 }), /step must be/);
  assert.throws(() => minimize(() => Infinity, [0]), /f\(x0\) is not finite/);
});
