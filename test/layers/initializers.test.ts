import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RandomState } from '../../src/engine/random.js';
import { glorotUniform, orthogonal, initializer } from '../../src/layers/initializers.js';

/** Max |(A·Aᵀ or Aᵀ·A) − I| over the smaller side of a rows×cols matrix. */
function orthogonalityError(a: Float32Array, rows: number, cols: number): number {
  const byRows = rows <= cols;
  const n = byRows ? rows : cols;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let dot = 0;
      const len = byRows ? cols : rows;
      for (let k = 0; k < len; k++) dot += byRows ? a[i * cols + k] * a[j * cols + k] : a[k * cols + i] * a[k * cols + j];
      worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
    }
  }
  return worst;
}

test('orthogonal() gives orthonormal rows or columns for square, wide and tall shapes', () => {
  for (const [rows, cols] of [
    [40, 40],
    [32, 128],
    [50, 7],
  ]) {
    const w = new Float32Array(rows * cols);
    orthogonal(w, [rows, cols], new RandomState(3));
    assert.ok(orthogonalityError(w, rows, cols) < 1e-5, `${rows}x${cols}`);
  }
});

test('glorotUniform() stays within ±sqrt(6/(fanIn+fanOut)) and fills that range', () => {
  const w = new Float32Array(40 * 160);
  glorotUniform(w, [40, 160], new RandomState(1));
  const limit = Math.sqrt(6 / 200);
  const max = w.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  assert.ok(max <= limit && max > 0.99 * limit, `max ${max}, limit ${limit}`);
  const mean = w.reduce((s, v) => s + v, 0) / w.length;
  assert.ok(Math.abs(mean) < 0.01 * limit * 10);
  // conv kernels (k, in, out): the receptive field multiplies both fans, as Keras
  const k = new Float32Array(3 * 4 * 8);
  glorotUniform(k, [3, 4, 8], new RandomState(1));
  assert.ok(k.every((v) => Math.abs(v) <= Math.sqrt(6 / (12 + 24))));
});

test('initializer(name) finds each Keras initializer and rejects others', () => {
  const z = Float32Array.of(1, 2);
  initializer('zeros')(z, [2], new RandomState(0));
  assert.deepEqual([...z], [0, 0]);
  assert.throws(() => initializer('heNormal' as never), /Unknown initializer 'heNormal'/);
});
