import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/engine/tensor.js';
import { gru, type GRUOptions } from '../../src/layers/gru.js';
import { Rng, gradCheckLayer, gradCheckLayerWithState, assertGradients } from '../helpers/gradcheck.js';
import { tf, loadTf, tfLayerGoldenMulti, assertClose, toTf, fromTf, type GoldenMulti } from '../helpers/tfjs.js';
import { built, tfRecurrentArgs, weightsOf } from '../helpers/recurrent.js';

test('gru(units) builds Keras params (gate order z, r, h) for resetAfter true and false', () => {
  const a = gru(4);
  assert.deepEqual(a.build([null, 3]), [4]);
  assert.deepEqual(
    a.params.map((p) => [p.name, p.shape, p.init]),
    [
      ['kernel', [3, 12], 'glorotUniform'],
      ['recurrent_kernel', [4, 12], 'orthogonal'],
      ['bias', [2, 12], 'zeros'],
    ],
  );
  assert.equal(a.className, 'GRU');
  assert.equal(a.countParams(), 3 * 4 * (3 + 4 + 2));
  assert.deepEqual(a.config(), {
    name: a.name,
    units: 4,
    returnSequences: false,
    inputShape: undefined,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    useBias: true,
    resetAfter: true,
  });
  const b = gru(2, { resetAfter: false, returnSequences: true });
  assert.deepEqual(b.build([20, 1]), [20, 2]);
  assert.deepEqual(
    b.params.map((p) => p.shape),
    [[1, 6], [2, 6], [6]],
  );
  const c = gru(2, { useBias: false });
  c.build([null, 1]);
  assert.deepEqual(
    c.params.map((p) => p.name),
    ['kernel', 'recurrent_kernel'],
  );
  assert.throws(() => gru(-1), /units must be a positive integer/);
  assert.throws(() => gru(2).build([null, null]), /GRU.*\[null, null\]/);
});

test('gru(units) computes the Keras cell step by step (H = 1, by hand), resetAfter true and false', () => {
  const sig = (v: number) => 1 / (1 + Math.exp(-v));
  const xs = [1, -2, 0.5];
  for (const resetAfter of [true, false]) {
    const layer = gru(1, { returnSequences: true, resetAfter });
    layer.build([null, 1]);
    const [W, U, bias] = layer.params;
    W.value.set([0.5, -0.3, 0.8]); // z, r, h
    U.value.set([0.4, -0.6, 0.7]);
    bias.value.set(resetAfter ? [0.05, 0.1, -0.1, 0.2, -0.3, 0.15] : [0.05, 0.1, -0.1]);
    const bi = bias.value.subarray(0, 3);
    const bh = resetAfter ? bias.value.subarray(3, 6) : new Float32Array(3);
    const y = layer.forward(new Tensor(Float32Array.from(xs), [1, 3, 1]), false);
    let h = 0;
    xs.forEach((x, t) => {
      const z = sig(x * W.value[0] + bi[0] + h * U.value[0] + bh[0]);
      const r = sig(x * W.value[1] + bi[1] + h * U.value[1] + bh[1]);
      const hh = Math.tanh(x * W.value[2] + bi[2] + (resetAfter ? r * (h * U.value[2] + bh[2]) : r * h * U.value[2]));
      h = z * h + (1 - z) * hh;
      assert.ok(Math.abs(y.data[t] - h) < 1e-6, `resetAfter ${resetAfter}: h[${t}] = ${y.data[t]}, expected ${h}`);
    });
  }
});

const CASES: { T: number; F: number; options: GRUOptions }[] = [];
for (const resetAfter of [true, false]) {
  for (const returnSequences of [false, true])
    for (const T of [1, 6]) for (const F of [1, 3]) CASES.push({ T, F, options: { resetAfter, returnSequences } });
  CASES.push(
    { T: 6, F: 3, options: { resetAfter, goBackwards: true } },
    { T: 5, F: 2, options: { resetAfter, goBackwards: true, returnSequences: true } },
  );
  CASES.push({
    T: 6,
    F: 2,
    options: { resetAfter, useBias: false, activation: 'linear', recurrentActivation: 'tanh', returnSequences: true },
  });
}

for (const c of CASES) {
  test(`gru(4, ${JSON.stringify(c.options)}) on T=${c.T}, F=${c.F}: gradients match finite differences`, () => {
    const layer = built(gru(4, c.options), [null, c.F], 100 + c.T * 10 + c.F);
    const x = new Rng(c.T * 10 + c.F).tensor([3, c.T, c.F]);
    assertGradients(gradCheckLayer(layer, x), layer.name);
  });
}

for (const resetAfter of [true, false]) {
  for (const use of [
    [true, true],
    [false, true],
  ]) {
    test(`gru(4, returnState, resetAfter ${resetAfter}, goBackwards sequences): gradients flow in through [output, h] = ${use}`, () => {
      const layer = built(gru(4, { resetAfter, returnState: true, returnSequences: true, goBackwards: true }), [null, 3], 7);
      const x = new Rng(8).tensor([3, 6, 3]);
      assertGradients(gradCheckLayerWithState(layer, x, { use }), layer.name);
    });
  }
}

test('gru(units) takes batches of any length and size, reusing its buffers', () => {
  const rng = new Rng(31);
  for (const resetAfter of [true, false]) {
    const layer = built(gru(5, { resetAfter, returnSequences: true }), [null, 2], 32);
    const run = (x: Tensor) => {
      for (const p of layer.params) p.grad.fill(0);
      const y = layer.forward(x, true);
      const dx = layer.backward(y);
      return { y: Array.from(y.data), dx: Array.from(dx.data), grads: layer.params.map((p) => Array.from(p.grad)) };
    };
    const a = rng.tensor([3, 6, 2]);
    const first = run(a);
    assert.equal(run(rng.tensor([2, 4, 2])).dx.length, 2 * 4 * 2);
    assert.deepEqual(run(a), first, 'reused buffers kept stale values');
  }
});

interface Case {
  name: string;
  units: number;
  x: number[];
  options: GRUOptions;
}

/**
 * The reference for resetAfter: tfjs 4.22's GRUCell throws on `resetAfter: true` ("GRUCell does
 * not support reset_after parameter set to true"), so this builds Keras's GRU equations from tf ops
 * (tf.matMul, tf.sigmoid, tf.tanh, ...) over the time loop and takes its gradients with
 * tf.variableGrads. With `resetAfter: false` it is checked against tf.layers.gru itself below, which
 * vouches for the loop, goBackwards, returnSequences and returnState handling it shares.
 */
function gruFromTfOps(c: Case, weights: Tensor[], x: Tensor, Rs: Tensor[]): GoldenMulti {
  const [B, T, F] = x.shape;
  const H = c.units;
  const G = 3 * H;
  const after = c.options.resetAfter ?? true;
  const o = tfRecurrentArgs(c.options);
  let golden: GoldenMulti | null = null;
  tf.tidy(() => {
    const vars = [x, ...weights].map((t) => tf.variable(toTf(t)));
    const [xv, W, U, bias] = vars;
    const rs = Rs.map(toTf);
    const run = (): tf.Tensor[] => {
      let h: tf.Tensor = tf.zeros([B, H]);
      const outs: tf.Tensor[] = [];
      const bi = bias ? (after ? bias.slice([0, 0], [1, G]).reshape([G]) : bias) : null;
      const bh = bias && after ? bias.slice([1, 0], [1, G]).reshape([G]) : null;
      for (let s = 0; s < T; s++) {
        const t = o.goBackwards ? T - 1 - s : s;
        const xt = xv.slice([0, t, 0], [B, 1, F]).reshape([B, F]);
        let mx = tf.matMul(xt, W);
        if (bi) mx = tf.add(mx, bi);
        const [xz, xr, xh] = tf.split(mx, 3, 1);
        let hh: tf.Tensor;
        let z: tf.Tensor;
        if (after) {
          let mi = tf.matMul(h, U);
          if (bh) mi = tf.add(mi, bh);
          const [rz, rr, rh] = tf.split(mi, 3, 1);
          z = tf.sigmoid(tf.add(xz, rz));
          const r = tf.sigmoid(tf.add(xr, rr));
          hh = tf.tanh(tf.add(xh, tf.mul(r, rh)));
        } else {
          const [rz, rr] = tf.split(tf.matMul(h, U.slice([0, 0], [H, 2 * H])), 2, 1);
          z = tf.sigmoid(tf.add(xz, rz));
          const r = tf.sigmoid(tf.add(xr, rr));
          hh = tf.tanh(tf.add(xh, tf.matMul(tf.mul(r, h), U.slice([0, 2 * H], [H, H]))));
        }
        h = tf.add(tf.mul(z, h), tf.mul(tf.sub(1, z), hh));
        outs.push(h);
      }
      const y = o.returnSequences ? tf.stack(outs, 1) : h;
      return o.returnState ? [y, h] : [y];
    };
    const { grads } = tf.variableGrads(() => tf.addN(run().map((y, k) => tf.sum(tf.mul(y, rs[k])))) as tf.Scalar, vars);
    golden = { ys: run().map(fromTf), dx: fromTf(grads[xv.name]), dWeights: vars.slice(1).map((v) => fromTf(grads[v.name])) };
    vars.forEach((v) => v.dispose());
  });
  return golden!;
}

// Golden: resetAfter false against tf.layers.gru (recurrentActivation 'sigmoid' set explicitly),
// given our kernel (F, 3H), recurrent_kernel (H, 3H) and bias (3H) with setWeights; resetAfter true
// (the default) against the tf-ops reference above. Same R for both sides' backward.
const GOLDEN: Case[] = [
  { name: 'sequence-to-vector, F=1', units: 5, x: [4, 7, 1], options: {} },
  { name: 'sequence-to-sequence, F=3', units: 5, x: [4, 7, 3], options: { returnSequences: true } },
  { name: 'T=1, F=2', units: 3, x: [2, 1, 2], options: {} },
  { name: 'goBackwards', units: 4, x: [3, 6, 3], options: { goBackwards: true } },
  {
    name: 'goBackwards sequences, returnState',
    units: 4,
    x: [3, 6, 2],
    options: { goBackwards: true, returnSequences: true, returnState: true },
  },
  { name: 'returnState', units: 4, x: [3, 5, 2], options: { returnState: true } },
  { name: 'no bias, sequences', units: 3, x: [2, 5, 4], options: { useBias: false, returnSequences: true } },
  { name: 'the course size (H=32, T=20)', units: 32, x: [8, 20, 1], options: {} },
];

function runOurs(c: Case, resetAfter: boolean) {
  const rng = new Rng(61);
  const layer = built(gru(c.units, { ...c.options, resetAfter }), [null, c.x[2]], 62);
  const x = rng.tensor(c.x);
  const ys = layer.forwardWithState(x, true);
  const outputs = c.options.returnState ? ys : ys.slice(0, 1);
  const Rs = outputs.map((y) => rng.tensor(y.shape));
  const dx = layer.backwardWithState(Rs[0], Rs.slice(1));
  return { layer, x, outputs, Rs, dx };
}

function assertMatches(ours: ReturnType<typeof runOurs>, golden: GoldenMulti): void {
  assert.equal(golden.ys.length, ours.outputs.length);
  ours.outputs.forEach((y, k) => assertClose(y, golden.ys[k], ['y', 'h'][k]));
  if (golden.dx) assertClose(ours.dx, golden.dx, 'dx');
  assert.equal(golden.dWeights.length, ours.layer.params.length);
  ours.layer.params.forEach((p, k) => assertClose(new Tensor(p.grad, p.shape), golden.dWeights[k], `d${p.name}`));
}

for (const c of GOLDEN) {
  test(`gru(${c.units}, resetAfter false) ${c.name} matches tf.layers.gru: outputs, state and gradients`, async () => {
    await loadTf();
    const ours = runOurs(c, false);
    const tfLayer = tf.layers.gru({
      units: c.units,
      ...tfRecurrentArgs(c.options),
      recurrentActivation: 'sigmoid',
      useBias: c.options.useBias ?? true,
    });
    // tfjs cannot give dL/dx of an RNN over one timestep (see tfLayerGolden); the ops reference can
    const golden = tfLayerGoldenMulti(tfLayer, weightsOf(ours.layer), ours.x, ours.Rs, c.x[1] > 1);
    assertMatches(ours, golden);
    if (c.x[1] === 1)
      assertClose(
        ours.dx,
        gruFromTfOps({ ...c, options: { ...c.options, resetAfter: false } }, weightsOf(ours.layer), ours.x, ours.Rs).dx!,
        'dx',
      );
  });

  test(`gru(${c.units}, resetAfter false) ${c.name}: the tf-ops reference agrees with tf.layers.gru`, async () => {
    await loadTf();
    const ours = runOurs(c, false);
    const viaOps = gruFromTfOps({ ...c, options: { ...c.options, resetAfter: false } }, weightsOf(ours.layer), ours.x, ours.Rs);
    const tfLayer = tf.layers.gru({
      units: c.units,
      ...tfRecurrentArgs(c.options),
      recurrentActivation: 'sigmoid',
      useBias: c.options.useBias ?? true,
    });
    const viaLayer = tfLayerGoldenMulti(tfLayer, weightsOf(ours.layer), ours.x, ours.Rs, c.x[1] > 1);
    viaLayer.ys.forEach((y, k) => assertClose(viaOps.ys[k], y, `ops y${k}`));
    viaLayer.dWeights.forEach((d, k) => assertClose(viaOps.dWeights[k], d, `ops dw${k}`));
    if (viaLayer.dx) assertClose(viaOps.dx!, viaLayer.dx, 'ops dx');
  });

  test(`gru(${c.units}) (resetAfter true) ${c.name} matches the Keras equations in tf ops: outputs, state and gradients`, async () => {
    await loadTf();
    const ours = runOurs(c, true);
    assertMatches(ours, gruFromTfOps({ ...c, options: { ...c.options, resetAfter: true } }, weightsOf(ours.layer), ours.x, ours.Rs));
  });
}

test('tf.layers.gru in tfjs 4.22 refuses resetAfter: true (why the tf-ops reference exists)', async () => {
  await loadTf();
  assert.throws(
    () => tf.layers.gru({ units: 2, resetAfter: true } as Parameters<typeof tf.layers.gru>[0]).apply(tf.zeros([1, 2, 1])),
    /reset_after/,
  );
});
