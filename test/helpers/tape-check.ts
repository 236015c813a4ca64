/**
 * Finite-difference check for code on the autograd tape: `fn` maps input tensors to a scalar
 * tensor; the gradients `backward()` gives must match central differences.
 *
 * Float32 arithmetic: with eps = 1e-3 on inputs of order 1 the difference quotient carries an
 * error of about 1e-7·|f|/eps ≈ 1e-4·|f|, so |analytic − numeric| ≤ 1e-3 + 1e-2·|numeric| passes a
 * correct gradient robustly while a wrong term (a sign, a missing factor) misses by far more.
 */
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';

export function checkTapeGradients(fn: (...xs: Tensor[]) => Tensor, inputs: Tensor[], eps = 1e-3): void {
  const vars = inputs.map((t) => t.detach().variable());
  const out = fn(...vars);
  assert.equal(out.size, 1, 'checked function must return a scalar');
  out.backward();
  inputs.forEach((input, k) => {
    const analytic = vars[k].grad!;
    for (let i = 0; i < input.size; i++) {
      const plus = inputs.map((t) => t.detach());
      const minus = inputs.map((t) => t.detach());
      plus[k].data[i] += eps;
      minus[k].data[i] -= eps;
      const numeric = (fn(...plus).item() - fn(...minus).item()) / (2 * eps);
      const diff = Math.abs(analytic[i] - numeric);
      assert.ok(diff <= 1e-3 + 1e-2 * Math.abs(numeric), `input ${k}[${i}]: analytic ${analytic[i]} vs numeric ${numeric}`);
    }
  });
}

/** Deterministic values in [-1, 1) away from 0 (keeps |x|, relu and min/max off their kinks). */
export function sample(shape: number[], seed = 1): Tensor {
  let s = seed >>> 0;
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32; // [0, 1)
    const v = 0.1 + 0.9 * u; // [0.1, 1)
    data[i] = (i + seed) % 2 === 0 ? v : -v;
  }
  return new Tensor(data, shape);
}
