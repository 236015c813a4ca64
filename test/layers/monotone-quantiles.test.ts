import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import * as layers from '../../src/layers/index.js';
import { monotoneQuantiles } from '../../src/layers/monotone-quantiles.js';
import { layerFromJSON, layerToJSON } from '../../src/layers/registry.js';
import { sequential } from '../../src/model/sequential.js';
import { Rng, assertGradients, gradCheckLayer } from '../helpers/gradcheck.js';
import { assertClose, loadTf, tf } from '../helpers/tfjs.js';

await loadTf();

/** The layer written with TensorFlow.js ops: center, then ± cumulative sums of softplus (not a loop). */
function tfMonotone(r: tf.Tensor, Q: number, c: number): tf.Tensor {
  const groups = tf.reshape(r, [-1, Q]); // (N, Q)
  const center = tf.slice(groups, [0, c], [-1, 1]);
  const parts: tf.Tensor[] = [];
  if (c > 0) parts.push(tf.sub(center, tf.cumsum(tf.softplus(tf.slice(groups, [0, 0], [-1, c])), 1, false, true)));
  parts.push(center);
  if (c < Q - 1) parts.push(tf.add(center, tf.cumsum(tf.softplus(tf.slice(groups, [0, c + 1], [-1, Q - 1 - c])), 1)));
  return tf.reshape(tf.concat(parts, 1), r.shape);
}

test('monotoneQuantiles(Q) builds with its input shape as output, no weights, and saves its config', () => {
  const layer = monotoneQuantiles(5, { name: 'q' });
  assert.deepEqual(layer.build([15]), [15]);
  assert.equal(layer.countParams(), 0);
  assert.equal(layer.center, 2);
  assert.deepEqual(layer.config(), { name: 'q', quantiles: 5, center: 2, inputShape: undefined });
  const json = layerToJSON(monotoneQuantiles(3, { center: 0, name: 'low' }));
  assert.deepEqual(json, { className: 'MonotoneQuantiles', config: { name: 'low', quantiles: 3, center: 0 } });
  const back = layerFromJSON(json);
  assert.equal(back.className, 'MonotoneQuantiles');
  assert.deepEqual(back.config(), { name: 'low', quantiles: 3, center: 0, inputShape: undefined });
});

test('monotoneQuantiles(Q) throws on a bad count, center or input shape, and on backward before forward', () => {
  for (const q of [0, 100, 2.5, Number.NaN])
    assert.throws(() => monotoneQuantiles(q), /quantiles must be an integer from 1 to 99/, String(q));
  assert.throws(() => monotoneQuantiles(3, { center: 3 }), /center must be an integer from 0 to 2/);
  assert.throws(() => monotoneQuantiles(3, { center: -1 }), /center must be an integer from 0 to 2/);
  assert.throws(() => monotoneQuantiles(3).build([10]), /expects input of shape \(\.\.\., a multiple of 3\)/);
  assert.throws(() => monotoneQuantiles(3).build([null]), /a multiple of 3/);
  assert.throws(() => layerFromJSON({ className: 'MonotoneQuantiles', config: { quantiles: 3, center: 5 } }), /center must be/);
  const layer = monotoneQuantiles(3);
  layer.build([6]);
  assert.throws(() => layer.backward(Tensor.zeros([1, 6])), /needs a forward\(x, true\)/);
  assert.throws(() => layer.forward(Tensor.zeros([1, 7]), false), /a multiple of 3/);
});

test('monotoneQuantiles(Q) passes the center through and adds softplus increments either side', () => {
  const layer = monotoneQuantiles(3, { center: 1 });
  layer.build([3]);
  const y = layer.forward(Tensor.from([[0, 5, 0]]), false).data;
  const ln2 = Math.log(2);
  assert.deepEqual(Array.from(y), [Math.fround(5 - ln2), 5, Math.fround(5 + ln2)]);
});

test('monotoneQuantiles matches the layer written with TensorFlow.js ops, forward and backward, for every center', () => {
  const rng = new Rng(3);
  for (const [Q, c] of [
    [5, 2],
    [5, 0],
    [5, 4],
    [4, 1],
    [1, 0],
  ]) {
    const layer = monotoneQuantiles(Q, { center: c });
    layer.build([3 * Q]);
    const x = rng.tensor([4, 3 * Q], -4, 4);
    const R = rng.tensor([4, 3 * Q]);
    const y = layer.forward(x, true);
    const dx = layer.backward(R);
    const xt = tf.tensor(x.data, x.shape);
    const want = tfMonotone(xt, Q, c);
    const wantDx = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tfMonotone(v, Q, c), tf.tensor(R.data, R.shape))) as tf.Scalar)(xt);
    assertClose(y, new Tensor(Float32Array.from(want.dataSync()), want.shape), `y (Q ${Q}, center ${c})`);
    assertClose(dx, new Tensor(Float32Array.from(wantDx.dataSync()), wantDx.shape), `dx (Q ${Q}, center ${c})`);
  }
});

test('monotoneQuantiles passes a finite-difference gradient check, on 2-D and 3-D input', () => {
  const rng = new Rng(5);
  for (const [shape, center] of [
    [[3, 10], 2],
    [[2, 4, 6], 4],
  ] as const) {
    const layer = monotoneQuantiles(shape.at(-1)! === 10 ? 5 : 6, { center });
    layer.build(shape.slice(1) as number[]);
    assertGradients(gradCheckLayer(layer, rng.tensor([...shape], -3, 3)), `shape [${shape.join(', ')}]`);
  }
});

test('a Dense + monotoneQuantiles head never gives crossing quantiles, whatever the weights and inputs', () => {
  // property: 50 seeded draws of weights (up to ±20) and inputs (up to ±100), Q from 2 to 9, every center
  const rng = new Rng(11);
  let groups = 0;
  for (let draw = 0; draw < 50; draw++) {
    const Q = 2 + Math.floor(rng.random() * 8);
    const H = 1 + Math.floor(rng.random() * 4);
    const center = Math.floor(rng.random() * Q);
    const model = sequential(
      [layers.dense(8, { activation: 'tanh', inputShape: [6] }), layers.dense(H * Q), layers.monotoneQuantiles(Q, { center })],
      {
        seed: draw,
      },
    );
    const scale = 10 ** (rng.random() * 2.6 - 1.3); // 0.05 .. 20
    rng.fill(model.params.values, -scale, scale);
    const x = rng.tensor([16, 6], -100, 100);
    const y = model.predict(x).data;
    for (let o = 0; o < y.length; o += Q, groups++) {
      for (let j = 1; j < Q; j++) assert.ok(y[o + j] >= y[o + j - 1], `draw ${draw}: group at ${o}: ${Array.from(y.subarray(o, o + Q))}`);
    }
  }
  assert.ok(groups > 1000, `${groups} groups checked`);
});
