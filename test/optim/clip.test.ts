import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkClipOptions, clipGradients } from '../../src/optim/clip.js';
import { sgd } from '../../src/optim/sgd.js';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { sequential } from '../../src/model/sequential.js';

const f32 = (a: number[]): number[] => a.map(Math.fround);
const close = (actual: ArrayLike<number>, expected: number[], label: string): void => {
  assert.equal(actual.length, expected.length, label);
  for (let i = 0; i < expected.length; i++)
    assert.ok(Math.abs(actual[i] - expected[i]) < 1e-6, `${label}[${i}]: ${actual[i]} vs ${expected[i]}`);
};

/** Three tensors: (3, 4) with norm 5, (0.3, 0.4) with norm 0.5, (12) with norm 12. */
const grads = Float32Array.from([3, 4, 0.3, 0.4, 12]);
const segments = [
  { offset: 0, length: 2 },
  { offset: 2, length: 2 },
  { offset: 4, length: 1 },
];

test('clipGradients(g, { clipNorm: 1 }, segments) scales each tensor to norm ≤ 1 on its own, as Keras clipnorm', () => {
  close(clipGradients(grads, { clipNorm: 1 }, segments), [0.6, 0.8, 0.3, 0.4, 1], 'clipNorm 1');
  close(clipGradients(grads, { clipNorm: 6 }, segments), [3, 4, 0.3, 0.4, 6], 'clipNorm 6');
  // without segments the whole buffer is one tensor: norm √(25 + 0.25 + 144) = 13.009...
  const n = Math.hypot(3, 4, 0.3, 0.4, 12);
  close(
    clipGradients(grads, { clipNorm: 1 }),
    [3, 4, 0.3, 0.4, 12].map((g) => g / n),
    'one tensor',
  );
  // an all-zero tensor stays zero (no 0/0)
  close(
    clipGradients(Float32Array.from([0, 0, 5]), { clipNorm: 1 }, [
      { offset: 0, length: 2 },
      { offset: 2, length: 1 },
    ]),
    [0, 0, 1],
    'zeros',
  );
});

test('clipGradients(g, { globalClipNorm }) scales all tensors together, as Keras global_clipnorm', () => {
  const n = Math.hypot(3, 4, 0.3, 0.4, 12);
  close(
    clipGradients(grads, { globalClipNorm: 1 }, segments),
    [3, 4, 0.3, 0.4, 12].map((g) => g / n),
    'global 1',
  );
  close(clipGradients(grads, { globalClipNorm: 20 }, segments), f32([3, 4, 0.3, 0.4, 12]), 'global 20 leaves them');
  // a NaN or infinite gradient makes every gradient NaN, as Keras's clip_by_global_norm
  assert.ok(clipGradients(Float32Array.from([1, Infinity]), { globalClipNorm: 1 }).every(Number.isNaN));
});

test('clipGradients(g, { clipValue: 0.5 }) clamps every value to [-0.5, 0.5], keeping NaN', () => {
  const out = clipGradients(Float32Array.from([0.3, -2, 0.7, -0.1, NaN]), { clipValue: 0.5 });
  assert.deepEqual(Array.from(out.subarray(0, 4)), f32([0.3, -0.5, 0.5, -0.1]));
  assert.ok(Number.isNaN(out[4]));
});

test('clipGradients(g, {}) returns the gradients themselves and never writes them', () => {
  assert.equal(clipGradients(grads, {}), grads);
  const copy = grads.slice();
  clipGradients(grads, { clipNorm: 1 }, segments);
  clipGradients(grads, { clipValue: 1 });
  assert.deepEqual(grads, copy);
});

test('checkClipOptions(...) and clipGradients(...) reject bad settings', () => {
  assert.throws(() => checkClipOptions('sgd', { clipNorm: 0 }), /sgd clipNorm must be a positive number, got 0/);
  assert.throws(() => checkClipOptions('sgd', { clipValue: NaN }), /clipValue must be a positive number/);
  assert.throws(() => checkClipOptions('sgd', { clipNorm: 1, globalClipNorm: 1 }), /sgd got clipNorm and globalClipNorm: only one of/);
  assert.deepEqual(checkClipOptions('sgd', { clipValue: 2, clipNorm: undefined }), { clipValue: 2 });
  assert.throws(() => clipGradients(grads, { clipNorm: 1 }, [{ offset: 3, length: 4 }]), /lies outside the 5 gradients/);
  assert.throws(
    () =>
      clipGradients(grads, { clipNorm: 1 }, [
        { offset: 0, length: 3 },
        { offset: 2, length: 1 },
      ]),
    /overlaps/,
  );
});

test('sgd({ clipNorm }) steps with per-tensor clipped gradients and reports the option in config()', () => {
  const w = Float32Array.from([1, 1, 1, 1, 1]);
  const opt = sgd({ learningRate: 0.1, clipNorm: 1 });
  opt.step(w, grads, segments);
  close(w, [1 - 0.06, 1 - 0.08, 1 - 0.03, 1 - 0.04, 1 - 0.1], 'w');
  assert.deepEqual(opt.config(), { learningRate: 0.1, momentum: 0, nesterov: false, clipNorm: 1 });
  assert.throws(() => sgd({ clipnorm: 1 } as never), /sgd got an unknown option 'clipnorm'/);
});

test('fit() gives the optimizer the parameter tensors, so clipNorm clips kernel and bias separately', async () => {
  // Dense(1) on 2 inputs: kernel (2, 1) and bias (1); gradients far above the clip norm
  const model = sequential([layers.dense(1, { inputShape: [2] })], { seed: 3 });
  assert.deepEqual(model.params.segments, [
    { offset: 0, length: 2 },
    { offset: 2, length: 1 },
  ]);
  model.compile({ loss: 'mse', optimizer: sgd({ learningRate: 1, clipNorm: 1e-3 }) });
  const before = model.params.values.slice();
  await model.fit([
    {
      x: Tensor.from([
        [10, -20],
        [30, 5],
      ]),
      y: Tensor.from([[500], [-400]]),
    },
  ]);
  const d = Array.from(model.params.values, (v, i) => v - before[i]);
  // each tensor moved by exactly lr·clipNorm (a global clip would share 1e-3 between them)
  assert.ok(Math.abs(Math.hypot(d[0], d[1]) - 1e-3) < 1e-6, `kernel moved ${Math.hypot(d[0], d[1])}`);
  assert.ok(Math.abs(Math.abs(d[2]) - 1e-3) < 1e-6, `bias moved ${d[2]}`);
});
