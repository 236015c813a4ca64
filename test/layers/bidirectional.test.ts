import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { bidirectional, type MergeMode } from '../../src/layers/bidirectional.js';
import type { Recurrent } from '../../src/layers/recurrent.js';
import { reverseTime } from '../../src/layers/recurrent.js';
import { simpleRNN } from '../../src/layers/simple-rnn.js';
import { lstm } from '../../src/layers/lstm.js';
import { gru } from '../../src/layers/gru.js';
import { dense } from '../../src/layers/dense.js';
import { sequential } from '../../src/model/sequential.js';
import { Rng, randomizeParams, gradCheckLayer, assertGradients } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGolden, toTf, fromTf, assertClose } from '../helpers/tfjs.js';

const MODES: MergeMode[] = ['concat', 'sum', 'ave', 'mul'];

/** Recurrent factories under test. */
type Factory = (units: number, options: { returnSequences?: boolean; goBackwards?: boolean }) => Recurrent;
const CELLS: { name: string; make: Factory }[] = [
  { name: 'simpleRNN', make: (u, o) => simpleRNN(u, o) },
  { name: 'lstm', make: (u, o) => lstm(u, o) },
  { name: 'gru', make: (u, o) => gru(u, o) },
];
/** GRU with resetAfter false, the variant tfjs implements. */
const gruNoResetAfter: Factory = (u, o) => gru(u, { ...o, resetAfter: false });

/** Uniform ±0.5 weights, recurrent kernels ±1.2/√H so that the state neither dies nor explodes. */
function randomize(layer: { params: { name: string; value: Float32Array; grad: Float32Array }[] }, units: number, seed: number): void {
  const rng = new Rng(seed);
  randomizeParams(layer as never, rng);
  for (const p of layer.params) if (p.name === 'recurrent_kernel') rng.fill(p.value, -1.2 / Math.sqrt(units), 1.2 / Math.sqrt(units));
}

function built(make: Factory, units: number, F: number, returnSequences: boolean, mergeMode: MergeMode, seed = 1) {
  const layer = bidirectional(make(units, { returnSequences }), { mergeMode });
  layer.build([null, F]);
  randomize(layer, units, seed);
  return layer;
}

test('bidirectional(layer) builds a forward and a backward copy, parameters forward first, and Keras output shapes', () => {
  const inner = lstm(4, { returnSequences: true, name: 'enc' });
  const bi = bidirectional(inner);
  assert.equal(bi.className, 'Bidirectional');
  assert.equal(bi.mergeMode, 'concat');
  assert.deepEqual(bi.build([20, 3]), [20, 8]);
  assert.equal(bi.forwardLayer.name, 'forward_enc');
  assert.equal(bi.backwardLayer.name, 'backward_enc');
  assert.equal(bi.forwardLayer.goBackwards, false);
  assert.equal(bi.backwardLayer.goBackwards, true);
  assert.notEqual(bi.forwardLayer, inner);
  assert.deepEqual(
    bi.params.map((p) => p.shape),
    [[3, 16], [4, 16], [16], [3, 16], [4, 16], [16]],
  );
  assert.deepEqual(bi.params, [...bi.forwardLayer.params, ...bi.backwardLayer.params]);
  assert.equal(bi.countParams(), 2 * (3 * 16 + 4 * 16 + 16));
  for (const mergeMode of ['sum', 'ave', 'mul'] as const) {
    assert.deepEqual(bidirectional(simpleRNN(5, { returnSequences: true }), { mergeMode }).build([null, 1]), [null, 5]);
    assert.deepEqual(bidirectional(simpleRNN(5), { mergeMode }).build([null, 1]), [5]);
  }
  assert.deepEqual(bidirectional(simpleRNN(5)).build([null, 1]), [10]);
  // a layer that already goes backwards: the copies are flipped
  const rev = bidirectional(simpleRNN(2, { goBackwards: true }));
  assert.equal(rev.forwardLayer.goBackwards, true);
  assert.equal(rev.backwardLayer.goBackwards, false);
  const cfg = bidirectional(simpleRNN(3, { name: 'r' }), { mergeMode: 'sum', inputShape: [null, 1], name: 'bi' }).config();
  assert.deepEqual(cfg, {
    name: 'bi',
    mergeMode: 'sum',
    layer: { className: 'SimpleRNN', config: simpleRNN(3, { name: 'r' }).config() },
    inputShape: [null, 1],
  });
  // the wrapped layer's inputShape is the wrapper's, so that it can open a sequential model
  assert.deepEqual(bidirectional(simpleRNN(3, { inputShape: [null, 2] })).inputShape, [null, 2]);
});

test('bidirectional(layer) throws on a layer that is not recurrent, returnState, an unknown mergeMode, misuse', () => {
  assert.throws(
    () => bidirectional(dense(3) as unknown as Recurrent),
    /Bidirectional wraps a recurrent layer \(simpleRNN, lstm, gru\), got a Dense layer/,
  );
  assert.throws(() => bidirectional(undefined as unknown as Recurrent), /wraps a recurrent layer/);
  assert.throws(() => bidirectional(lstm(3, { returnState: true })), /does not support returnState/);
  assert.throws(
    () => bidirectional(lstm(3), { mergeMode: 'max' as MergeMode }),
    /mergeMode must be one of concat, sum, ave, mul, got 'max'/,
  );
  const bi = bidirectional(simpleRNN(2));
  assert.throws(() => bi.forward(new Tensor(new Float32Array(6), [2, 3, 1]), false), /used before build/);
  bi.build([null, 1]);
  assert.throws(() => bi.build([null, 1]), /already built/);
  assert.throws(() => bi.forward(new Tensor(new Float32Array(6), [2, 3]), false), /expects \(batch, time, features\).*expandDims/);
  assert.throws(() => bi.backward(new Tensor(new Float32Array(8), [2, 4])), /needs a forward\(x, true\)/);
  bi.forward(new Tensor(new Float32Array(6), [2, 3, 1]), true);
  assert.throws(
    () => bi.backward(new Tensor(new Float32Array(6), [2, 3])),
    /backward got a gradient of shape \[2, 3\] for an output of 8 values/,
  );
});

test('bidirectional(layer) output: forward copy first, then the backward copy aligned on input time', () => {
  const rng = new Rng(5);
  const bi = built(CELLS[0].make, 3, 2, true, 'concat', 6);
  const x = rng.tensor([2, 5, 2]);
  const y = bi.forward(x, false);
  const f = bi.forwardLayer.forward(x, false);
  const b = bi.backwardLayer.forward(x, false); // processing order: step s is input step T−1−s
  const aligned = reverseTime(b.data, new Float32Array(b.size), 2, 5, 3);
  for (let r = 0; r < 10; r++) {
    assert.deepEqual(Array.from(y.data.subarray(r * 6, r * 6 + 3)), Array.from(f.data.subarray(r * 3, r * 3 + 3)));
    assert.deepEqual(Array.from(y.data.subarray(r * 6 + 3, r * 6 + 6)), Array.from(aligned.subarray(r * 3, r * 3 + 3)));
  }
  // without returnSequences: the final outputs, the backward copy's after it has read x[0]
  const last = built(CELLS[0].make, 3, 2, false, 'sum', 6);
  const yl = last.forward(x, false);
  const fl = last.forwardLayer.forward(x, false).data;
  const bl = last.backwardLayer.forward(x, false).data;
  assert.deepEqual(
    Array.from(yl.data),
    Array.from(fl, (v, i) => Math.fround(v + bl[i])),
  );
  for (let r = 0; r < 2; r++) {
    // the backward copy's final output is its processing step T−1, i.e. aligned[b, 0]
    assert.deepEqual(Array.from(bl.subarray(r * 3, r * 3 + 3)), Array.from(aligned.subarray(r * 15, r * 15 + 3)));
  }
});

for (const cell of CELLS) {
  for (const returnSequences of [false, true]) {
    for (const mergeMode of MODES) {
      test(`bidirectional(${cell.name}(3, { returnSequences: ${returnSequences} }), { mergeMode: '${mergeMode}' }): gradients match finite differences`, () => {
        const layer = built(cell.make, 3, 2, returnSequences, mergeMode, 10 + MODES.indexOf(mergeMode));
        const x = new Rng(20 + MODES.indexOf(mergeMode)).tensor([3, 5, 2]);
        assertGradients(gradCheckLayer(layer, x, { maxPerTensor: 30 }), layer.name);
      });
    }
  }
}

test('bidirectional(simpleRNN(3, { goBackwards: true })) and T = 1: gradients match finite differences', () => {
  const a = bidirectional(simpleRNN(3, { goBackwards: true, returnSequences: true }), { mergeMode: 'mul' });
  a.build([null, 2]);
  randomize(a, 3, 31);
  assertGradients(gradCheckLayer(a, new Rng(32).tensor([2, 6, 2])), 'goBackwards');
  const b = built(CELLS[1].make, 3, 2, true, 'concat', 33);
  assertGradients(gradCheckLayer(b, new Rng(34).tensor([2, 1, 2])), 'T = 1');
});

test('bidirectional(layer) in a sequential model: its parameters live in the flat buffer, and backward adds', () => {
  const model = sequential(
    [
      bidirectional(lstm(4, { returnSequences: true }), { inputShape: [null, 1] }),
      bidirectional(simpleRNN(3), { mergeMode: 'ave' }),
      dense(1),
    ],
    { seed: 3 },
  );
  const [bi] = model.layers as [ReturnType<typeof bidirectional>];
  const store = model.params;
  assert.equal(store.values.length, 2 * (16 + 64 + 16) + 2 * (8 * 3 + 9 + 3) + 3 + 1);
  assert.equal(bi.forwardLayer.params[0].value.buffer, store.values.buffer, 'forward copy not viewing the flat buffer');
  assert.equal(bi.backwardLayer.params[2].grad.buffer, store.grads.buffer, 'backward copy not viewing the flat grads');
  // LSTM forget-gate bias starts at 1 in both copies (their own initializers ran)
  assert.equal(bi.backwardLayer.params[2].value[4], 1);
  const x = new Rng(41).tensor([2, 6, 1]);
  const dy = new Rng(42).tensor([2, 1]);
  store.zeroGrad();
  model.forward(x, true);
  model.backward(dy);
  const once = Array.from(store.grads);
  assert.ok(once.some((g) => g !== 0));
  model.forward(x, true);
  model.backward(dy);
  store.grads.forEach((g, i) => assert.ok(Math.abs(g - 2 * once[i]) <= 1e-5 * (1 + Math.abs(g)), `grad[${i}]`));
});

// Golden: tf.layers.bidirectional({ layer, mergeMode }) around tf.layers.simpleRNN / lstm (with
// recurrentActivation 'sigmoid', tfjs defaults to hardSigmoid), built on the same input, given our
// weights with setWeights (forward copy's then backward copy's, Keras layout; checked below);
// tf.variableGrads of sum(y * R) gives dL/dx and dL/dw for the same R our backward receives.
function tfInner(cell: string, units: number, returnSequences: boolean, goBackwards = false): tf.RNN {
  if (cell === 'lstm') return tf.layers.lstm({ units, returnSequences, goBackwards, recurrentActivation: 'sigmoid' });
  return tf.layers.simpleRNN({ units, returnSequences, goBackwards });
}

test("tf.layers.bidirectional's weights are the forward layer's then the backward layer's", async () => {
  await loadTf();
  const ours = built(CELLS[1].make, 3, 2, true, 'concat', 51);
  const x = new Rng(52).tensor([2, 4, 2]);
  tf.tidy(() => {
    const l = tf.layers.bidirectional({ layer: tfInner('lstm', 3, true), mergeMode: 'concat' });
    l.apply(toTf(x));
    l.setWeights(ours.params.map((p) => toTf(new Tensor(p.value, p.shape))));
    const names = l.trainableWeights.map((w) => w.originalName);
    assert.ok(names.slice(0, 3).every((n) => n.includes('forward')) && names.slice(3).every((n) => n.includes('backward')), names.join());
    const inner = l as unknown as { forwardLayer: tf.layers.Layer; backwardLayer: tf.layers.Layer };
    const fw = inner.forwardLayer.getWeights().map(fromTf);
    const bw = inner.backwardLayer.getWeights().map(fromTf);
    [...fw, ...bw].forEach((w, i) => assertClose(w, new Tensor(ours.params[i].value, ours.params[i].shape), `weight ${i}`, 0, 0));
    l.getWeights()
      .map(fromTf)
      .forEach((w, i) => assertClose(w, new Tensor(ours.params[i].value, ours.params[i].shape), `getWeights()[${i}]`, 0, 0));
    l.dispose();
  });
});

const GOLDEN: { cell: string; units: number; x: number[]; goBackwards?: boolean }[] = [
  { cell: 'simpleRNN', units: 4, x: [3, 6, 2] },
  { cell: 'lstm', units: 4, x: [3, 6, 2] },
];
for (const c of GOLDEN) {
  for (const returnSequences of [false, true]) {
    for (const mergeMode of MODES) {
      test(`bidirectional(${c.cell}(${c.units}, { returnSequences: ${returnSequences} }), { mergeMode: '${mergeMode}' }) matches tf.layers.bidirectional`, async () => {
        await loadTf();
        const rng = new Rng(61 + MODES.indexOf(mergeMode));
        const make = CELLS.find((k) => k.name === c.cell)!.make;
        const layer = built(make, c.units, c.x[2], returnSequences, mergeMode, 62);
        const x = rng.tensor(c.x);
        const y = layer.forward(x, true);
        const R = rng.tensor(y.shape);
        const dx = layer.backward(R);
        const tfLayer = tf.layers.bidirectional({ layer: tfInner(c.cell, c.units, returnSequences), mergeMode });
        const golden = tfLayerGolden(
          tfLayer,
          layer.params.map((p) => new Tensor(p.value, p.shape)),
          x,
          R,
        );
        assertClose(y, golden.y, 'y');
        assertClose(dx, golden.dx!, 'dx');
        assert.equal(golden.dWeights.length, layer.params.length);
        layer.params.forEach((p, k) =>
          assertClose(
            new Tensor(p.grad, p.shape),
            golden.dWeights[k],
            `d${p.name} (${k < layer.params.length / 2 ? 'forward' : 'backward'})`,
          ),
        );
      });
    }
  }
}

for (const [cell, returnSequences] of [
  ['simpleRNN', true],
  ['lstm', false],
] as const) {
  test(`bidirectional(${cell}(3, { goBackwards: true, returnSequences: ${returnSequences} })) matches tf.layers.bidirectional`, async () => {
    await loadTf();
    const rng = new Rng(71);
    const make = CELLS.find((k) => k.name === cell)!.make;
    const layer = bidirectional(make(3, { returnSequences, goBackwards: true }), { mergeMode: 'concat' });
    layer.build([null, 2]);
    randomize(layer, 3, 72);
    const x = rng.tensor([2, 5, 2]);
    const y = layer.forward(x, true);
    const R = rng.tensor(y.shape);
    const dx = layer.backward(R);
    const golden = tfLayerGolden(
      tf.layers.bidirectional({ layer: tfInner(cell, 3, returnSequences, true) }),
      layer.params.map((p) => new Tensor(p.value, p.shape)),
      x,
      R,
    );
    assertClose(y, golden.y, 'y');
    assertClose(dx, golden.dx!, 'dx');
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}

// tfjs 4.22's GRU only implements resetAfter false ("GRUCell does not support reset_after parameter
// set to true"), so the GRU golden uses that variant
for (const [returnSequences, mergeMode] of [
  [true, 'concat'],
  [false, 'mul'],
] as const) {
  test(`bidirectional(gru(3, { resetAfter: false, returnSequences: ${returnSequences} }), { mergeMode: '${mergeMode}' }) matches tf.layers.bidirectional`, async () => {
    await loadTf();
    const rng = new Rng(81);
    const layer = built(gruNoResetAfter, 3, 2, returnSequences, mergeMode, 82);
    const x = rng.tensor([3, 5, 2]);
    const y = layer.forward(x, true);
    const R = rng.tensor(y.shape);
    const dx = layer.backward(R);
    const tfGru = tf.layers.gru({ units: 3, returnSequences, recurrentActivation: 'sigmoid' });
    const golden = tfLayerGolden(
      tf.layers.bidirectional({ layer: tfGru, mergeMode }),
      layer.params.map((p) => new Tensor(p.value, p.shape)),
      x,
      R,
    );
    assertClose(y, golden.y, 'y');
    assertClose(dx, golden.dx!, 'dx');
    layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
  });
}
