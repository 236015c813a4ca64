import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { sgd } from '../../src/optim/sgd.js';

await tf.setBackend('cpu');

const grads = [Float32Array.from([0.5, -1, 2]), Float32Array.from([-0.25, 0.75, 1]), Float32Array.from([1, 1, -3])];

test('sgd() without momentum steps w -= lr·g', () => {
  const w = Float32Array.from([1, 2, 3]);
  const opt = sgd({ learningRate: 0.1 });
  opt.step(w, grads[0]);
  assert.deepEqual([...w], [1 - 0.05, 2 + 0.1, 3 - 0.2].map(Math.fround));
});

test('sgd({ momentum }) follows Keras v = m·v − lr·g, w += v (and nesterov) as tf.train.momentum does', () => {
  for (const nesterov of [false, true]) {
    const w = Float32Array.from([1, 2, 3]);
    const opt = sgd({ learningRate: 0.1, momentum: 0.9, nesterov });
    const v = tf.variable(tf.tensor1d([1, 2, 3]));
    const ref = tf.train.momentum(0.1, 0.9, nesterov);
    for (const g of grads) {
      opt.step(w, g);
      ref.applyGradients([{ name: v.name, tensor: tf.tensor1d(g) }]);
    }
    const want = v.dataSync();
    for (let i = 0; i < 3; i++) assert.ok(Math.abs(w[i] - want[i]) < 1e-6, `nesterov ${nesterov} w[${i}]: ${w[i]} vs ${want[i]}`);
    // and by hand for plain momentum: v1 = -0.05, v2 = 0.9·v1 + 0.025, v3 = 0.9·v2 − 0.1
    if (!nesterov) {
      const v1 = -0.05,
        v2 = 0.9 * v1 + 0.025,
        v3 = 0.9 * v2 - 0.1;
      assert.ok(Math.abs(w[0] - (1 + v1 + v2 + v3)) < 1e-6);
    }
  }
});

test('sgd() rejects a learning rate that is not positive and a momentum outside [0, 1)', () => {
  assert.throws(() => sgd({ learningRate: 0 }), /learningRate must be a positive number/);
  assert.throws(() => sgd({ learningRate: NaN }), /learningRate/);
  assert.throws(() => sgd({ momentum: 1 }), /momentum must be in \[0, 1\)/);
});
